"""Page 1 of the PDF summary: the plan at a glance, then what to do by when.

Owns: how the at-a-glance block and the dated actions print (the same sentences as the plan
page and the CLI, from `wizard.outputs.glance` and `wizard.outputs.actions`); each action's why
and slack come after the list, not in it, so the first page stays short.

Must not know: how actions are dated or ordered, Streamlit or the clock.
"""

from __future__ import annotations

from datetime import date

from wizard.outputs.actions import ActionPlan, Group
from wizard.outputs.glance import Glance
from wizard.outputs.report.blocks import source_lines
from wizard.outputs.report.document import ACCENT, CAP_LINE, MUTED, Summary, cap


def glance_section(pdf: Summary, glance: Glance) -> None:
    pdf.heading("At a glance")
    pdf.para(glance.headline, size=11.5, style="B", height=6)
    pdf.ln(1)
    pdf.para(glance.between_sentence, size=10.5)
    if glance.urgent:
        pdf.ln(1.5)
        pdf.para("Most urgent", size=10.5, style="B", colour=ACCENT)
        for n, a in enumerate(glance.urgent, 1):
            pdf.para(f"{n}. {a.sentence}", size=10.5, indent=2)
    pdf.ln(2)


def actions_section(pdf: Summary, actions: ActionPlan) -> None:
    """The dated actions by group, one line each; then, per action, why and what a slip costs."""
    if not actions.dated:
        return
    pdf.heading("What to do, by when")
    for group in Group:
        chosen = actions.group(group)
        if not chosen:
            continue
        pdf.para(group.value, size=10.5, style="B", colour=ACCENT)
        pdf.bullets((cap(a.sentence, CAP_LINE) for a in chosen), size=9.5)
        pdf.ln(1)
    if actions.undated:
        pdf.para(
            "Also to do (the timeline gives these no date): " + "; ".join(i.title for i in actions.undated),
            size=9,
            colour=MUTED,
        )


def action_details(pdf: Summary, actions: ActionPlan, on: date) -> None:
    """Each dated action's why, slack and sources: after the summary, for the reader who wants it."""
    if not actions.dated:
        return
    pdf.heading("Why each action, and what a slip costs")
    for a in actions.dated:
        pdf.room(18)
        pdf.para(a.title, size=10.5, style="B")
        if a.blocks_match and a.latest is not None:
            pdf.para(f"Can slip to {a.latest.day} {a.latest:%b %Y} at the latest. {a.if_it_slips}", size=9)
        pdf.bullets((cap(w, CAP_LINE) for w in a.why), size=8.5, colour=MUTED)
        if a.sources:
            source_lines(pdf, a.sources, on, 0)
        pdf.ln(2.5)
