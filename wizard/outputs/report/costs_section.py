"""The "What it will cost" section of the PDF summary: the fees still to pay, by year, each with
why it applies and its source, the fees nobody has published, and what is not included.

Must not know: how the estimate is worked out (`wizard.outputs.costs`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from wizard.outputs.costs import PHASES, money, summary
from wizard.outputs.report.blocks import source_lines, table_rows
from wizard.outputs.report.document import MUTED, Summary

if TYPE_CHECKING:
    from wizard.outputs.costs import CostEstimate


def costs_section(pdf: Summary, estimate: CostEstimate | None, on: date) -> None:
    if estimate is None:
        return
    pdf.heading("What it will cost")
    pdf.para(summary(estimate), size=10, style="B", after=1)
    pdf.para(
        "Official fees only, as published (each with its date); a range where your own choice decides it. "
        "Unknown fees are listed, never guessed.",
        size=9,
        colour=MUTED,
        after=1,
    )
    years = [(str(y) if y is not None else "year not known", money(lo, hi)) for y, lo, hi in estimate.by_year()]
    if years:
        table_rows(pdf, ("Year", "Fees still to pay (US$)"), years, (40, 130))
    for key, name in PHASES.items():
        lines = [line for line in estimate.lines if line.phase == key]
        if not lines:
            continue
        pdf.room(20)
        pdf.para(name, size=10.5, style="B", after=0.5)
        for line in lines:
            amount = line.amount_text or money(line.low, line.high)
            year = str(line.year) if line.year is not None else "year not known"
            flag = "" if line.in_total else " (not in your total)"
            pdf.para(f"{line.label}: {amount}, {year}{flag}", size=9.5, style="B", indent=2)
            pdf.para(line.why, size=9, indent=4)
            if line.unknown_reason:
                pdf.para(f"Unknown: {line.unknown_reason}", size=9, indent=4)
            source_lines(pdf, line.sources, on, indent=4, compact=True)
    pdf.para("Not included: " + "; ".join(estimate.not_included) + ".", size=9, colour=MUTED, after=1)
