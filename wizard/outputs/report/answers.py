"""The "Your answers" section of the PDF summary, and an answer in the words a person reads.

Owns: how each answer prints (option words, country and state names, dates in words, units)
and the answers table.

Must not know: the plan, the timeline, or how the answers are attached to the file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wizard.domain.countries import country_name
from wizard.domain.profile import Profile
from wizard.domain.questions import QUESTIONS, STEPS, Question
from wizard.domain.states import JURISDICTIONS
from wizard.outputs.report.blocks import table_rows
from wizard.outputs.report.document import MUTED, Summary, long_date


def _humanize(identifier: str) -> str:
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def answer_text(question: Question, value: Any) -> str:
    """An answer as a person reads it: option words, country and state names, dates in words."""
    path = question.path
    if path in ("degree.school_country", "status.citizenship") and isinstance(value, str):
        try:
            return country_name(value)
        except KeyError:
            return value
    if path == "target.state" and isinstance(value, str):
        return JURISDICTIONS.get(value, value)
    if path == "target.specialty" and isinstance(value, str):
        return _humanize(value)
    if isinstance(value, bool) or question.options:
        return question.option_label(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float | int):
        text = _number(value)
        return f"{text} {question.unit}" if question.unit else text
    return str(value)


def answer_value(profile: Profile, path: str) -> Any:
    """The answer at a dotted path ("exams.step1.status"), or None when it is not given."""
    node: Any = profile
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


def answer_rows(profile: Profile) -> list[tuple[str, str, str]]:
    """(step title, question label, answer) for every answered question except the name."""
    rows = []
    for q in QUESTIONS:
        if q.path == "about.name":
            continue
        value = answer_value(profile, q.path)
        if value is None:
            continue
        rows.append((STEPS.get(q.step, q.step), q.label, answer_text(q, value)))
    return rows


def answers_section(pdf: Summary, profile: Profile, *, title: str = "Your answers") -> None:
    pdf.heading(title)
    rows = answer_rows(profile)
    if not rows:
        pdf.para("No answers yet.", size=10, colour=MUTED)
        return
    shown = []
    last_step = None
    for step, label, answer in rows:
        shown.append((step if step != last_step else "", label, answer))
        last_step = step
    table_rows(pdf, ("Topic", "Question", "Your answer"), shown, (24, 96, 50))
