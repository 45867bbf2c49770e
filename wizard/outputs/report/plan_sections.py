"""The plan's sections of the PDF summary: title, where you stand, items with their reasons and
sources, what is already done, what answers would say more, and "About this summary".

Owns: how a plan item prints (title, text, volatile and stale notes, "Why this shows", sources).

Must not know: how the plan is built (`wizard.outputs.plan`), the timeline or state licence sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from wizard.domain.profile import Profile
from wizard.domain.questions import STEPS
from wizard.outputs.plan import CardState, Plan, PlanItem, overdue_words
from wizard.outputs.report.attachment import ATTACHMENT_NAME
from wizard.outputs.report.blocks import source_lines, table_rows
from wizard.outputs.report.document import (
    ACCENT,
    CAP_ITEMS,
    CAP_LINE,
    CAP_TEXT,
    CAP_TITLE,
    CAP_USER,
    MUTED,
    STATE_COLOURS,
    STATE_WORDS,
    Summary,
    cap,
    long_date,
)
from wizard.outputs.report.fonts import REPLACEMENT


def plan_item(pdf: Summary, item: PlanItem, on: date, *, number: int | None = None, why: bool = True) -> None:
    pdf.room(22)
    title = f"{number}. {item.title}" if number is not None else item.title
    pdf.para(title, size=11, style="B", height=5.6, limit=CAP_TITLE)
    indent = 5 if number is not None else 0
    pdf.ln(0.8)
    pdf.para(item.text, size=10, indent=indent)
    notes = []
    if item.volatile:
        notes.append("This changes often: check the source before you act on it.")
    if item.stale:
        notes.append("A source for this is more than a year old and possibly out of date.")
    overdue = overdue_words(item)
    if overdue:
        notes.append(overdue)
    for note in notes:
        pdf.para(note, size=9, style="B", colour=STATE_COLOURS[CardState.unknown], indent=indent)
    if why and item.why:
        pdf.ln(0.8)
        pdf.para("Why this shows", size=8.5, style="B", colour=MUTED, indent=indent)
        pdf.bullets((cap(w, CAP_LINE) for w in item.why), size=8.5, colour=MUTED, indent=indent)
    if item.sources:
        pdf.ln(0.8)
        source_lines(pdf, item.sources, on, indent)
    pdf.ln(3.5)


def plan_items(
    pdf: Summary, title: str, items: Sequence[PlanItem], on: date, intro: str = "", numbered: bool = False
) -> None:
    if not items:
        return
    pdf.heading(title)
    if intro:
        pdf.para(intro, size=9.5, colour=MUTED, after=2)
    for n, it in enumerate(items[:CAP_ITEMS], start=1):
        plan_item(pdf, it, on, number=n if numbered else None)


def title_block(pdf: Summary, profile: Profile, plan: Plan, on: date) -> None:
    pdf.para("Your plan to practise medicine in the USA", size=19, style="B", colour=ACCENT, height=9)
    pdf.ln(1)
    name = profile.about.name
    if name:
        before = len(pdf.replaced)
        pdf.para(f"Prepared for {name}", size=13, height=7, limit=CAP_USER + 20)
        if len(pdf.replaced) > before:
            pdf.para(
                f"Some characters of the name are not in this summary's fonts and are shown as "
                f'"{REPLACEMENT}". The app shows them correctly.',
                size=8.5,
                colour=MUTED,
            )
    book = (
        f"the rule book {plan.rule_book_version} of {long_date(plan.rule_book_date)} (sources checked up to "
        f"{long_date(plan.rules_as_of)})"
        if plan.rule_book_version and plan.rule_book_date
        else f"the rule book as of {long_date(plan.rules_as_of)}"
    )
    pdf.para(f"Made on {long_date(on)} with {book}.", size=10, colour=MUTED)
    if plan.overdue_count:
        pdf.para(
            f"{plan.overdue_count} item{'s' if plan.overdue_count != 1 else ''} below rest on a source past its "
            "review date; each says so, with the date. Check those sources before you act.",
            size=9.5,
            style="B",
            colour=STATE_COLOURS[CardState.unknown],
        )
    pdf.para(
        'This is guidance, not legal or immigration advice: see "About this summary" before the appendix.',
        size=9,
        colour=MUTED,
        after=2,
    )


def cards(pdf: Summary, plan: Plan) -> None:
    if not plan.cards:
        return
    pdf.heading("Where you stand")
    rows = []
    for card in plan.cards:
        details = []
        if card.missing:
            details.append("Missing: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.missing[:CAP_ITEMS]))
        if card.unknown:
            details.append("Not known yet: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.unknown[:CAP_ITEMS]))
        if card.met and not details:
            details.append("Met: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.met[:CAP_ITEMS]))
        state = (STATE_WORDS[card.state], "B", STATE_COLOURS[card.state])
        rows.append((card.label, state, "\n".join(details)))
    table_rows(pdf, ("Milestone", "Status", "Details"), rows, (44, 34, 92))


def needs_answers(pdf: Summary, plan: Plan) -> None:
    if not plan.needs_answers and not plan.not_yet_known:
        return
    pdf.heading("Answer these to see more")
    if plan.needs_answers:
        pdf.para("The wizard could say more about your plan with these answers:", size=9.5, colour=MUTED, after=1)
        for needed in plan.needs_answers[:CAP_ITEMS]:
            step = STEPS.get(needed.step, needed.step)
            unlocks = "; ".join(cap(t, CAP_TITLE) for t in needed.unlocks[:10])
            pdf.bullets([f"{needed.label} ({step})"], size=10)
            if unlocks:
                pdf.para(f"would decide: {unlocks}", size=8.5, colour=MUTED, indent=3.5, limit=CAP_TEXT)
    if plan.not_yet_known:
        pdf.ln(2)
        pdf.para("Not yet published, so nobody can answer these yet:", size=9.5, colour=MUTED, after=1)
        pdf.bullets(plan.not_yet_known)


def about(pdf: Summary) -> None:
    pdf.heading("About this summary")
    for text in (
        "This summary is guidance, not legal or immigration advice. Rules and dates change: "
        "every item names its sources and the date each source speaks for. Before you act, check "
        "with ECFMG, the medical board of the state where you want to practise and, for anything "
        "about visas, an immigration attorney.",
        "The plan in the app is the accessible version of this summary: this PDF is not tagged for screen readers.",
        f"Your answers are attached to this PDF as the file {ATTACHMENT_NAME}, so you can pick up "
        "where you left off. The PDF holds personal information: share it only with people you trust.",
    ):
        pdf.para(text, size=9.5, after=2)
    if pdf.replaced:
        shown = ", ".join(list(pdf.replaced)[:20])
        pdf.para(
            f'Some characters are not in this summary\'s fonts and are printed as "{REPLACEMENT}": '
            f"{shown}. The app shows them correctly.",
            size=9.5,
            colour=STATE_COLOURS[CardState.unknown],
        )
