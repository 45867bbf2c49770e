"""Building blocks of the PDF summary beyond paragraphs: source lists and tables.

Owns: how a source is cited (title, tier in words, as-of date, stale marks, link) and the
hand-drawn table (heading row kept with its first row, wrapped cells).

Must not know: which section uses them or what the rows mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fpdf import XPos, YPos

from wizard.domain.book import tier_words
from wizard.engine.provenance import Source
from wizard.outputs.report.document import (
    ACCENT,
    CAP_ITEMS,
    CAP_TEXT,
    CAP_TITLE,
    CAP_URL,
    INK,
    LINK,
    MUTED,
    RULE,
    Colour,
    Summary,
    cap,
    long_date,
)
from wizard.outputs.report.fonts import NEEDS_SHAPING, SANS


def source_lines(pdf: Summary, sources: Sequence[Source], on: date, indent: float, *, compact: bool = False) -> None:
    for source in list(sources)[:CAP_ITEMS]:
        tier = tier_words(str(source.url)) or ("" if source.official else "secondary source")
        dated = f"undated, read {long_date(source.as_of)}" if source.undated else f"as of {long_date(source.as_of)}"
        marks = [m for m in (tier, dated) if m]
        if source.is_stale(on):
            marks.append("possibly out of date")
        if compact:
            url = cap(str(source.url), CAP_URL)
            pdf.para(
                f"{cap(source.title, CAP_TITLE)} ({'; '.join(marks)}) {url}",
                size=7.5,
                colour=MUTED,
                indent=indent,
                limit=CAP_TITLE + CAP_URL + 120,
                link=url,
            )
            continue
        pdf.para(
            f"Source: {cap(source.title, CAP_TITLE)} ({'; '.join(marks)})",
            size=8.5,
            colour=MUTED,
            indent=indent,
            limit=CAP_TITLE + 120,
        )
        url = str(source.url)
        pdf.para(url, size=8.5, colour=LINK, indent=indent + 4, limit=CAP_URL, link=cap(url, CAP_URL))


#: A table cell: text, or (text, style, colour).
Cell = str | tuple[str, str, Colour]


def table_rows(
    pdf: Summary,
    headings: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
) -> None:
    """A plain table: a shaded heading row, thin lines between rows, wrapped cells.

    A cell is text, or (text, style, colour). Drawn by hand with `wrap`: fpdf2's
    `table()` lays every cell out twice with its slow line breaker. Cells that need
    fallback fonts or shaping fall back to `multi_cell`.
    """
    scale = pdf.epw / sum(widths)
    widths = [w * scale for w in widths]
    size, line_h, pad = 9, 4.4, 1.3

    def draw(cells: Sequence[Cell], *, head: bool) -> None:
        laid: list[tuple[str, str, Colour, list[str] | None]] = []
        for value, width in zip(cells, widths, strict=False):
            if isinstance(value, tuple):
                text, style, colour = value
            else:
                text, style, colour = value, "B" if head else "", ACCENT if head else INK
            text = pdf.clean(text, CAP_TEXT)
            pdf.set_font(SANS, style, size)
            lines = None if NEEDS_SHAPING.search(text) else pdf.wrap(text, width - 2 * pdf.c_margin)
            laid.append((text, style, colour, lines))
        heights = []
        for (text, style, _colour, lines), width in zip(laid, widths, strict=False):
            if lines is None:
                pdf.set_font(SANS, style, size)
                shape = bool(NEEDS_SHAPING.search(text))
                if shape:
                    pdf.set_text_shaping(True)
                wrapped = pdf.multi_cell(width, line_h, text, dry_run=True, output="LINES")
                lines_n = len(wrapped) if isinstance(wrapped, list) else 1  # always a list with output="LINES"
                if shape:
                    pdf.set_text_shaping(False)
                heights.append(lines_n * line_h)
            else:
                heights.append(len(lines) * line_h)
        row_h = max(heights, default=line_h) + 2 * pad
        # A heading row needs its first row below it; a row that moves to a new page
        # takes the heading row with it.
        need = row_h + (first_row_h if head else 0)
        if pdf.get_y() + need > pdf.page_break_trigger:
            pdf.add_page()
            if not head:
                draw(list(headings), head=True)
        top = pdf.get_y()
        if head:
            pdf.set_fill_color(230, 236, 245)
            pdf.rect(pdf.l_margin, top, pdf.epw, row_h, style="F")
        x = pdf.l_margin
        for (text, style, colour, lines), width in zip(laid, widths, strict=False):
            pdf.set_font(SANS, style, size)
            pdf.set_text_color(*colour)
            pdf.set_xy(x, top + pad)
            if lines is None:
                shape = bool(NEEDS_SHAPING.search(text))
                if shape:
                    pdf.set_text_shaping(True)
                pdf.multi_cell(width, line_h, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                if shape:
                    pdf.set_text_shaping(False)
            else:
                for line in lines:
                    pdf.set_x(x)
                    pdf.cell(width, line_h, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
            x += width
        pdf.set_text_color(*INK)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, top + row_h, pdf.l_margin + pdf.epw, top + row_h)
        pdf.set_xy(pdf.l_margin, top + row_h)

    first_row_h = 6 * line_h if rows else 0
    draw(list(headings), head=True)
    for cells in rows:
        draw(list(cells), head=False)
    pdf.ln(2)
