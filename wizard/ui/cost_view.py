"""The cost section of the plan page and the cost band of the timeline page.

Shows `wizard.outputs.costs`: the total still to pay (a range where a choice decides it), a small
chart by year, each fee with why it applies and its source, the fees nobody has published, and
what is not included. Works it out nowhere itself.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from wizard.outputs.costs import PHASES, CostEstimate, CostLine, money, summary
from wizard.ui import results
from wizard.ui.render import escape_md, source_line


def _year(y: int | None) -> str:
    return str(y) if y is not None else "year not known"


def chart(estimate: CostEstimate) -> alt.LayerChart | None:
    """Fees by year: a bar to the low end, a lighter bar up to the high end where a choice decides it."""
    rows = [{"year": _year(y), "low": lo, "high": hi} for y, lo, hi in estimate.by_year()]
    if not rows:
        return None
    base = alt.Chart(pd.DataFrame(rows)).encode(
        y=alt.Y("year:N", title=None, sort=None),
        tooltip=[alt.Tooltip("year:N"), alt.Tooltip("low:Q", format="$,.0f"), alt.Tooltip("high:Q", format="$,.0f")],
    )
    high = base.mark_bar(color="#9ecae1").encode(
        x=alt.X("high:Q", title="US$ (fees only)", axis=alt.Axis(format="$,.0f"))
    )
    low = base.mark_bar(color="#3182bd").encode(x="low:Q")
    return alt.LayerChart(layer=[high, low]).properties(height=alt.Step(28), title="Fees still to pay, by year")


def _amount(line: CostLine) -> str:
    return line.amount_text or money(line.low, line.high)


def _line(line: CostLine) -> None:
    year = _year(line.year)
    head = f"**{escape_md(line.label)}** — {escape_md(_amount(line))} ({year})"
    if not line.in_total:
        head += " · not in your total"
    if line.stale:
        head += " · source over a year old"
    st.markdown(head)
    st.caption(escape_md(line.why))
    if line.unknown_reason:
        st.caption("Unknown: " + escape_md(line.unknown_reason))
    if line.note:
        st.caption(escape_md(line.note))
    for s in line.sources:
        st.caption(source_line(s))


def show(res: results.Results) -> None:
    """The plan page's cost section."""
    estimate = results.costs(res)
    if estimate is None:
        st.caption("The rule book has no fee table, so no cost estimate can be shown.")
        return
    st.markdown(f"**{escape_md(summary(estimate))}**")
    st.caption(
        "Official fees only, as published (each with its date); a range where your own choice decides "
        "it. Unknown fees are listed, never guessed."
    )
    figure = chart(estimate)
    if figure is not None:
        st.altair_chart(figure, width="stretch")
        if estimate.low != estimate.high:
            st.caption("Dark: the least you would pay that year; light: up to the most, where your choice decides it.")
    if estimate.programs is None:
        hint = f"{estimate.programs_hint} ({estimate.programs_hint_label})" if estimate.programs_hint else "unknown"
        st.caption(
            "How many programs you apply to is not answered, so ERAS is shown as a range. Typical number: "
            + escape_md(hint)
            + ". "
            + " ".join(source_line(s) for s in estimate.programs_hint_sources)
        )
    for key, name in PHASES.items():
        lines = [line for line in estimate.lines if line.phase == key]
        if lines:
            st.markdown(f"##### {name}")
            for line in lines:
                _line(line)
    st.markdown("**Not included**")
    st.markdown("\n".join(f"- {escape_md(item)}" for item in estimate.not_included))


def band(res: results.Results) -> None:
    """The timeline page's one-line cost band, pointing at the plan page for the detail."""
    estimate = results.costs(res)
    if estimate is None:
        return
    years = ", ".join(f"{_year(y)}: {money(lo, hi)}" for y, lo, hi in estimate.by_year())
    st.info(
        escape_md(summary(estimate))
        + (f"  \nBy year: {escape_md(years)}." if years else "")
        + "  \nEach fee, why it applies and its source: the plan's “What it will cost” section.",
        icon=":material/payments:",
    )
