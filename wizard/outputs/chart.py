"""Draw a `Timeline` as a Gantt-style Altair chart, readable on a 390 px phone and in the PDF.

Owns: the chart spec (bars for the typical span, a thin whisker from the optimistic to the
conservative end, diamonds for one-day milestones, labelled rules for today, Match Day and
1 July) and its PNG rendering through vl-convert.

Meaning never rides on colour alone: every row is named on the axis, estimates carry a "≈"
mark and a lighter fill, dates from a projected calendar a dashed outline, unknown ends a "?"
mark, and the three vertical rules are labelled in text (staggered so they never overlap).

Must not know: Streamlit, the clock (`today` is an argument), or how the timeline is computed.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any

import altair as alt

from wizard.outputs.timeline import ALTERNATIVE_PREFIX, ALTERNATIVE_TRACK, Phase, Timeline, fmt

ROW_STEP = 26  # px per phase row: fits a thumb and a short label
LABEL_LIMIT = 130  # px for the row labels on a 390 px screen
TRACK_COLOURS = {"residency": "#1f6feb", "alternative_licence": "#8250df"}
PNG_WIDTH = 720


def _row_label(p: Phase) -> str:
    marks = []
    if p.estimated:
        marks.append("≈")
    label = p.label
    if p.track == ALTERNATIVE_TRACK and not label.startswith(ALTERNATIVE_PREFIX):
        label = ALTERNATIVE_PREFIX + label  # the track is named in words, not only by colour
    if p.end_typical is None:
        label += " ?"
    return " ".join([*marks, label])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def chart_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One record per phase, the data the chart draws (also handy for tests)."""
    rows = []
    for order, p in enumerate(timeline.phases):
        ends = [e for e in (p.end_optimistic, p.end_typical, p.end_conservative) if e]
        end = p.end_typical or p.start
        rows.append(
            {
                "order": order,
                "row": _row_label(p),
                "phase": p.label,
                "track": p.track,
                "start": _iso(p.start),
                "end": _iso(end),
                "low": _iso(min(ends)) if ends else None,
                "high": _iso(max(ends)) if ends else None,
                "milestone": p.milestone,
                "known_end": p.end_typical is not None,
                "estimate": "estimate" if p.estimated else "published",
                "projected": "projected" if p.projected else "published calendar",
                "from": fmt(p.start),
                "to": fmt(p.end_typical) if p.end_typical else "unknown",
                "range": (f"{fmt(min(ends))} – {fmt(max(ends))}" if ends else "unknown"),
            }
        )
    return rows


def _markers(timeline: Timeline, today: date) -> list[dict[str, Any]]:
    marks = [{"when": today.isoformat(), "label": "Today", "kind": "today", "title": f"Today, {fmt(today)}"}]
    if timeline.match_day:
        marks.append(
            {
                "when": timeline.match_day.isoformat(),
                "label": "Match Day",
                "kind": "match_day",
                "title": f"Match Day, {fmt(timeline.match_day)}",
            }
        )
    if timeline.residency_start:
        marks.append(
            {
                "when": timeline.residency_start.isoformat(),
                "label": "1 July",
                "kind": "residency_start",
                "title": f"Residency starts {fmt(timeline.residency_start)}",
            }
        )
    return marks


def timeline_chart(timeline: Timeline, *, today: date) -> alt.LayerChart:
    """A Gantt-style chart: typical bars, optimistic–conservative whiskers, labelled rules.

    Every channel is passed as an Altair object, never as shorthand text or a plain dict:
    Altair parses those through its JSON schema, which made one chart cost about half a second.
    """
    rows = _styled_rows(timeline)
    return _chart(rows, _markers(timeline, today), [r["row"] for r in rows], _subtitle(rows))


SUBTITLE = [
    "Bar: typical span. Whisker: optimistic to conservative end.",
    "≈ estimate · dashed outline: projected calendar · ? end unknown",
]
ALTERNATIVE_SUBTITLE = f"“{ALTERNATIVE_PREFIX.strip()}” rows: the licence without a US residency"


def _subtitle(rows: list[dict[str, Any]]) -> list[str]:
    if any(r["track"] == ALTERNATIVE_TRACK for r in rows):
        return [*SUBTITLE, ALTERNATIVE_SUBTITLE]
    return list(SUBTITLE)


def _styled_rows(timeline: Timeline) -> list[dict[str, Any]]:
    rows = chart_rows(timeline)
    for r in rows:  # style as data, so no conditional encodings are needed
        r["opacity"] = 0.55 if r["estimate"] == "estimate" else 0.95
        r["dash"] = [3, 2] if r["projected"] == "projected" else [1, 0]
    return rows


def _chart(
    rows: list[dict[str, Any]], marker_rows: list[dict[str, Any]], order: list[str], subtitle: list[str]
) -> alt.LayerChart:
    # altair's Data() is untyped; InlineData would move the rows out to the spec's `datasets`.
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    y = alt.Y(
        field="row",
        type="nominal",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=11, ticks=False, domain=False),
    )
    x_axis = alt.Axis(format="%Y", tickCount="year", title=None, grid=True, labelFontSize=11)
    tooltip = [
        alt.Tooltip(field="phase", type="nominal", title="Phase"),
        alt.Tooltip(field="from", type="nominal", title="Start"),
        alt.Tooltip(field="to", type="nominal", title="Typical end"),
        alt.Tooltip(field="range", type="nominal", title="Optimistic – conservative"),
        alt.Tooltip(field="estimate", type="nominal", title="Dates"),
        alt.Tooltip(field="projected", type="nominal", title="Calendar"),
    ]
    spans = (
        alt.Chart(data)
        .transform_filter("!datum.milestone")
        .mark_bar(height=12, cornerRadius=2, strokeWidth=1.5, stroke="#1b1f24")
        .encode(
            y=y,
            x=alt.X(field="start", type="temporal", axis=x_axis, title=None),
            x2=alt.X2(field="end"),
            color=alt.Color(
                field="track",
                type="nominal",
                scale=alt.Scale(domain=list(TRACK_COLOURS), range=list(TRACK_COLOURS.values())),
                legend=None,
            ),
            opacity=alt.Opacity(field="opacity", type="quantitative", scale=None, legend=None),
            strokeDash=alt.StrokeDash(field="dash", type="nominal", scale=None, legend=None),
            tooltip=tooltip,
        )
    )
    has_range = "datum.low != null && datum.low != datum.high"
    whisker = (
        alt.Chart(data)
        .transform_filter(has_range)
        .mark_rule(strokeWidth=1.5, color="#1b1f24")
        .encode(y=y, x=alt.X(field="low", type="temporal"), x2=alt.X2(field="high"), tooltip=tooltip)
    )
    whisker_ends = (
        alt.Chart(data)
        .transform_filter(has_range)
        .transform_fold(["low", "high"], as_=["bound", "when"])
        .mark_tick(thickness=1.5, size=10, color="#1b1f24")
        .encode(y=y, x=alt.X(field="when", type="temporal"))
    )
    milestones = (
        alt.Chart(data)
        .transform_filter("datum.milestone")
        .mark_point(shape="diamond", size=110, filled=True, color="#cf222e", stroke="#1b1f24")
        .encode(y=y, x=alt.X(field="start", type="temporal"), tooltip=tooltip)
    )

    marks = alt.Data(values=marker_rows)  # type: ignore[no-untyped-call]
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeWidth=1.5, color="#57606a")
        .encode(
            x=alt.X(field="when", type="temporal"),
            strokeDash=alt.StrokeDash(
                field="kind",
                type="nominal",
                legend=None,
                scale=alt.Scale(domain=["today", "match_day", "residency_start"], range=[[4, 3], [1, 0], [8, 3]]),
            ),
            tooltip=[alt.Tooltip(field="title", type="nominal", title="Marker")],
        )
    )
    # One text layer per marker, each on its own line at the top, so labels never collide.
    rule_labels = [
        alt.Chart(marks)
        .transform_filter(f"datum.kind == '{kind}'")
        .mark_text(align="left", baseline="top", dx=3, fontSize=10, fontWeight="bold", color="#1b1f24")
        .encode(
            x=alt.X(field="when", type="temporal"),
            y=alt.value(-13 * (i + 1) + 2),
            text=alt.Text(field="label", type="nominal"),
        )
        for i, kind in enumerate(("residency_start", "match_day", "today"))
    ]

    chart: alt.LayerChart = (  # altair's configure_* methods are untyped
        alt.layer(spans, whisker, whisker_ends, milestones, rules, *rule_labels)
        .properties(
            width="container",
            height=alt.Step(ROW_STEP),
            title=alt.Title("Your timeline", subtitle=subtitle, anchor="start", fontSize=14, subtitleFontSize=10),
        )
        .configure_view(strokeWidth=0)
    )
    return chart


# The chart's structure does not depend on the person: only the rows, the marker rules and the
# row order do. Building the Altair objects and validating them against the Vega-Lite schema
# took about 100 ms of server CPU on every draw of the timeline page, so it is done once per
# process on placeholder data, and each draw puts this timeline's data into a copy.
_ROWS, _MARKS, _ORDER = "__rows__", "__marks__", "__order__"


@functools.lru_cache(maxsize=1)
def _template() -> str:
    spec = _chart([{"slot": _ROWS}], [{"slot": _MARKS}], [_ORDER], list(SUBTITLE)).to_dict()  # validated, once
    return json.dumps(spec)


def _fill(node: Any, rows: list[dict[str, Any]], marks: list[dict[str, Any]], order: list[str]) -> Any:
    if isinstance(node, dict):
        return {k: _fill(v, rows, marks, order) for k, v in node.items()}
    if isinstance(node, list):
        if node == [{"slot": _ROWS}]:
            return rows
        if node == [{"slot": _MARKS}]:
            return marks
        if node == [_ORDER]:
            return order
        return [_fill(v, rows, marks, order) for v in node]
    return node


def timeline_spec(timeline: Timeline, *, today: date) -> dict[str, Any]:
    """The same chart as `timeline_chart(...).to_dict()`, as a Vega-Lite dict, without rebuilding it."""
    rows = _styled_rows(timeline)
    spec: dict[str, Any] = _fill(json.loads(_template()), rows, _markers(timeline, today), [r["row"] for r in rows])
    spec["title"]["subtitle"] = _subtitle(rows)
    return spec


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], *, width: int = PNG_WIDTH, scale: float = 2.0) -> bytes:
    """Render to PNG (for the PDF). A container width has no container here, so it is fixed."""
    import vl_convert as vlc

    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = width
    return vlc.vegalite_to_png(vl_spec=spec, scale=scale)


__all__ = ["chart_png", "chart_rows", "timeline_chart", "timeline_spec"]
