"""What would bring the Match a year earlier: the smallest answer changes that reach the cycle
before the earliest one the person can reach now, each with the date it must happen by.

Found by search, not written per case: every value of every answer a person can act on (an exam
result, a Pathway, verified credentials, a visa preference, a job offer; `LEVERS`) is tried
through the answers model and the timeline, one change at a time, then two at a time when no
single change is enough. For a change that can happen on a day (a result, an acceptance), the
date is the latest evaluation day on which, with that change made, the timeline still reaches the
earlier Match; for a test date it is the latest test date that still does. Both searches assume
that a later day never helps (bisection).

Must not know: Streamlit, the clock (`on` is an argument), or how suggestions are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from wizard.domain.profile import Profile
from wizard.domain.questions import BY_PATH
from wizard.engine.rulebook import RuleBook
from wizard.outputs.report.answers import answer_value
from wizard.outputs.timeline import build_timeline
from wizard.outputs.whatif import WhatIfError, apply_changes, changed_answers

#: Answers a person can change by acting (not facts about them, like a nationality).
LEVERS = (
    "exams.step1.status",
    "exams.step2ck.status",
    "exams.step3.status",
    "exams.oet.status",
    "exams.clinical_skills",
    "degree.credentials_verified",
    "status.visa_preference",
    "target.job_offer_in_state",
)
#: Exams a person can book: "sit it by" a test date is searched too.
BOOKABLE = ("step1", "step2ck", "step3")
MAX_PAIRS_TRIED = 400


@dataclass(frozen=True)
class Suggestion:
    changes: Mapping[str, Any]
    words: str  # the change as a person reads it
    by: date  # the latest date it must happen (or the test be sat) by
    match_year: int


@dataclass(frozen=True)
class EarlierMatch:
    on: date
    current_year: int | None
    target_year: int | None
    suggestions: tuple[Suggestion, ...]
    reason: str  # why there is none, when there is none

    def lines(self) -> list[str]:
        if not self.suggestions:
            return [self.reason]
        out = [f"What would bring the Match a year earlier ({self.target_year} instead of {self.current_year}):"]
        out += [f"- {s.words}, by {s.by.day} {s.by:%B} {s.by.year}" for s in self.suggestions]
        return out


def _candidates(profile: Profile) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in LEVERS:
        question = BY_PATH[path]
        values: list[Any] = list(question.options) or [True, False]
        current = answer_value(profile, path)
        current = getattr(current, "value", current)
        out += [{path: v} for v in values if v != current and v != "scheduled"]
    return out


def _latest(good: Callable[[date], bool], start: date, end: date) -> date | None:
    """The latest day in [start, end] for which `good` holds, assuming it holds up to a point."""
    if not good(start):
        return None
    if good(end):
        return end
    lo, hi = 0, (end - start).days  # good(start + lo), not good(start + hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if good(start + timedelta(days=mid)):
            lo = mid
        else:
            hi = mid
    return start + timedelta(days=lo)


def year_earlier(profile: Profile, book: RuleBook, *, on: date, limit: int = 5) -> EarlierMatch:
    """The smallest changes that reach the Match cycle before the earliest reachable one."""
    now = build_timeline(profile, book, on=on).earliest_match_year
    if now is None:
        return EarlierMatch(
            on, None, None, (), "No Match is reachable with these answers yet, so none can come earlier."
        )
    target = now - 1
    deadline = date(target, 3, 31)  # past that year's Match Day nothing can reach it

    def reaches(changes: Mapping[str, Any], day: date) -> bool:
        try:
            changed = apply_changes(profile, changes, today=day)
        except WhatIfError:
            return False
        year = build_timeline(changed, book, on=day).earliest_match_year
        return year is not None and year <= target

    def suggestion(changes: dict[str, Any]) -> Suggestion | None:
        by = _latest(lambda day: reaches(changes, day), on, deadline)
        return None if by is None else _suggest(profile, changes, by, target, on)

    found = [s for c in _candidates(profile) if reaches(c, on) and (s := suggestion(c))]
    for step in BOOKABLE:
        if answer_value(profile, f"exams.{step}.status") not in (None, "passed"):
            path = f"exams.{step}"

            def sit_by(day: date, path: str = path) -> bool:
                return reaches({f"{path}.status": "scheduled", f"{path}.date": day}, on)

            by = _latest(sit_by, on, deadline)
            if by is not None:
                found.append(_suggest(profile, {f"{path}.status": "scheduled", f"{path}.date": by}, by, target, on))
    if not found:
        singles = _candidates(profile)
        for a, b in list(combinations(singles, 2))[:MAX_PAIRS_TRIED]:
            if a.keys() & b.keys():
                continue
            pair = {**a, **b}
            if reaches(pair, on) and (s := suggestion(pair)):
                found.append(s)
            if len(found) >= limit:
                break
    if not found:
        return EarlierMatch(
            on,
            now,
            target,
            (),
            f"Nothing you could still do brings the Match forward to {target}: no single change, and no "
            f"pair of changes, among your exams, Pathway, credentials, visa preference and job offer reaches it.",
        )
    found.sort(key=lambda s: (len(s.changes), -s.by.toordinal(), s.words))
    return EarlierMatch(on, now, target, tuple(found[:limit]), "")


def _suggest(profile: Profile, changes: dict[str, Any], by: date, target: int, on: date) -> Suggestion:
    status = next((p for p in changes if p.endswith(".status") and changes[p] == "scheduled"), None)
    if status is not None:
        words = f"Sit {BY_PATH[status].noun} (and pass)"
    else:
        after = apply_changes(profile, changes, today=on)
        words = "; ".join(f"{BY_PATH[c.path].noun}: {c.after}" for c in changed_answers(profile, after, changes))
    return Suggestion(changes, words, by, target)
