"""The timeline page body: earliest realistic Match, the chart, the same data as a table, the why."""

from __future__ import annotations

import logging

import streamlit as st

from wizard.outputs.timeline import fmt
from wizard.ui import cost_view, results
from wizard.ui.render import escape_md, source_line

log = logging.getLogger(__name__)

TABLE_COLUMNS = ["phase", "start", "typical end", "optimistic", "conservative", "estimate?"]


def show(res: results.Results) -> None:
    try:
        timeline = results.timeline(res)
    except Exception:
        log.warning("timeline could not be built", exc_info=True)
        st.error(
            "The timeline could not be worked out for these answers. Your plan is unaffected.",
            icon=":material/warning:",
        )
        return
    if timeline is None:
        return

    with st.container(border=True):
        if timeline.earliest_match_year:
            lane = timeline.lane("typical")
            st.markdown(f"**Earliest realistic Match: {timeline.earliest_match_year}**")
            if lane.residency_start:
                st.markdown(f"Residency would start around **{fmt(lane.residency_start)}**.")
            if lane.projected:
                st.caption("That year's Match calendar is not published yet: its dates are projected.")
        else:
            st.markdown("**No Match year can be worked out yet**")
        st.markdown(escape_md(timeline.decided_by))
        st.caption(escape_md(timeline.lane_summary()))

    cost_view.band(res)

    if not timeline.phases:
        for note in timeline.notes:
            st.info(escape_md(note))
        return

    from wizard.outputs.chart import timeline_spec

    st.vega_lite_chart(spec=timeline_spec(timeline, today=res.on), width="stretch")

    import pandas as pd

    rows = timeline.to_rows(as_text=True)
    table = pd.DataFrame(rows)[TABLE_COLUMNS]
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("Typical end is the likely date; optimistic and conservative give the range.")

    with st.expander("How these dates were worked out"):
        st.markdown(escape_md(timeline.rule))
        if timeline.assumptions:
            st.markdown("**Assumptions made because an answer is missing**")
            st.markdown("\n".join(f"- {escape_md(a)}" for a in timeline.assumptions))
        if timeline.notes:
            st.markdown("**Notes**")
            st.markdown("\n".join(f"- {escape_md(n)}" for n in timeline.notes))
        sources = {str(s.url): s for p in timeline.phases for s in p.sources}
        sources.update({str(s.url): s for s in timeline.rule_sources})
        if sources:
            st.markdown("**Sources**")
            st.markdown("\n".join(f"- {source_line(s)}" for s in sources.values()))
