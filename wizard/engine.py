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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from wizard.facts import FACTS, Context, FactType, value_of
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


class LeafTrace(NamedTuple):
    fact: str
    op: str
    expected: Any
    actual: Any
    outcome: Truth


class RuleResult(NamedTuple):
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


# A compiled condition: given a fact reader and a trace list, return (truth, deciding leaves).
Compiled = Callable[[Callable[[str], Any], list], tuple[Truth, list]]


def _coerce(expected: Any, fact_type: FactType) -> Any:
    """Rule files write dates as ISO strings; compare them as dates."""
    if fact_type is not FactType.date:
        return expected
    if isinstance(expected, list):
        return [date.fromisoformat(v) if isinstance(v, str) else v for v in expected]
    return date.fromisoformat(expected) if isinstance(expected, str) else expected


def _compile_leaf(leaf: Leaf) -> Compiled:
    name, op, raw = leaf.fact, leaf.op.value, leaf.value
    expected = _coerce(raw, FACTS[name].type)
    if isinstance(expected, list):
        expected = tuple(expected)
    compare = _COMPARE[leaf.op]

    def run(read: Callable[[str], Any], trace: list) -> tuple[Truth, list]:
        actual = read(name)
        truth: Truth = None if actual is None else bool(compare(actual, expected))
        record = LeafTrace(name, op, raw, actual, truth)
        trace.append(record)
        return truth, [record]

    return run


def _compile(cond: Condition) -> Compiled:
    if isinstance(cond, Leaf):
        return _compile_leaf(cond)
    if isinstance(cond, Not):
        inner = _compile(cond.not_)

        def negate(read, trace):
            truth, why = inner(read, trace)
            return (None if truth is None else not truth), why

        return negate
    is_all = isinstance(cond, All)
    children = [_compile(c) for c in (cond.all if is_all else cond.any)]
    deciding = not is_all  # all() is decided by a False, any() by a True

    def combine(read, trace):
        results = [child(read, trace) for child in children]
        decided = [why for truth, why in results if truth is deciding]
        if decided:
            return deciding, decided[0] if is_all else [r for why in decided for r in why]
        if any(truth is None for truth, _ in results):
            return None, [r for truth, why in results if truth is None for r in why]
        return (not deciding), [r for _, why in results for r in why]

    return combine


# Shared by every session, and safe to share: it holds compiled rules, never anyone's answers.
_COMPILED: dict[int, tuple[Rule, Compiled]] = {}


def _compiled(rule: Rule) -> Compiled:
    """Compile each rule's condition once; the rule is kept referenced so its id stays unique."""
    entry = _COMPILED.get(id(rule))
    if entry is None or entry[0] is not rule:
        if len(_COMPILED) > 10_000:
            _COMPILED.clear()
        entry = (rule, _compile(rule.when))
        _COMPILED[id(rule)] = entry
    return entry[1]


_VERDICT = {True: Outcome.applies, False: Outcome.does_not_apply, None: Outcome.needs_info}


def _missing(reasons: list[LeafTrace]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.fact for r in reasons if r.outcome is None))


def _reader(ctx: Context, cache: dict[str, Any]) -> Callable[[str], Any]:
    def read(name: str) -> Any:
        try:
            return cache[name]
        except KeyError:
            value = cache[name] = value_of(name, ctx)
            return value

    return read


def evaluate_rule(rule: Rule, ctx: Context, cache: dict[str, Any] | None = None) -> RuleResult:
    return _evaluate(rule, ctx, _reader(ctx, {} if cache is None else cache))


def _evaluate(rule: Rule, ctx: Context, read: Callable[[str], Any]) -> RuleResult:
    if not rule.effective.covers(ctx.on):
        return RuleResult(rule, Outcome.not_in_force, (), (), ())
    trace: list[LeafTrace] = []
    truth, why = _compiled(rule)(read, trace)
    missing = _missing(why) if truth is None else ()
    return RuleResult(rule, _VERDICT[truth], tuple(trace), missing, tuple(why))


def evaluate(rulebook: RuleBook, answers: Profile, *, on: date) -> Evaluation:
    """Evaluate every rule in the book for these answers on this date."""
    ctx = Context(profile=answers, on=on, data=rulebook.data, states=rulebook.states)
    read = _reader(ctx, {})
    return Evaluation(on=on, profile=answers, results=tuple(_evaluate(lr.rule, ctx, read) for lr in rulebook.rules))


def asks_for(fact_names: tuple[str, ...] | list[str]) -> list[str]:
    """The answer paths that would make these facts known, in first-seen order."""
    out: dict[str, None] = {}
    for name in fact_names:
        for path in FACTS[name].asks:
            out.setdefault(path, None)
    return list(out)
