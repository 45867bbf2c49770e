"""The Compare states page body: chosen states side by side, a years-to-licence chart, per-state details.

Everything shown comes from the reviewed state files and the user's stored answers; none of it is
rendered as markdown without escaping. `show_assessment` is reusable by other pages (the plan page
can show the target state's pathway with it).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from wizard.domain.profile import Profile
from wizard.domain.state_pathways import (
    LAG_NOTE,
    NO_VISA,
    VERDICT_LABELS,
    Assessment,
    Check,
    RouteEstimate,
    Verdict,
    assess,
    best_for,
    route_estimates,
)
from wizard.domain.states import StateBook, oldest_as_of
from wizard.engine.implications import apply_implications
from wizard.engine.rulebook import RuleBook
from wizard.ui.render import escape_md, source_line

log = logging.getLogger(__name__)

SELECT_KEY = "compare:states"
ONLY_PATHWAYS_KEY = "compare:only_pathways"
BOARD_KEY = "compare:board_certification"
SORT_KEY = "compare:sort"
ROW_STEP = 22  # px per chart row: readable on a 390 px phone
ROUTE_COLOURS = {"Residency": "#1f6feb", "Pathway": "#8250df"}
UNKNOWN = "unknown"

CHECK_WORDS = {
    Check.met: "✅ met",
    Check.missing: "⏳ missing",
    Check.not_met: "⛔ not met",
    Check.unknown: "❔ unknown",
    Check.not_required: "— not required",
}
SORTS = ("State", "GME years (IMG)", "Residency route, years", "Pathway route, years", "Your fit")


def _txt(value: Any) -> str:
    """A cell as words: unknown stays "unknown", a "none" limit says so, booleans are yes/no."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("_", " ")


def default_selection(book: StateBook, assessments: list[Assessment], target: str | None) -> list[str]:
    """The target state, then every state with a full pathway that does not rule the person out."""
    picked: dict[str, None] = {}
    if target and target in book:
        picked[target] = None
    for a in assessments:
        if not a.limited and a.verdict is not Verdict.does_not_qualify:
            picked.setdefault(a.code, None)
    return list(picked)


def estimates(
    profile: Profile, book: RuleBook, codes: list[str], on: date, assessments: list[Assessment], board: bool
) -> list[RouteEstimate]:
    start, specialty_years = None, None
    try:
        from wizard.outputs.timeline import build_timeline

        timeline = build_timeline(profile, book, on=on)
        start = timeline.residency_start
        start = start() if callable(start) else start
        specialty_years = getattr(timeline, "specialty_years", None)
    except Exception:
        log.warning("timeline could not be built for the compare page", exc_info=True)
    return route_estimates(
        profile,
        book,
        codes,
        on=on,
        residency_start=start,
        specialty_years=specialty_years,
        board_certification=board,
        assessments=assessments,
    )


def table(book: StateBook, codes: list[str], assessments: list[Assessment], est: list[RouteEstimate]) -> pd.DataFrame:
    """One row per chosen state, every value as words ("unknown" for unknown)."""
    years = {(e.code, e.route): e.years for e in est}
    rows = []
    for code in codes:
        r = book.get(code)
        best = best_for(assessments, code)
        limited = [a for a in assessments if a.code == code and a.limited]
        shown = best or (limited[0] if limited else None)
        if best is not None:
            kind = "full"
        elif limited:
            kind = "limited"
        else:
            kind = "none" if r.alternative_pathway_law.value is False else UNKNOWN
        oldest = oldest_as_of(r)
        rows.append(
            {
                "State": f"{r.code} · {r.name}",
                "GME IMG": _txt(r.gme.img_years.value),
                "GME US": _txt(r.gme.us_years.value),
                "USMLE limit (yrs)": _txt(r.usmle.time_limit_years.value),
                "Attempts/Step": _txt(r.usmle.attempt_limit_per_step.value),
                "Step 3 attempts": _txt(r.usmle.step3_attempt_limit.value),
                "Pathway": kind,
                "Status": shown.status_label if shown else ("none" if kind == "none" else UNKNOWN),
                "Your fit": VERDICT_LABELS[best.verdict] if best else "—",
                "Residency yrs": _txt(years.get((code, "residency"))),
                "Pathway yrs": _txt(years.get((code, "pathway"))) if (code, "pathway") in years else "—",
                "Law": shown.law or UNKNOWN if shown else "—",
                "Conrad 30": _txt(r.conrad30.value),
                "Oldest source": oldest.isoformat() if oldest else UNKNOWN,
                "_code": code,
                "_gme": r.gme.img_years.value,
                "_res": years.get((code, "residency")),
                "_path": years.get((code, "pathway")),
                "_fit": {
                    Verdict.qualifies: 0,
                    Verdict.could_qualify: 1,
                    Verdict.unknown: 2,
                    Verdict.does_not_qualify: 3,
                }.get(best.verdict, 4)
                if best
                else 5,
            }
        )
    return pd.DataFrame(rows)


def sort_table(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sort with unknowns last, whatever the column."""
    if df.empty:
        return df
    key = {
        "State": "_code",
        "GME years (IMG)": "_gme",
        "Residency route, years": "_res",
        "Pathway route, years": "_path",
        "Your fit": "_fit",
    }[by]
    return df.sort_values(key, na_position="last", kind="stable")


def chart_rows(est: list[RouteEstimate]) -> list[dict[str, Any]]:
    rows = []
    for e in est:
        route = "Residency" if e.route == "residency" else "Pathway"
        rows.append(
            {
                "row": f"{e.code} {'res' if e.route == 'residency' else 'path'}",
                "state": e.code,
                "route": route,
                "years": e.years,
                "shown": e.years if e.years is not None else 0.0,
                "label": f"{e.years:g} y" if e.years is not None else "unknown",
                "known": e.years is not None,
                "why": e.why,
            }
        )
    return rows


def chart(est: list[RouteEstimate]) -> alt.LayerChart | None:
    rows = chart_rows(est)
    if not rows:
        return None
    data = pd.DataFrame(rows)
    order = list(dict.fromkeys(data["row"]))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=90))
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("route:N", title="Route"),
        alt.Tooltip("label:N", title="Years"),
        alt.Tooltip("why:N", title="How"),
    ]
    colour = alt.Color(
        "route:N",
        title="Route",
        legend=alt.Legend(orient="top"),
        scale=alt.Scale(domain=list(ROUTE_COLOURS), range=list(ROUTE_COLOURS.values())),
    )
    base = alt.Chart(data)
    top = max((r["shown"] for r in rows), default=0.0)
    x = alt.X(
        "shown:Q",
        title="Years from today to a full licence (estimate)",
        scale=alt.Scale(domain=[0, max(top * 1.25, 2.0)]),
        axis=alt.Axis(format="~g", tickMinStep=1),
    )
    bars = (
        base.transform_filter(alt.datum.known)
        .mark_bar()
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=tooltip,
        )
    )
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(
        x=x,
        y=y,
        text="label:N",
        tooltip=tooltip,
    )
    chart: alt.LayerChart = (bars + text).properties(height=alt.Step(ROW_STEP))  # altair's + is untyped
    return chart


def _stage_lines(a: Assessment) -> list[str]:
    return [f"{s.label}: {s.text}" for s in a.stages]


def show_assessment(a: Assessment, *, expanded: bool = False) -> None:
    """One pathway: verdict, why (per requirement), law, status, stages, no-visa note, sources."""
    kind = "limited licence (not a full route)" if a.limited else "licence without a US residency"
    fit = "limited licence" if a.limited else f"your fit: {a.verdict_label}"
    with st.expander(f"{a.code} · {a.state_name} — {fit} · {a.status_label}", expanded=expanded):
        st.markdown(f"**{escape_md(a.pathway)}** — {escape_md(kind)}")
        st.markdown(escape_md(a.headline))
        if a.checks:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Requirement": c.label,
                            "Check": CHECK_WORDS[c.status],
                            "Yours": c.yours,
                            "State asks": c.state,
                            "Note": c.detail,
                        }
                        for c in a.checks
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
        if a.summary:
            st.caption("Summary: " + escape_md(a.summary))
        st.markdown("**Law:** " + escape_md(a.law or "unknown — not published/confirmed"))
        status = f"**Status:** {escape_md(a.status_label)}"
        if a.status_note:
            status += f" — {escape_md(a.status_note)}"
        st.markdown(status)
        if a.stages:
            st.markdown("\n".join(f"- {escape_md(line)}" for line in _stage_lines(a)))
        st.info(escape_md(NO_VISA), icon="🛂")
        if a.can_apply_now is not True:
            st.warning(escape_md(LAG_NOTE), icon="⏳")
        if a.stale:
            st.caption("⚠️ Some sources are more than a year old: possibly out of date.")
        st.markdown("**Sources**")
        st.markdown("\n".join(f"- {source_line(s)}" for s in a.sources))


def show(book: RuleBook, profile: Profile, on: date) -> None:
    states: StateBook | None = book.states
    if states is None:
        st.error("The state licensing data is not loaded, so states cannot be compared.", icon="🚫")
        return
    profile = apply_implications(book, profile, on).answers  # what other answers settle counts as answered
    assessments = assess(profile, states, on=on)
    target = profile.target.state
    names = {r.code: r.name for r in states}

    if SELECT_KEY not in st.session_state:
        st.session_state[SELECT_KEY] = default_selection(states, assessments, target)
    only = st.toggle("Only states with a licence pathway without residency", key=ONLY_PATHWAYS_KEY)
    pathway_codes = {a.code for a in assessments}
    options = [c for c in states.codes() if not only or c in pathway_codes or c == target]
    chosen = st.multiselect(
        "States to compare",
        options=list(states.codes()),
        format_func=lambda c: f"{c} · {names[c]}",
        key=SELECT_KEY,
        placeholder="Choose states",
    )
    codes = [c for c in chosen if c in options]
    if only and len(codes) < len(chosen):
        st.caption(f"Hidden by the filter: {', '.join(c for c in chosen if c not in options)}.")
    if not codes:
        st.info("Choose one or more states to compare them.", icon="👆")
        return

    board = st.toggle(
        "I want board certification in my specialty (residency route counts the whole program)", key=BOARD_KEY
    )
    est = estimates(profile, book, codes, on, assessments, board)

    st.subheader("Side by side")
    by = st.selectbox("Sort by", SORTS, key=SORT_KEY)
    df = sort_table(table(states, codes, assessments, est), by)
    st.dataframe(df[[c for c in df.columns if not c.startswith("_")]], hide_index=True, width="stretch")
    st.caption(
        "GME = years of accredited US or Canadian residency for a full licence. “unknown” means the state "
        "has not published it or we could not confirm it; “none” means no limit or no pathway."
    )

    st.subheader("Years to a full licence")
    picture = chart(est)
    if est and all(e.years is None for e in est):
        st.caption("No estimate can be worked out yet: answering the wizard's questions fills this in.")
    if picture is not None:
        st.altair_chart(picture, width="stretch")
    st.caption(
        "Rough estimates from today. Residency: time until your earliest realistic residency start, plus the "
        "state's required years (or your specialty's length). Pathway: the provisional years before a full "
        "licence, shown only where you appear to qualify or could; the time to find a job offer and be "
        "licensed is not included. “unknown” is not zero."
    )

    chosen_pathways = [a for a in assessments if a.code in codes]
    if chosen_pathways:
        st.subheader("Pathways in these states")
        for a in chosen_pathways:
            show_assessment(a, expanded=len(chosen_pathways) == 1)
    else:
        st.caption("None of these states has a licence pathway without a US residency.")
