"""The "State licence" section of the PDF summary: the target state's years of US residency
(GME), its licence without a US residency (each pathway with fit, checks, law, status, stages,
sources), or the other states that fit.

Must not know: how the pathways are assessed (`wizard.domain.state_pathways`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from wizard.outputs.plan import CardState
from wizard.outputs.report.blocks import source_lines, table_rows
from wizard.outputs.report.document import CAP_ITEMS, CAP_TEXT, CAP_TITLE, MUTED, STATE_COLOURS, Summary

if TYPE_CHECKING:
    from wizard.domain.state_pathways import Assessment, StatePathways


_CHECK_WORDS = {
    "met": ("met", "B", STATE_COLOURS[CardState.met]),
    "missing": ("missing", "B", STATE_COLOURS[CardState.missing]),
    "not_met": ("not met", "B", STATE_COLOURS[CardState.missing]),
    "unknown": ("unknown", "B", STATE_COLOURS[CardState.unknown]),
    "not_required": ("not required", "", MUTED),
}
_VERDICT_COLOURS = {
    "qualifies": STATE_COLOURS[CardState.met],
    "could_qualify": STATE_COLOURS[CardState.unknown],
    "unknown": STATE_COLOURS[CardState.unknown],
    "does_not_qualify": STATE_COLOURS[CardState.missing],
}


def _pathway(pdf: Summary, a: Assessment, on: date) -> None:
    """One pathway, as the plan page shows it: fit, requirement checks, law, status, stages, sources."""
    pdf.room(30)
    kind = "limited licence, not a full route" if a.limited else "licence without a US residency"
    pdf.para(f"{a.code} · {a.state_name}: {a.pathway} ({kind})", size=11, style="B", height=5.6, limit=CAP_TITLE + 60)
    if not a.limited:
        pdf.para(f"Your fit: {a.verdict_label}", size=10, style="B", colour=_VERDICT_COLOURS[a.verdict.value])
    pdf.para(a.headline, size=10, after=1)
    if a.checks:
        rows = [
            (c.label, _CHECK_WORDS[c.status.value], c.yours, c.state + (f" ({c.detail})" if c.detail else ""))
            for c in a.checks
        ]
        table_rows(pdf, ("Requirement", "Check", "Yours", "State asks"), rows, (36, 22, 36, 76))
    pdf.para(f"Law: {a.law or 'unknown — not published/confirmed'}", size=10)
    status = f"Status: {a.status_label}" + (f" — {a.status_note}" if a.status_note else "")
    pdf.para(status, size=10, after=1)
    if a.stages:
        pdf.bullets((f"{st.label}: {st.text}" for st in a.stages), size=9.5, limit=CAP_TEXT)
    if a.can_apply_now is not True:
        pdf.para(a.lag_note, size=9, style="B", colour=STATE_COLOURS[CardState.unknown])
    if a.stale:
        pdf.para(
            "A source for this is more than a year old and possibly out of date.",
            size=9,
            style="B",
            colour=STATE_COLOURS[CardState.unknown],
        )
    if a.sources:
        pdf.ln(0.8)
        pdf.para("Sources", size=8.5, style="B", colour=MUTED)
        source_lines(pdf, a.sources, on, 0, compact=True)
    pdf.ln(3)


def state_licence_section(pdf: Summary, sp: StatePathways | None, on: date) -> None:
    """The target state's GME years, its licence without a US residency or the states that fit."""
    if sp is None:
        return
    pdf.heading("State licence")
    name = sp.target_name or sp.target
    gme = sp.gme
    if sp.target is None:
        pdf.para("No target state chosen yet: choose one to see its licence rules.", size=10, colour=MUTED, after=1)
    elif gme is not None:
        pdf.para("Through a US residency", size=10.5, style="B", height=5.4)
        if gme.known:
            pdf.para(gme.text() + ".", size=10)
        else:
            pdf.para(
                f"{name}: the years of US residency (GME) it requires of international graduates are "
                f"unknown — {gme.unknown_reason or 'not published/confirmed'}.",
                size=10,
            )
        if gme.note:
            pdf.para(gme.note, size=9, colour=MUTED)
        source_lines(pdf, gme.sources, on, 0, compact=True)
        pdf.ln(2)
    full = [a for a in sp.for_target if not a.limited]
    limited = [a for a in sp.for_target if a.limited]
    if full:
        pdf.para(f"Without a US residency in {name}", size=10.5, style="B", height=5.4, after=1)
        for a in full:
            _pathway(pdf, a, on)
    else:
        if sp.target is not None:
            has = (
                "has no licence without a US residency"
                if sp.target_has_pathway is False
                else "has no licence without a US residency that we could confirm"
            )
            pdf.para(f"{name} {has}.", size=10, after=1)
        if sp.elsewhere:
            pdf.para("States where you appear to qualify, or could with a job offer only:", size=10, style="B", after=1)
            for a in sp.elsewhere[:CAP_ITEMS]:
                pdf.bullets(
                    [
                        f"{a.code} · {a.state_name}: {a.pathway} — {a.verdict_label}; status: "
                        f"{a.status_label}; law: {a.law or 'unknown — not published/confirmed'}"
                    ],
                    size=9.5,
                    limit=CAP_TEXT,
                )
                source_lines(pdf, a.sources[:6], on, 3.5, compact=True)
        else:
            pdf.para("No state's licence without a US residency fits your answers yet.", size=10, colour=MUTED)
    for a in limited:
        _pathway(pdf, a, on)
    pdf.para(sp.visa_note, size=9.5, style="B", after=1)
    pdf.para("The app's “Compare states” page shows every state side by side.", size=9, colour=MUTED, after=2)
