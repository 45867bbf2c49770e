"""The "Timeline" section of the PDF summary: the typical Match, the chart, the phases table,
how the dates are worked out, assumptions and sources.

Must not know: how the timeline is computed (`wizard.outputs.timeline`) or how the chart is drawn
(the caller passes its PNG bytes).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from wizard.engine.provenance import Source
from wizard.outputs.report.blocks import source_lines, table_rows
from wizard.outputs.report.document import CAP_ROWS, CAP_TEXT, INK, MUTED, Summary, long_date

if TYPE_CHECKING:
    from wizard.outputs.timeline import Timeline


def timeline_section(pdf: Summary, timeline: Timeline | None, chart_png: bytes | None, on: date) -> None:
    pdf.heading("Timeline")
    if timeline is None:
        pdf.para("Timeline not available.", size=10, colour=MUTED)
        return
    lanes = {lane.lane: lane for lane in timeline.lanes}
    typical = lanes.get("typical")
    if typical and typical.match_year:
        start = f" and start residency on {long_date(typical.residency_start)}" if typical.residency_start else ""
        projected = " (that calendar is projected, not yet published)" if typical.projected else ""
        pdf.para(
            f"Typical plan: the {typical.match_year} Match{projected}{start}.",
            size=10.5,
            style="B",
            height=5.6,
        )
    pdf.para(timeline.lane_summary(), size=9.5, colour=MUTED)
    if timeline.decided_by:
        pdf.para(timeline.decided_by, size=10, after=2)
    size = png_size(chart_png) if chart_png else None
    if chart_png and size:
        height = min(pdf.epw * size[1] / size[0], 150.0)
        width = height * size[0] / size[1]
        pdf.room(height + 4)
        pdf.image(io.BytesIO(chart_png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
        pdf.set_y(pdf.get_y() + height + 3)
    elif chart_png:
        pdf.para("The chart could not be read.", size=9, colour=MUTED)
    rows = []
    for row in timeline.to_rows(as_text=True)[:CAP_ROWS]:
        low, high = row.get("optimistic", ""), row.get("conservative", "")
        spread = low if low == high else f"{low} to {high}"
        flags = row.get("estimate?") or ""
        note = row.get("note") or ""
        rows.append(
            (
                str(row.get("phase", "")),
                str(row.get("start", "")),
                str(row.get("typical end", "")),
                spread,
                (f"{flags.capitalize()}. {note}" if flags else note, "", INK),
            )
        )
    if rows:
        table_rows(pdf, ("Phase", "Start", "Typical end", "Could end", "Notes"), rows, (30, 23, 23, 30, 64))
    if timeline.rule:
        pdf.room(20)
        pdf.para("How the dates are worked out", size=10, style="B", height=5.4)
        pdf.para(timeline.rule, size=9, after=1)
    if timeline.assumptions or timeline.notes:
        pdf.room(20)
        pdf.para("Assumptions and notes", size=10, style="B", height=5.4)
        pdf.bullets((*timeline.assumptions, *timeline.notes), size=9, limit=CAP_TEXT)
        pdf.ln(1)
    sources = unique_sources((*timeline.rule_sources, *(s for p in timeline.phases for s in p.sources)))
    if sources:
        pdf.room(20)
        pdf.para("Timeline sources", size=10, style="B", height=5.4)
        source_lines(pdf, sources, on, 0, compact=True)


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG's header, or None if it is not a PNG."""
    if len(data) < 24 or not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def unique_sources(sources: Iterable[Source]) -> list[Source]:
    seen: dict[str, Source] = {}
    for source in sources:
        seen.setdefault(str(source.url), source)
    return list(seen.values())
