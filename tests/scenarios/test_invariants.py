"""Invariants over the whole answer space: the plan, the timeline and the state judgements together.

Hypothesis generates answers (tests/answer_strategies.py) and dates; every valid profile must
satisfy every invariant below. CI runs a bounded number of examples; for a long run set
INVARIANT_EXAMPLES (e.g. `INVARIANT_EXAMPLES=10000 .venv/bin/python -m pytest
tests/scenarios/test_invariants.py -q`). When one fails, Hypothesis shrinks it to a minimal
profile: fix the rule book or the engine, and add that profile as a named scenario in
tests/scenarios/test_found_by_invariants.py.
"""

from __future__ import annotations

import os
import re
from datetime import date

from answer_strategies import answers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.domain.facts import FACTS, Context, value_of
from wizard.domain.profile import Profile, parse_profile
from wizard.domain.state_pathways import Check, Verdict, state_pathways_for
from wizard.engine.evaluation import evaluate
from wizard.engine.loader import PLACEHOLDER
from wizard.engine.rulebook import GateEffect, RuleBook
from wizard.outputs.plan import Plan, build_plan, plan_as_dict
from wizard.outputs.timeline import build_timeline

EXAMPLES = int(os.environ.get("INVARIANT_EXAMPLES", "150"))
DATES = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CLAIMS_TO_BLOCK = re.compile(r"no other step|until this is resolved", re.IGNORECASE)
UNFILLED = re.compile(r"\{[a-z0-9_.]+\}|\bNone\b")


#: Next steps that need an earlier eligibility: when it is not met, the text must name it after "after".
def graduated(p: Profile, on: date) -> bool:
    """Graduated, by the answer or by a graduation year already past (the year is asked of everyone)."""
    enrolment, year = p.degree.enrolment, p.degree.graduation_year
    if enrolment is not None:
        return enrolment.value == "graduate"
    return year is not None and year < on.year


def certified(p: Profile, on: date) -> bool:
    return p.exams.ecfmg_certified is True


NEEDS_FIRST = {
    "usmle.step3_eligible": (certified, re.compile(r"after [^.]*certification")),
    "visa.step3_before_match": (certified, re.compile(r"after [^.]*certification")),
    "pathways.pathway1": (graduated, re.compile(r"after (you )?graduat")),
    "pathways.pathway6": (graduated, re.compile(r"after (you )?graduat")),
}


def ids(items) -> set[str]:
    return {i.id for i in items}


def plan_problems(book: RuleBook, profile: Profile, on: date) -> tuple[list[str], Plan]:
    evaluation = evaluate(book, profile, on=on)
    plan = build_plan(evaluation, book)
    # the plan's texts are filled from the answers as implications settle them, so read those
    ctx = Context(profile=evaluation.profile, on=on, data=book.data, states=book.states)
    out: list[str] = []
    for item in plan.next_steps + plan.fast_tracks:
        blocking = [g.id for g in evaluation.gated_by(item.id, GateEffect.blocks)]
        if blocking:
            out.append(f"{item.id} is offered now while {blocking} blocks it")
    for item in plan.warnings:  # a warning that says it blocks must be a declared blocker, so it gates
        if CLAIMS_TO_BLOCK.search(item.text) and item.id not in ids(plan.blockers):
            out.append(f"{item.id} says nothing else can start, but it gates nothing")
    if ids(plan.met) & ids(plan.missing):
        out.append(f"both met and missing: {ids(plan.met) & ids(plan.missing)}")
    for card in plan.cards:
        groups = (ids(card.met), ids(card.missing), ids(card.unknown))
        if sum(len(g) for g in groups) != len(set().union(*groups)):
            out.append(f"card {card.milestone.value} files one requirement twice")
    both = ids(plan.not_for_you) & (ids(plan.items()) | {n for c in plan.cards for n in ids(c.met + c.missing)})
    if both:
        out.append(f"shown although not applicable: {both}")
    for item in plan.next_steps:
        eligible, said = NEEDS_FIRST.get(item.id, (None, None))
        if eligible is not None and said is not None and not eligible(profile, on) and not said.search(item.text):
            out.append(f"{item.id} recommended before its own eligibility without saying 'after'")
    for item in plan.items() + plan.scope:
        if UNFILLED.search(item.text) or UNFILLED.search(item.title):
            out.append(f"{item.id} has an unfilled placeholder: {item.text[:80]}")
        rule = book.rule(item.id)
        template = " ".join(t for t in (rule.says, rule.otherwise or "") if t)
        allowed = set(NUMBER.findall(template))
        for name in PLACEHOLDER.findall(template):
            allowed |= set(NUMBER.findall(FACTS[name].describe(value_of(name, ctx))))
        stray = set(NUMBER.findall(item.text)) - allowed
        if stray:
            out.append(f"{item.id} shows numbers from neither the rule book nor the answers: {stray}")
    return out, plan


def timeline_problems(book: RuleBook, profile: Profile, on: date, plan: Plan) -> list[str]:
    timeline = build_timeline(profile, book, on=on)
    out: list[str] = []
    if plan.blockers and timeline.residency_track:
        out.append(f"the timeline dates the residency route while {ids(plan.blockers)} blocks it")
    if plan.scope and timeline.phases:
        out.append("the timeline dates IMG phases for someone who is not an IMG")
    for phase in timeline.phases:
        if UNFILLED.search(phase.label) or UNFILLED.search(phase.note):
            out.append(f"phase {phase.id} has an unfilled placeholder")
        for end in (phase.end_optimistic, phase.end_typical, phase.end_conservative):
            if end is not None and end < on:
                out.append(f"phase {phase.id} is said to be ahead but ends {end}, before {on}")
    by_id = {p.id: p for p in timeline.phases}
    if "residency" in by_id and "match_day" in by_id and by_id["residency"].start < by_id["match_day"].start:
        out.append("residency starts before Match Day")
    if "step3" in by_id and "ecfmg_certificate" in by_id:  # preparing may start now; the sitting may not
        certificate, sitting = by_id["ecfmg_certificate"].end_typical, by_id["step3"].end_typical
        if certificate is not None and sitting is not None and sitting < certificate:
            out.append("Step 3 is sat before the ECFMG certificate is issued")
    for note in timeline.notes + timeline.assumptions:
        if UNFILLED.search(note):
            out.append(f"timeline note has an unfilled placeholder: {note[:80]}")
    return out


def state_problems(book: RuleBook, profile: Profile, on: date) -> list[str]:
    out: list[str] = []
    for a in state_pathways_for(profile, book, on=on).assessments:
        keys = [c.key for c in a.checks]
        if len(keys) != len(set(keys)):
            out.append(f"{a.code} {a.pathway}: a requirement judged twice")
        statuses = {c.status for c in a.checks}
        if a.verdict is Verdict.qualifies and statuses & {Check.missing, Check.not_met}:
            out.append(f"{a.code} {a.pathway}: 'appears to qualify' with a requirement missing or not met")
        if a.verdict is Verdict.does_not_qualify and Check.not_met not in statuses:
            out.append(f"{a.code} {a.pathway}: 'does not qualify' with no requirement not met")
    return out


def all_problems(book: RuleBook, data: dict, on: date) -> list[str] | None:
    """Every broken invariant for these answers on this date; None when the answers are not valid."""
    try:
        profile = parse_profile(data, today=on)
    except ValidationError:
        return None
    problems, plan = plan_problems(book, profile, on)
    problems += timeline_problems(book, profile, on, plan)
    problems += state_problems(book, profile, on)
    renamed = profile.model_copy(update={"about": profile.about.model_copy(update={"name": "Another Name"})})
    if plan_as_dict(build_plan(evaluate(book, renamed, on=on), book)) != plan_as_dict(plan):
        problems.append("the plan changed when only the name changed")
    return problems


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
@given(data=answers, on=DATES)
def test_every_valid_profile_keeps_every_invariant(book, data, on):
    problems = all_problems(book, data, on)
    assume(problems is not None)
    assert problems == []
