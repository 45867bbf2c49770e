"""One chart of a what-if: the current and the alternative timeline on the same date axis.

Owns: the rows (one bar per residency-track phase per side, typical lane) and the chart's look,
readable at 390 px (short labels, the two sides as paired bars in one row per phase).

Must not know: Streamlit or the clock (the comparison carries its date).
"""

from __future__ import annotations

from typing import Any

import altair as alt

from wizard.outputs.chart import LABEL_LIMIT
from wizard.outputs.timeline import RESIDENCY_TRACK, Timeline
from wizard.outputs.whatif import Comparison

NOW, WHAT_IF = "Now", "What if"
COLOURS = {NOW: "#57606a", WHAT_IF: "#1f6feb"}
ROW_HEIGHT = 30  # px per phase: two bars of 12 px and a gap


def _rows(timeline: Timeline, side: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in timeline.phases:
        end = p.end_typical
        if p.track != RESIDENCY_TRACK or end is None:
            continue
        rows.append(
            {
                "side": side,
                "phase": p.label,
                "start": p.start.isoformat(),
                "end": end.isoformat(),
                "order": len(rows),
                "day": end == p.start,  # a single day (Match Day): drawn as a diamond
            }
        )
    return rows


def comparison_rows(c: Comparison) -> list[dict[str, Any]]:
    return _rows(c.current.timeline, NOW) + _rows(c.alternative.timeline, WHAT_IF)


def comparison_chart(c: Comparison) -> alt.LayerChart:
    rows = comparison_rows(c)
    order = list(dict.fromkeys(r["phase"] for r in sorted(rows, key=lambda r: (r["start"], r["order"]))))
    # altair's Data() is untyped; InlineData would move the rows out to the spec's `datasets`.
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    y = alt.Y(field="phase", type="nominal", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    side = alt.YOffset(field="side", type="nominal", sort=[NOW, WHAT_IF])
    colour = alt.Color(
        field="side",
        type="nominal",
        title=None,
        sort=[NOW, WHAT_IF],
        scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [
        alt.Tooltip(field="side", type="nominal", title="Plan"),
        alt.Tooltip(field="phase", type="nominal", title="Phase"),
        alt.Tooltip(field="start", type="temporal", title="Start", format="%d %b %Y"),
        alt.Tooltip(field="end", type="temporal", title="Typical end", format="%d %b %Y"),
    ]
    x = alt.X(field="start", type="temporal", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4))
    base = alt.Chart(data)
    bars = (
        base.transform_filter("!datum.day")
        .mark_bar(cornerRadius=2, height=11)
        .encode(x=x, x2=alt.X2(field="end"), y=y, yOffset=side, color=colour, tooltip=tooltip)
    )
    days = (
        base.transform_filter("datum.day")
        .mark_point(shape="diamond", size=90, filled=True, opacity=1)
        .encode(x=x, y=y, yOffset=side, color=colour, tooltip=tooltip)
    )
    return alt.LayerChart(
        layer=[bars, days],
        width="container",
        height=ROW_HEIGHT * max(len(order), 1),
        title="Now and what if, on one date axis",
    )
