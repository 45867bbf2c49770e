"""What if I chose differently: the same person with some answers changed, beside the current plan.

Owns: applying answer changes (dotted answer paths, each value validated by the answers model,
with plain messages), the headline of one plan (earliest Match, Match Day, residency start, full
licence, blockers, plan items) and the differences between two headlines in words. The words are
computed from the headlines alone, the same way for every change, never written per case.

Must not know: Streamlit, the clock (`on` is an argument), or how a comparison is drawn or
printed. Nothing here keeps the answers: the caller decides whether the person uses the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pydantic import ValidationError

from wizard.domain.profile import Profile, field_errors, parse_profile
from wizard.domain.questions import BY_PATH
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import RuleBook
from wizard.outputs.costs import costs_for, money
from wizard.outputs.plan import Plan, build_plan
from wizard.outputs.report.answers import answer_text, answer_value
from wizard.outputs.timeline import Timeline, build_timeline, fmt

#: Timeline phases whose typical end is the day a full licence can come.
LICENCE_PHASES = ("licence", "pathway_full_licence")


class WhatIfError(ValueError):
    """A change that cannot be made; `str()` is one plain message naming the answer."""


# ------------------------------------------------------------------ changing answers


def parse_assignment(text: str) -> tuple[str, str | None]:
    """`"status.visa_preference=h1b"` → (path, value); an empty value clears the answer."""
    path, sep, value = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise WhatIfError(f"'{text}' is not a change: write answer.path=value, e.g. status.visa_preference=h1b")
    value = value.strip()
    return path, (value or None)


def apply_changes(profile: Profile, changes: Mapping[str, Any], *, today: date) -> Profile:
    """The profile with `changes` ({answer path: value, None clears}), validated on `today`.

    Raises WhatIfError for a path that is not a question or a value the answers model refuses.
    """
    data = profile.model_dump(mode="json")
    for path, value in changes.items():
        if path not in BY_PATH:
            raise WhatIfError(
                f"'{path}' is not one of the wizard's answers (they look like status.visa_preference "
                "or exams.step2ck.date; `img-wizard schema answers` lists them all)."
            )
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf] = value.isoformat() if isinstance(value, date) else value
    try:
        return parse_profile(data, today=today)
    except ValidationError as exc:
        problems = field_errors(exc)
        where = "; ".join(_problem(path, message) for path, message in problems.items())
        raise WhatIfError(f"That change does not fit the other answers. {where}") from None


def _problem(path: str, message: str) -> str:
    question = BY_PATH.get(path)
    if question is None:
        return f"{path}: {message}"
    choices = f" (one of: {', '.join(question.options)})" if question.options else ""
    return f"{question.label} ({path}): {message}{choices}"


# ------------------------------------------------------------------ one plan's headline


@dataclass(frozen=True)
class Outlook:
    """What a person compares between two plans."""

    match_year: int | None
    match_day: date | None
    residency_start: date | None
    full_licence: date | None
    blockers: tuple[str, ...]  # titles of what blocks the plan now
    items: Mapping[str, str]  # id → title of every next step, missing requirement, fast track, warning
    cost: str | None = None  # the fees still to pay, in words (`wizard.outputs.costs.money`), when known


def full_licence_date(timeline: Timeline) -> date | None:
    ends = [p.end_typical for p in timeline.phases if p.id in LICENCE_PHASES and p.end_typical is not None]
    return min(ends, default=None)


def outlook_of(plan: Plan, timeline: Timeline) -> Outlook:
    items = {
        i.id: i.title for i in (*plan.blockers, *plan.next_steps, *plan.missing, *plan.fast_tracks, *plan.warnings)
    }
    return Outlook(
        match_year=timeline.earliest_match_year,
        match_day=timeline.match_day,
        residency_start=timeline.residency_start,
        full_licence=full_licence_date(timeline),
        blockers=tuple(i.title for i in plan.blockers),
        items=items,
    )


@dataclass(frozen=True)
class Side:
    profile: Profile
    plan: Plan
    timeline: Timeline
    outlook: Outlook


def side_for(profile: Profile, book: RuleBook, *, on: date) -> Side:
    plan = build_plan(evaluate(book, profile, on=on), book)
    timeline = build_timeline(profile, book, on=on)
    outlook = outlook_of(plan, timeline)
    costs = costs_for(profile, book, on=on, timeline=timeline)
    if costs is not None:  # fees still to pay, known fees only (the plan's cost section lists the rest)
        outlook = replace(outlook, cost=money(costs.low, costs.high))
    return Side(profile, plan, timeline, outlook)


# ------------------------------------------------------------------ the comparison


@dataclass(frozen=True)
class ChangedAnswer:
    path: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    on: date
    changes: tuple[ChangedAnswer, ...]
    current: Side
    alternative: Side
    differences: tuple[str, ...]  # sentences, most important first
    appears: tuple[str, ...]  # plan item titles only in the alternative
    disappears: tuple[str, ...]  # plan item titles only in the current plan

    @property
    def same(self) -> bool:
        return self.current.outlook == self.alternative.outlook


def _shown(path: str, value: Any) -> str:
    return "not answered" if value is None else answer_text(BY_PATH[path], value)


def changed_answers(before: Profile, after: Profile, paths: Mapping[str, Any]) -> tuple[ChangedAnswer, ...]:
    out = []
    for path in paths:
        old, new = answer_value(before, path), answer_value(after, path)
        if old != new:
            out.append(ChangedAnswer(path, BY_PATH[path].label, _shown(path, old), _shown(path, new)))
    return tuple(out)


def _years_apart(a: int, b: int) -> str:
    n = abs(a - b)
    return f"{n} year{'s' if n != 1 else ''} {'earlier' if b < a else 'later'}"


def _date_change(what: str, old: date | None, new: date | None) -> str | None:
    if old == new:
        return None
    if old is None:
        return f"{what}: {fmt(new)} (not reachable in the current plan)." if new else None
    if new is None:
        return f"{what}: no longer reachable (was {fmt(old)})."
    direction = "earlier" if new < old else "later"
    return f"{what}: {fmt(new)} instead of {fmt(old)} ({abs((new - old).days)} days {direction})."


def differences(current: Outlook, alternative: Outlook) -> tuple[str, ...]:
    """The changes between two headlines, in words, most important first."""
    out: list[str] = []
    a, b = current.match_year, alternative.match_year
    if a != b:
        if a is None:
            out.append(f"The Match becomes reachable: {b}.")
        elif b is None:
            out.append(f"No Match can be reached any more (the current plan reaches {a}).")
        else:
            out.append(f"Earliest Match: {b} instead of {a} ({_years_apart(a, b)}).")
    elif a is not None:
        out.append(f"The same earliest Match: {a}.")
    for what, old, new in (
        ("Residency start", current.residency_start, alternative.residency_start),
        ("Full licence", current.full_licence, alternative.full_licence),
    ):
        line = _date_change(what, old, new)
        if line:
            out.append(line)
    for title in alternative.blockers:
        if title not in current.blockers:
            out.append(f"New blocker: {title}.")
    for title in current.blockers:
        if title not in alternative.blockers:
            out.append(f"No longer a blocker: {title}.")
    if current.cost is not None and alternative.cost is not None and current.cost != alternative.cost:
        out.append(f"Fees still to pay: {alternative.cost} instead of {current.cost}.")
    return tuple(out)


def compare(profile: Profile, changes: Mapping[str, Any], book: RuleBook, *, on: date) -> Comparison:
    """The current plan beside the plan with `changes` applied. Raises WhatIfError for a bad change."""
    alternative_profile = apply_changes(profile, changes, today=on)
    current = side_for(profile, book, on=on)
    alternative = side_for(alternative_profile, book, on=on)  # worked out again even when unchanged
    return comparison_of(current, alternative, changes, on=on)


def comparison_of(current: Side, alternative: Side, changes: Mapping[str, Any], *, on: date) -> Comparison:
    old, new = current.outlook.items, alternative.outlook.items
    return Comparison(
        on=on,
        changes=changed_answers(current.profile, alternative.profile, changes),
        current=current,
        alternative=alternative,
        differences=differences(current.outlook, alternative.outlook),
        appears=tuple(new[i] for i in new if i not in old),
        disappears=tuple(old[i] for i in old if i not in new),
    )


def comparison_lines(c: Comparison) -> list[str]:
    """The comparison as plain lines (the CLI and the PDF say the same)."""
    lines = [f"What if, on {fmt(c.on)}:"]
    lines += [f"  {ch.label}: {ch.after} (now: {ch.before})" for ch in c.changes] or ["  (no answer changed)"]
    if c.same:
        lines.append("Nothing in the plan changes.")
        return lines
    lines += c.differences
    if c.appears:
        lines.append("Appears in the plan: " + "; ".join(c.appears))
    if c.disappears:
        lines.append("Leaves the plan: " + "; ".join(c.disappears))
    return lines
