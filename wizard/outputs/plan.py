"""Turn an evaluation into a plan a person can act on, every item with its why and its sources.

Owns: status cards (milestones), requirements met and missing, next steps in dependency
order, fast tracks, warnings, information, "answer these to see more", facts that are
not yet published, and stale-source flags. Text placeholders ({fact}) are filled here.
Gates declared in the rule book act here: while a "not_applicable" gate applies (someone who
is not an international graduate), the rules it names leave the plan and its `scope` says
why, at the top; while a blocker applies, the next steps and fast tracks it names wait under
`after_blockers` instead of being offered today.

Must not know: Streamlit, the clock, or how the plan is drawn or printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from wizard.domain.book import tier_words
from wizard.domain.facts import FACTS, Context, overdue_table_review, value_of
from wizard.domain.questions import BY_PATH
from wizard.engine.evaluation import Evaluation, LeafTrace, RuleResult
from wizard.engine.loader import PLACEHOLDER, leaves
from wizard.engine.provenance import Source
from wizard.engine.rulebook import GateEffect, Kind, Milestone, Outcome, Rule, RuleBook

MILESTONE_LABELS: dict[Milestone, str] = {
    Milestone.ecfmg_certification: "ECFMG certification",
    Milestone.match_eligibility: "Eligible for the next Match",
    Milestone.residency_start: "Ready to start residency",
    Milestone.visa_route: "Visa route",
    Milestone.state_licence: "State licence route",
}

_OP_WORDS = {"lt": "below", "le": "at most", "gt": "more than", "ge": "at least"}


class CardState(StrEnum):
    met = "met"
    missing = "missing"
    unknown = "unknown"


@dataclass(frozen=True)
class PlanItem:
    id: str
    kind: Kind
    title: str
    text: str
    why: tuple[str, ...]
    sources: tuple[Source, ...]
    stale: bool
    volatile: bool
    outcome: Outcome
    #: The day a source (or a table the rule reads) had to be re-read by, once it has passed.
    review_overdue: date | None = None


@dataclass(frozen=True)
class Card:
    milestone: Milestone
    label: str
    state: CardState
    met: tuple[PlanItem, ...]
    missing: tuple[PlanItem, ...]
    unknown: tuple[PlanItem, ...]


@dataclass(frozen=True)
class NeededAnswer:
    path: str
    label: str
    step: str
    unlocks: tuple[str, ...]  # titles of the rules this answer would decide


@dataclass(frozen=True)
class Plan:
    on: date
    cards: tuple[Card, ...]
    met: tuple[PlanItem, ...]
    missing: tuple[PlanItem, ...]
    next_steps: tuple[PlanItem, ...]
    fast_tracks: tuple[PlanItem, ...]
    warnings: tuple[PlanItem, ...]
    info: tuple[PlanItem, ...]
    needs_answers: tuple[NeededAnswer, ...]
    not_yet_known: tuple[str, ...]
    rules_as_of: date
    stale_count: int = field(default=0)
    overdue_count: int = field(default=0)  # items whose source or table is past its review date
    rule_book_version: str | None = None  # from rules/CHANGELOG.md
    rule_book_date: date | None = None
    scope: tuple[PlanItem, ...] = ()  # who the plan is for, when it is not the usual reader: said first
    not_for_you: tuple[PlanItem, ...] = ()  # rules left out because a scope gate says they do not apply
    blockers: tuple[PlanItem, ...] = ()  # hard blockers in force (also among the warnings)
    after_blockers: tuple[PlanItem, ...] = ()  # steps that wait until every blocker over them is resolved

    def items(self) -> tuple[PlanItem, ...]:
        """Everything the plan tells the person, in the order it is shown."""
        return (
            self.met
            + self.missing
            + self.next_steps
            + self.after_blockers
            + self.fast_tracks
            + self.warnings
            + self.info
        )

    def card(self, milestone: Milestone) -> Card:
        return next(c for c in self.cards if c.milestone is milestone)


def why_line(trace: LeafTrace, settled: Mapping[str, Any] | None = None) -> str:
    """One reason in words; a value another answer settled says so ("settled by your ECFMG certificate")."""
    fact = FACTS[trace.fact]
    if trace.outcome is None:
        return f"{fact.label}: not answered yet"
    line = f"{fact.label}: {fact.describe(trace.actual)}"
    if trace.op in _OP_WORDS:
        line += f" (this looks for {_OP_WORDS[trace.op]} {trace.expected})"
    by = next((settled[p] for p in fact.asks if settled and p in settled), None)
    if by is not None:
        line += f", settled by {by.because}"
    return line


def fill(text: str, ctx: Context) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        return FACTS[name].describe(value_of(name, ctx))

    return PLACEHOLDER.sub(sub, text)


def _review_overdue(rule: Rule, ctx: Context) -> date | None:
    passed: list[date | None] = [s.review_by for s in rule.sources if s.review_by is not None and s.is_overdue(ctx.on)]
    passed += [overdue_table_review(leaf.fact, ctx.data, ctx.on) for leaf, _ in leaves(rule.when)]
    return min((d for d in passed if d is not None), default=None)


def _item(result: RuleResult, ctx: Context, settled: Mapping[str, Any] | None = None) -> PlanItem:
    rule = result.rule
    met_or_applies = result.outcome is Outcome.applies
    template = rule.says if met_or_applies or rule.otherwise is None else rule.otherwise
    why: dict[str, None] = {}
    for trace in result.reasons:
        why.setdefault(why_line(trace, settled), None)
    return PlanItem(
        id=rule.id,
        kind=rule.kind,
        title=rule.title,
        text=fill(template, ctx),
        why=tuple(why),
        sources=tuple(rule.sources),
        stale=all(s.is_stale(ctx.on) for s in rule.sources),  # nothing re-confirms it within a year
        volatile=rule.volatile,
        outcome=result.outcome,
        review_overdue=_review_overdue(rule, ctx),
    )


def source_marks(source: Source) -> list[str]:
    """How a source is described beside its title, in words: its tier and its date."""
    kind = tier_words(str(source.url)) or ("" if source.official else "secondary source")
    return [m for m in (kind, source.dated_words) if m]


def overdue_words(item: PlanItem) -> str | None:
    if item.review_overdue is None:
        return None
    return (
        f"Review overdue: this rests on a source that was due to be checked again by "
        f"{item.review_overdue.isoformat()}. It may have changed; check it before you act."
    )


def _in_dependency_order(results: list[RuleResult]) -> list[RuleResult]:
    """Topological order over depends_on, keeping rule-book order where there is no constraint."""
    by_id = {r.id: r for r in results}
    placed: dict[str, None] = {}

    def place(r: RuleResult) -> None:
        if r.id in placed:
            return
        for dep in r.rule.depends_on:
            if dep in by_id:
                place(by_id[dep])
        placed[r.id] = None

    for r in results:
        place(r)
    return [by_id[i] for i in placed]


def _needed_answers(results: list[RuleResult], ctx: Context) -> tuple[list[NeededAnswer], list[str]]:
    unlocks: dict[str, list[str]] = {}
    unpublished: dict[str, None] = {}
    for r in results:
        if r.outcome is not Outcome.needs_info:
            continue
        for fact_name in r.missing:
            fact = FACTS[fact_name]
            unanswered = [p for p in fact.asks if p in BY_PATH and value_of(p, ctx) is None]
            open_questions = [p for p in unanswered if BY_PATH[p].asked(ctx.profile)] or unanswered
            if not open_questions:
                unpublished.setdefault(fact.label, None)
            for path in open_questions:
                titles = unlocks.setdefault(path, [])
                if r.rule.title not in titles:
                    titles.append(r.rule.title)
    order = {q: i for i, q in enumerate(BY_PATH)}
    needed = [
        NeededAnswer(path, BY_PATH[path].label, BY_PATH[path].step, tuple(titles))
        for path, titles in sorted(unlocks.items(), key=lambda kv: order.get(kv[0], 10_000))
        if path in BY_PATH
    ]
    return needed, list(unpublished)


def build_plan(evaluation: Evaluation, rulebook: RuleBook) -> Plan:
    ctx = Context(profile=evaluation.profile, on=evaluation.on, data=rulebook.data, states=rulebook.states)
    settled = evaluation.settled
    in_force = [r for r in evaluation.results if r.outcome is not Outcome.not_in_force]
    skipped = [r for r in in_force if evaluation.gated_by(r.id, GateEffect.not_applicable)]
    skipped_ids = {r.id for r in skipped}
    live = [r for r in in_force if r.id not in skipped_ids]
    waiting = {
        r.id
        for r in live
        if r.rule.kind in (Kind.next_step, Kind.fast_track) and evaluation.gated_by(r.id, GateEffect.blocks)
    }

    def items(kind: Kind, outcome: Outcome = Outcome.applies, *, held: bool = False) -> tuple[PlanItem, ...]:
        chosen = [r for r in live if r.rule.kind is kind and r.outcome is outcome and (r.id in waiting) is held]
        return tuple(_item(r, ctx, settled) for r in _in_dependency_order(chosen))

    def gating(effect: GateEffect) -> tuple[PlanItem, ...]:
        gates = {g.id for g in evaluation.gates_in_force() if g.gates is not None and g.gates.effect is effect}
        return tuple(_item(r, ctx, settled) for r in live if r.id in gates)

    requirements = [r for r in live if r.rule.kind is Kind.requirement]
    by_id = {r.id: _item(r, ctx, settled) for r in requirements}
    cards = []
    for milestone, label in MILESTONE_LABELS.items():
        counted = [r for r in requirements if milestone in r.rule.counts_toward]
        if not counted:
            continue
        met = tuple(by_id[r.id] for r in counted if r.outcome is Outcome.applies)
        missing = tuple(by_id[r.id] for r in counted if r.outcome is Outcome.does_not_apply)
        unknown = tuple(by_id[r.id] for r in counted if r.outcome is Outcome.needs_info)
        state = CardState.missing if missing else CardState.unknown if unknown else CardState.met
        cards.append(Card(milestone, label, state, met, missing, unknown))
    needed, unpublished = _needed_answers(live, ctx)
    scope = gating(GateEffect.not_applicable)
    scope_ids = {i.id for i in scope}
    plan = Plan(
        on=evaluation.on,
        cards=tuple(cards),
        met=items(Kind.requirement, Outcome.applies),
        missing=items(Kind.requirement, Outcome.does_not_apply),
        next_steps=items(Kind.next_step),
        fast_tracks=items(Kind.fast_track),
        warnings=items(Kind.warning),
        info=tuple(i for i in items(Kind.info) if i.id not in scope_ids),
        needs_answers=tuple(needed),
        not_yet_known=tuple(unpublished),
        rules_as_of=rulebook.newest_as_of,
        rule_book_version=rulebook.version,
        rule_book_date=rulebook.version_date,
        scope=scope,
        not_for_you=tuple(_item(r, ctx, settled) for r in skipped if r.outcome is not Outcome.does_not_apply),
        blockers=gating(GateEffect.blocks),
        after_blockers=items(Kind.next_step, held=True) + items(Kind.fast_track, held=True),
    )
    return Plan(
        **{
            **plan.__dict__,
            "stale_count": sum(1 for i in plan.items() if i.stale),
            "overdue_count": sum(1 for i in plan.items() if i.review_overdue),
        }
    )


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (dates as ISO strings, enums as their values)."""

    def item(i: PlanItem) -> dict[str, Any]:
        return {
            "id": i.id,
            "kind": i.kind.value,
            "title": i.title,
            "text": i.text,
            "why": list(i.why),
            "sources": [
                {**s.model_dump(mode="json", exclude_none=True), "tier": tier_words(str(s.url)) or None}
                for s in i.sources
            ],
            "possibly_stale": i.stale,
            "review_overdue_since": i.review_overdue.isoformat() if i.review_overdue else None,
            "volatile": i.volatile,
        }

    return {
        "on": plan.on.isoformat(),
        "rules_as_of": plan.rules_as_of.isoformat(),
        "rule_book_version": plan.rule_book_version,
        "rule_book_date": plan.rule_book_date.isoformat() if plan.rule_book_date else None,
        "cards": [
            {
                "milestone": c.milestone.value,
                "label": c.label,
                "state": c.state.value,
                "met": [i.id for i in c.met],
                "missing": [i.id for i in c.missing],
                "unknown": [i.id for i in c.unknown],
            }
            for c in plan.cards
        ],
        "met": [item(i) for i in plan.met],
        "missing": [item(i) for i in plan.missing],
        "next_steps": [item(i) for i in plan.next_steps],
        "fast_tracks": [item(i) for i in plan.fast_tracks],
        "warnings": [item(i) for i in plan.warnings],
        "info": [item(i) for i in plan.info],
        "answer_to_see_more": [
            {"question": n.path, "label": n.label, "step": n.step, "unlocks": list(n.unlocks)}
            for n in plan.needs_answers
        ],
        "not_yet_published": list(plan.not_yet_known),
        "scope": [item(i) for i in plan.scope],
        "not_for_you": [i.title for i in plan.not_for_you],
        "blockers": [i.id for i in plan.blockers],
        "after_blockers": [item(i) for i in plan.after_blockers],
    }
