"""Drawing the dated plan: the at-a-glance block, the actions by when, and the calendar download.

The words come from `wizard.outputs.glance` and `wizard.outputs.actions`, the same as the CLI
text and the PDF; this module only lays them out. Long texts, why and sources sit behind
expanders so the block and the list fit a phone screen.
"""

from __future__ import annotations

import streamlit as st

from wizard.outputs.actions import DatedAction, Group
from wizard.outputs.calendar_file import calendar_ics
from wizard.ui import results
from wizard.ui.render import escape_md, source_line

CALENDAR_LABEL = "Add the dates to my calendar (.ics)"


def glance(dated: results.Dated) -> None:
    g = dated.glance
    with st.container(border=True, key="at-a-glance"):
        st.markdown(f"**{escape_md(g.headline)}**\n\n{escape_md(g.between_sentence)}")
        if g.urgent:
            st.markdown(
                "**Most urgent**\n\n" + "\n".join(f"{n}. {escape_md(a.sentence)}" for n, a in enumerate(g.urgent, 1))
            )


def _action(a: DatedAction) -> None:
    with st.container(border=True, key=f"action-{a.id}"):
        st.markdown(f"**{escape_md(a.title)}**  \n{escape_md(a.sentence.split(': ', 1)[1])}")
        with st.expander("Why, slack and sources"):
            parts = []
            if a.blocks_match and a.latest is not None:
                parts.append(f"**If it slips past {a.latest.day} {a.latest:%b %Y}:** {escape_md(a.if_it_slips)}")
            parts += [escape_md(w) for w in a.why]
            if a.plan_items:
                parts.append("**In your plan:** " + "; ".join(escape_md(i.title) for i in a.plan_items))
            if a.sources:
                parts.append("**Sources**\n\n" + "\n".join(f"- {source_line(s)}" for s in a.sources))
            st.markdown("\n\n".join(parts))


def action_list(dated: results.Dated, res: results.Results) -> None:
    actions = dated.actions
    st.subheader("What to do, by when", anchor=False)
    if not actions.dated:
        st.caption("Your answers give the timeline nothing to date yet. Answering more questions may add some.")
    for group in Group:
        chosen = actions.group(group)
        if not chosen:
            continue
        st.markdown(f"**{group.value}**")
        for a in chosen:
            _action(a)
    if actions.undated:
        st.caption(
            "Also to do (the timeline gives these no date): " + "; ".join(escape_md(i.title) for i in actions.undated)
        )
    calendar_download(dated, res)


def calendar_download(dated: results.Dated, res: results.Results, key: str = "download-ics") -> None:
    if not dated.actions.dated:
        return
    st.download_button(
        CALENDAR_LABEL,
        data=calendar_ics(dated.actions, dated.timeline, res.book),
        file_name=f"img-pathway-dates-{res.on.isoformat()}.ics",
        mime="text/calendar",
        on_click="ignore",
        icon=":material/calendar_month:",
        key=key,
    )
    st.caption("Open the file with your calendar app (Google Calendar: Settings › Import). Every event is all-day.")
