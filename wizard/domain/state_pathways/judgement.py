"""Judging pathways for one person: one pathway, one state, every state, and the counts.

Owns: `assess_pathway` (the checks and verdict of `checks.judge`, with the headline, stages,
status and sources a view shows), `assess` (every full pathway, best fit first, then every
limited-licence program), `assess_state`, `best_for`, `best_verdict`, `count_fitting_states`
(cheap, for the rule engine) and `fitting_states`. The pathways give no visa: every assessment
says so.

Must not know: how a single requirement is checked, Streamlit or the clock (the caller passes `on`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import Any

from wizard.domain.profile import Profile
from wizard.domain.state_pathways.checks import CHECK_CACHE_LIMIT, judge
from wizard.domain.state_pathways.verdicts import (
    STATUS_LABELS,
    VERDICT_RANK,
    Assessment,
    Check,
    StageFact,
    UnknownBecause,
    Verdict,
    fits,
)
from wizard.domain.state_pathways.wording import dedupe_sources, unknown_text, years_text
from wizard.domain.state_pathways.you import You
from wizard.domain.states import Fact, ImplementationStatus, Pathway, PathwayKind, StateBook, StateRecord, iter_sources
from wizard.engine.provenance import Source


def _stage(label: str, fact: Fact[Any], fmt: Callable[[Any], str] | None = None) -> StageFact:
    if fact.value is None:
        return StageFact(label, None, unknown_text(fact), False, tuple(fact.sources))
    text = fmt(fact.value) if fmt else str(fact.value)
    if fact.note and fmt:
        text = f"{text} ({fact.note})"
    return StageFact(label, fact.value, text, True, tuple(fact.sources))


def _stages(p: Pathway) -> tuple[StageFact, ...]:
    out: list[StageFact] = []
    if p.provisional is not None:
        out += [
            _stage("Provisional stage", p.provisional.years, years_text),
            _stage("Supervision", p.provisional.supervision),
            _stage("Renewals", p.provisional.renewals),
            _stage("Where you may practise", p.provisional.location_limits),
        ]
    if p.full_licence is not None:
        out += [
            _stage("Years to a full licence", p.full_licence.years_to_full, years_text),
            _stage(
                "Step 3 for the full licence",
                p.full_licence.step3_required,
                lambda v: "required" if v else "not required",
            ),
        ]
    return tuple(out)


def _join(items: Iterable[str]) -> str:
    items = list(items)
    return "; ".join(items)


def _headline(
    verdict: Verdict,
    record: StateRecord,
    p: Pathway,
    pieces: Sequence[str],
    blockers: Sequence[str],
    confirm: Sequence[str],
    answers: Sequence[str],
    limited: bool,
) -> str:
    where = f"{record.name}'s {p.name}"
    if limited and p.requirements is None:
        return (
            f"{where} is a limited licence: it does not lead to a full licence by itself. Its eligibility "
            "rules are not recorded here in a form the wizard can check, so whether you fit is unknown; "
            "read the summary and ask the board."
        )
    if verdict is Verdict.does_not_qualify:
        return f"You do not qualify for {where} now: {_join(blockers)}."
    if verdict is Verdict.qualifies:
        text = f"You appear to qualify for {where}, on what {record.name} has published."
        if confirm:
            text += f" Still to confirm with the board: {_join(confirm)}."
        return text
    if verdict is Verdict.could_qualify:
        text = f"You could qualify for {where} once you have: {_join(pieces)}."
        if confirm:
            text += f" Still to confirm with the board: {_join(confirm)}."
        return text
    parts = []
    if answers:
        parts.append(f"your answers to: {_join(answers)}")
    decisive_confirm = [c for c in confirm if c]
    if decisive_confirm:
        parts.append(f"facts {record.name} has not published or we could not confirm: {_join(decisive_confirm)}")
    text = f"Whether you qualify for {where} is unknown; it turns on " + " and on ".join(parts) + "."
    if pieces:
        text += f" You would also need: {_join(pieces)}."
    return text


# Shared by every session, and safe to share: it holds facts of the frozen state data, never answers.
_SOURCES: dict[int, tuple[Pathway, tuple[Source, ...], date | None]] = {}


def _pathway_sources(p: Pathway) -> tuple[tuple[Source, ...], date | None]:
    """Every source of a pathway, deduplicated, and the oldest as-of (computed once per pathway)."""
    entry = _SOURCES.get(id(p))
    if entry is None or entry[0] is not p:
        if len(_SOURCES) > 10_000:
            _SOURCES.clear()
        sources = dedupe_sources(s for _, s in iter_sources(p))
        entry = (p, sources, min((s.as_of for s in sources), default=None))
        _SOURCES[id(p)] = entry
    return entry[1], entry[2]


def assess_pathway(
    profile: Profile, record: StateRecord, p: Pathway, *, on: date, most_practice: float | None = None
) -> Assessment:
    checks, verdict = judge(You.of(profile), record, p, most_practice)
    pieces = tuple(dict.fromkeys(piece for c in checks if c.status is Check.missing for piece in c.pieces))
    blockers = tuple(f"{c.label}: {c.detail}" for c in checks if c.status is Check.not_met)
    unknowns = [c for c in checks if c.status is Check.unknown]
    confirm_state = [c for c in unknowns if c.unknown_because is UnknownBecause.state]
    to_confirm = tuple(f"{c.label} ({c.detail})" if c.detail else c.label for c in confirm_state)
    answers = tuple(dict.fromkeys(a for c in unknowns if c.unknown_because is UnknownBecause.answer for a in c.asks))
    decisive_confirm = tuple(f"{c.label} ({c.detail})" for c in confirm_state if c.decisive)
    if verdict is Verdict.unknown:
        answer_labels = tuple(dict.fromkeys(c.label for c in unknowns if c.unknown_because is UnknownBecause.answer))
        headline = _headline(
            verdict, record, p, pieces, blockers, decisive_confirm, answer_labels, p.kind is PathwayKind.limited
        )
    else:
        headline = _headline(verdict, record, p, pieces, blockers, to_confirm, (), p.kind is PathwayKind.limited)
    status = p.status.value
    can_apply = {
        ImplementationStatus.accepting_applications: True,
        ImplementationStatus.licences_issued: True,
        ImplementationStatus.law_only: False,
        ImplementationStatus.rules_pending: False,
        ImplementationStatus.unknown: None,
    }[status]
    sources, oldest = _pathway_sources(p)
    years_to_full = p.full_licence.years_to_full.value if p.full_licence else None
    provisional_years = p.provisional.years.value if p.provisional else None
    limits = p.provisional.location_limits.value if p.provisional else None
    return Assessment(
        code=record.code,
        state_name=record.name,
        pathway=p.name,
        kind=p.kind,
        verdict=verdict,
        headline=headline,
        checks=tuple(checks),
        missing_pieces=pieces,
        blockers=blockers,
        to_confirm=to_confirm,
        answers_needed=answers,
        law=p.law.value,
        law_sources=tuple(p.law.sources),
        summary=p.summary.value,
        status=status,
        status_label=STATUS_LABELS[status],
        status_note=p.status.note or p.status.unknown_reason,
        status_sources=tuple(p.status.sources),
        can_apply_now=can_apply,
        stages=_stages(p),
        provisional_years=provisional_years,
        years_to_full=years_to_full,
        location_limits=limits,
        sources=sources,
        oldest_as_of=oldest,
        stale=any(s.is_stale(on) for s in sources),
        is_target=record.code == (profile.target.state or ""),
    )


def _most_practice(states: StateBook) -> float | None:
    """The largest minimum years of practice any state publishes for its full pathway."""
    cached = _MOST_PRACTICE.get(id(states))
    if cached is None or cached[0] is not states:
        cached = _MOST_PRACTICE[id(states)] = (states, _largest_practice_minimum(states))
    return cached[1]


# Shared by every session, and safe to share: one number per loaded state book, no answers.
_MOST_PRACTICE: dict[int, tuple[StateBook, float | None]] = {}


def _largest_practice_minimum(states: StateBook) -> float | None:
    known = [
        float(p.requirements.min_years_practice_abroad.value)
        for r in states.with_alternative_pathway()
        for p in r.full_pathways
        if p.requirements is not None and p.requirements.min_years_practice_abroad.value is not None
    ]
    return max(known) if known else None


def assess(profile: Profile, states: StateBook, *, on: date) -> list[Assessment]:
    """Every full pathway (best fit first), then every limited-licence program (labelled `limited`)."""
    most = _most_practice(states)
    full = [
        assess_pathway(profile, r, p, on=on, most_practice=most)
        for r in states.with_alternative_pathway()
        for p in r.full_pathways
    ]
    limited = [
        assess_pathway(profile, r, p, on=on, most_practice=most)
        for r in states.with_limited_licence()
        for p in r.limited_pathways
    ]
    full.sort(key=lambda a: (not a.is_target, VERDICT_RANK[a.verdict]))
    limited.sort(key=lambda a: not a.is_target)
    return full + limited


def assess_state(profile: Profile, states: StateBook, code: str, *, on: date) -> list[Assessment]:
    """The full pathways of one state only (judged exactly as `assess` judges them)."""
    most = _most_practice(states)
    record = states.get(code)
    return [assess_pathway(profile, record, p, on=on, most_practice=most) for p in record.full_pathways]


def best_for(assessments: Iterable[Assessment], code: str) -> Assessment | None:
    """The best-fitting full pathway of one state, or None if it has none."""
    mine = [a for a in assessments if a.code == code and not a.limited]
    return min(mine, key=lambda a: VERDICT_RANK[a.verdict]) if mine else None


def best_verdict(profile: Profile, states: StateBook, code: str) -> Verdict | None:
    """The verdict of one state's best-fitting full pathway (as `best_for` would pick it), cheaply."""
    record = states.get(code)
    you = You.of(profile)
    most = _most_practice(states)
    verdicts = [judge(you, record, p, most)[1] for p in record.full_pathways]
    return min(verdicts, key=VERDICT_RANK.__getitem__) if verdicts else None


def count_fitting_states(profile: Profile, states: StateBook) -> int | None:
    """How many states' full pathways this person appears to fit, or would with a job offer only.

    None when there are none yet but an unanswered question could add some (unknown, not 0).
    The same judgement as `assess` + `fitting_states`, without building the explanations: the
    rule engine asks for this count on every evaluation, so it must stay cheap.
    """
    you = You.of(profile)
    key = (id(states), you.judged_answers)
    hit = _COUNTS.get(key)
    if hit is not None and hit[0] is states:
        return hit[1]
    if len(_COUNTS) > CHECK_CACHE_LIMIT:
        _COUNTS.clear()
    count = _count_fitting(you, states)
    _COUNTS[key] = (states, count)
    return count


# Shared by every session: counts keyed by the few answers the checks read (no name, nothing
# that identifies anyone), so a person's plan is not re-judged on every page draw.
_COUNTS: dict[tuple[int, Hashable], tuple[StateBook, int | None]] = {}


def _count_fitting(you: You, states: StateBook) -> int | None:
    most = _most_practice(states)
    fitting: set[str] = set()
    open_answers = False
    for r in states.with_alternative_pathway():
        for p in r.full_pathways:
            checks, verdict = judge(you, r, p, most)
            if fits(checks, verdict):
                fitting.add(r.code)
            elif verdict is Verdict.unknown and any(
                c.status is Check.unknown and c.unknown_because is UnknownBecause.answer and c.asks for c in checks
            ):
                open_answers = True
    if not fitting and open_answers:
        return None
    return len(fitting)


def fitting_states(assessments: Iterable[Assessment]) -> tuple[str, ...]:
    """States where the person appears to qualify, or could with a job offer only."""
    out: dict[str, None] = {}
    for a in assessments:
        if not a.limited and (a.verdict is Verdict.qualifies or a.only_missing_job_offer):
            out.setdefault(a.code, None)
    return tuple(out)
