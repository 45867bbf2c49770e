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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import Any, NamedTuple, Protocol, TypeVar, cast

from wizard.engine.implications import apply_implications
from wizard.engine.rulebook import All, Condition, GateEffect, Leaf, Not, Op, Outcome, Rule, RuleBook
from wizard.engine.vocabulary import Fact, FactType

Truth = bool | None  # None: unknown, because an answer (or a published fact) is missing

_COMPARE: dict[Op, Callable[[Any, Any], Any]] = {
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
    profile: Any  # the answers, in the vocabulary's own model, with what they imply filled in
    results: tuple[RuleResult, ...]
    #: Answer path → the implication that settled it (the person left it empty).
    settled: Mapping[str, Any] = field(default_factory=dict)
    #: Answer path → the implication the person's own answer contradicts (their answer is kept).
    contradicted: Mapping[str, Any] = field(default_factory=dict)

    def result(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def outcomes(self) -> dict[str, Outcome]:
        return {r.id: r.outcome for r in self.results}

    def gates_in_force(self) -> tuple[Rule, ...]:
        """The gating rules that apply to these answers (a gate that needs information does not gate).

        A blocker that a scope gate ("not_applicable") leaves out of the plan blocks nothing.
        """
        return self._gates

    @cached_property
    def _gates(self) -> tuple[Rule, ...]:  # worked out once: the plan asks for every rule
        applying = [r.rule for r in self.results if r.rule.gates is not None and r.outcome is Outcome.applies]
        scopes = [g.gates for g in applying if g.gates is not None and g.gates.effect is GateEffect.not_applicable]
        return tuple(
            g
            for g in applying
            if g.gates is not None
            and (g.gates.effect is GateEffect.not_applicable or not any(s.covers(g.id) for s in scopes))
        )

    def gated_by(self, rule_id: str, effect: GateEffect) -> tuple[Rule, ...]:
        """The gates in force, of this effect, that name this rule."""
        return tuple(
            g
            for g in self.gates_in_force()
            if g.gates is not None and g.gates.effect is effect and g.gates.covers(rule_id)
        )


# A compiled condition: given the evaluation's fact values, its context and a trace list,
# return (truth, the leaves that decided it).
Trace = list[LeafTrace]
Compiled = Callable[[dict[str, Any], Any, Trace], tuple[Truth, Trace]]


def _coerce(expected: Any, fact_type: FactType) -> Any:
    """Rule files write dates as ISO strings; compare them as dates."""
    if fact_type is not FactType.date:
        return expected
    if isinstance(expected, list):
        return [date.fromisoformat(v) if isinstance(v, str) else v for v in expected]
    return date.fromisoformat(expected) if isinstance(expected, str) else expected


_UNSET = object()
_NT = TypeVar("_NT", bound=tuple[Any, ...])


class _TupleMaker(Protocol):
    def __call__(self, cls: type[_NT], values: tuple[Any, ...], /) -> _NT: ...


# Builds a NamedTuple without its Python-level constructor (measurably faster on every leaf);
# the cast says what `tuple.__new__` returns: an instance of the class it is given.
_new_trace = cast(_TupleMaker, tuple.__new__)


def _compile_leaf(leaf: Leaf, facts: Mapping[str, Fact]) -> Compiled:
    name, op, raw = leaf.fact, leaf.op.value, leaf.value
    expected = _coerce(raw, facts[name].type)
    if isinstance(expected, list):
        expected = tuple(expected)
    compare = _COMPARE[leaf.op]
    read = facts[name].get

    def run(values: dict[str, Any], ctx: Any, trace: Trace) -> tuple[Truth, Trace]:
        actual = values.get(name, _UNSET)
        if actual is _UNSET:  # each fact is read once per evaluation, whichever rule asks first
            actual = read(ctx)
            if isinstance(actual, Enum):
                actual = actual.value
            values[name] = actual
        truth: Truth = None if actual is None else bool(compare(actual, expected))
        record = _new_trace(LeafTrace, (name, op, raw, actual, truth))  # skips NamedTuple's wrapper
        trace.append(record)
        return truth, [record]

    return run


def _compile(cond: Condition, facts: Mapping[str, Fact]) -> Compiled:
    if isinstance(cond, Leaf):
        return _compile_leaf(cond, facts)
    if isinstance(cond, Not):
        inner = _compile(cond.not_, facts)

        def negate(values: dict[str, Any], ctx: Any, trace: Trace) -> tuple[Truth, Trace]:
            truth, why = inner(values, ctx, trace)
            return (None if truth is None else not truth), why

        return negate
    is_all = isinstance(cond, All)
    children = tuple(_compile(c, facts) for c in (cond.all if isinstance(cond, All) else cond.any))
    deciding = not is_all  # all() is decided by a False, any() by a True

    def combine(values: dict[str, Any], ctx: Any, trace: Trace) -> tuple[Truth, Trace]:
        # Every child is evaluated, even after the verdict is known, so the trace is complete.
        decided: Trace = []
        unknown: Trace = []
        every: Trace = []
        for child in children:
            truth, why = child(values, ctx, trace)
            if truth is deciding:
                if is_all:
                    if not decided:
                        decided = why
                else:
                    decided += why
            elif truth is None:
                unknown += why
            every += why
        if decided:
            return deciding, decided
        if unknown:
            return None, unknown
        return (not deciding), every

    return combine


# Shared by every session, and safe to share: it holds compiled rules, never anyone's answers.
_COMPILED: dict[int, tuple[Rule, Compiled]] = {}


def _compiled(rule: Rule, facts: Mapping[str, Fact]) -> Compiled:
    """Compile each rule's condition once; the rule is kept referenced so its id stays unique."""
    entry = _COMPILED.get(id(rule))
    if entry is None or entry[0] is not rule:
        if len(_COMPILED) > 10_000:
            _COMPILED.clear()
        entry = (rule, _compile(rule.when, facts))
        _COMPILED[id(rule)] = entry
    return entry[1]


_VERDICT = {True: Outcome.applies, False: Outcome.does_not_apply, None: Outcome.needs_info}


def _missing(reasons: list[LeafTrace]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.fact for r in reasons if r.outcome is None))


def evaluate_rule(rule: Rule, ctx: Any, facts: Mapping[str, Fact], cache: dict[str, Any] | None = None) -> RuleResult:
    """One rule against a ready context (it has the evaluation date as `ctx.on`)."""
    if not rule.effective.covers(ctx.on):
        return RuleResult(rule, Outcome.not_in_force, (), (), ())
    return _result(rule, _compiled(rule, facts), ctx, {} if cache is None else cache)


def _result(rule: Rule, condition: Compiled, ctx: Any, values: dict[str, Any]) -> RuleResult:
    trace: list[LeafTrace] = []
    truth, why = condition(values, ctx, trace)
    missing = _missing(why) if truth is None else ()
    return _new_trace(RuleResult, (rule, _VERDICT[truth], tuple(trace), missing, tuple(why)))


# Shared by every session, and safe to share: per loaded rule book, its rules compiled.
_BOOKS: dict[int, tuple[RuleBook, tuple[tuple[Rule, Compiled], ...]]] = {}


def _compiled_book(rulebook: RuleBook) -> tuple[tuple[Rule, Compiled], ...]:
    entry = _BOOKS.get(id(rulebook))
    if entry is None or entry[0] is not rulebook:
        if len(_BOOKS) > 100:
            _BOOKS.clear()
        facts = rulebook.vocabulary.facts
        entry = _BOOKS[id(rulebook)] = (rulebook, tuple((lr.rule, _compiled(lr.rule, facts)) for lr in rulebook.rules))
    return entry[1]


# Shared by every session, and safe to share: compiled conditions of implications, kept with them.
_CONDITIONS: dict[int, tuple[Condition, Compiled]] = {}


def condition_truth(cond: Condition, ctx: Any, facts: Mapping[str, Fact]) -> Truth:
    """One condition tree against a ready context: true, false or unknown (compiled once)."""
    entry = _CONDITIONS.get(id(cond))
    if entry is None or entry[0] is not cond:
        if len(_CONDITIONS) > 10_000:
            _CONDITIONS.clear()
        entry = _CONDITIONS[id(cond)] = (cond, _compile(cond, facts))
    return entry[1]({}, ctx, [])[0]


def evaluate(rulebook: RuleBook, answers: Any, *, on: date) -> Evaluation:
    """Evaluate every rule in the book for these answers (with what they imply) on this date."""
    implied = apply_implications(rulebook, answers, on)
    answers = implied.answers
    ctx = rulebook.vocabulary.context(answers, on, rulebook)
    values: dict[str, Any] = {}
    results = tuple(
        _result(rule, condition, ctx, values)
        if rule.effective.covers(on)
        else RuleResult(rule, Outcome.not_in_force, (), (), ())
        for rule, condition in _compiled_book(rulebook)
    )
    return Evaluation(
        on=on, profile=answers, results=results, settled=implied.settled, contradicted=implied.contradicted
    )
