"""Evaluate a rule book against one person's answers on a given date, explaining every verdict.

Owns: three-valued evaluation (true / false / unknown, Kleene logic) of condition trees,
the per-rule outcome (applies, does not apply, needs information, not in force), the
trace of every leaf, and the facts still missing. Pure and deterministic: the same
rule book, answers and date always give the same `Evaluation`; it never raises on
valid answers.

Must not know: Streamlit, the clock, or how results are presented.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.facts import FACTS, Context, value_of
from wizard.profile import Profile
from wizard.rulebook import All, AnyOf, Condition, Leaf, Not, Op, Outcome, Rule, RuleBook

Truth = bool | None  # None: unknown, because an answer (or a published fact) is missing

_COMPARE = {
    Op.eq: operator.eq,
    Op.ne: operator.ne,
    Op.lt: operator.lt,
    Op.le: operator.le,
    Op.gt: operator.gt,
    Op.ge: operator.ge,
    Op.in_: lambda actual, expected: actual in expected,
    Op.not_in: lambda actual, expected: actual not in expected,
}


@dataclass(frozen=True)
class LeafTrace:
    fact: str
    op: str
    expected: Any
    actual: Any
    outcome: Truth


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    outcome: Outcome
    trace: tuple[LeafTrace, ...]
    missing: tuple[str, ...]  # facts whose absence left the verdict open
    reasons: tuple[LeafTrace, ...]  # the leaves that decided the verdict

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Evaluation:
    on: date
    profile: Profile
    results: tuple[RuleResult, ...]

    def result(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def outcomes(self) -> dict[str, Outcome]:
        return {r.id: r.outcome for r in self.results}


def _coerce(expected: Any, actual: Any) -> Any:
    """Rule files write dates as ISO strings; compare them as dates."""
    if isinstance(actual, date):
        if isinstance(expected, list):
            return [date.fromisoformat(v) if isinstance(v, str) else v for v in expected]
        if isinstance(expected, str):
            return date.fromisoformat(expected)
    return expected


class _Run:
    """One rule's evaluation: memoised fact values shared across rules, leaf traces kept."""

    def __init__(self, ctx: Context, cache: dict[str, Any]):
        self.ctx = ctx
        self.cache = cache
        self.trace: list[LeafTrace] = []

    def fact(self, name: str) -> Any:
        if name not in self.cache:
            self.cache[name] = value_of(name, self.ctx)
        return self.cache[name]

    def leaf(self, leaf: Leaf) -> tuple[Truth, LeafTrace]:
        actual = self.fact(leaf.fact)
        if actual is None:
            truth: Truth = None
        else:
            truth = bool(_COMPARE[leaf.op](actual, _coerce(leaf.value, actual)))
        record = LeafTrace(leaf.fact, leaf.op.value, leaf.value, actual, truth)
        self.trace.append(record)
        return truth, record

    def eval(self, cond: Condition) -> tuple[Truth, list[LeafTrace]]:
        """Return the truth and the leaves that explain it (for "why")."""
        if isinstance(cond, Leaf):
            truth, record = self.leaf(cond)
            return truth, [record]
        if isinstance(cond, Not):
            truth, why = self.eval(cond.not_)
            return (None if truth is None else not truth), why
        children = [self.eval(c) for c in (cond.all if isinstance(cond, All) else cond.any)]
        deciding = False if isinstance(cond, All) else True
        decided = [why for truth, why in children if truth is deciding]
        if decided:
            return deciding, decided[0] if isinstance(cond, All) else [r for why in decided for r in why]
        if any(truth is None for truth, _ in children):
            return None, [r for truth, why in children if truth is None for r in why]
        return (not deciding), [r for _, why in children for r in why]


def _missing(reasons: list[LeafTrace]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for r in reasons:
        if r.outcome is None:
            seen.setdefault(r.fact, None)
    return tuple(seen)


def evaluate_rule(rule: Rule, ctx: Context, cache: dict[str, Any] | None = None) -> RuleResult:
    if not rule.effective.covers(ctx.on):
        return RuleResult(rule, Outcome.not_in_force, (), (), ())
    run = _Run(ctx, {} if cache is None else cache)
    truth, why = run.eval(rule.when)
    outcome = {True: Outcome.applies, False: Outcome.does_not_apply, None: Outcome.needs_info}[truth]
    missing = _missing(why) if truth is None else ()
    return RuleResult(rule, outcome, tuple(run.trace), missing, tuple(why))


def evaluate(rulebook: RuleBook, answers: Profile, *, on: date) -> Evaluation:
    """Evaluate every rule in the book for these answers on this date."""
    ctx = Context(profile=answers, on=on, data=rulebook.data)
    cache: dict[str, Any] = {}
    results = tuple(evaluate_rule(lr.rule, ctx, cache) for lr in rulebook.rules)
    return Evaluation(on=on, profile=answers, results=results)


def asks_for(fact_names: tuple[str, ...] | list[str]) -> list[str]:
    """The answer paths that would make these facts known, in first-seen order."""
    out: dict[str, None] = {}
    for name in fact_names:
        for path in FACTS[name].asks:
            out.setdefault(path, None)
    return list(out)
