"""The engine: three-valued logic, effective dates, traces, and what is still missing."""

from __future__ import annotations

from datetime import date

from wizard.domain.facts import FACTS, Context
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate, evaluate_rule
from wizard.engine.rulebook import Outcome, Rule, RuleBook

ON = date(2026, 11, 25)
SOURCE = [{"url": "https://www.usmle.org/", "title": "USMLE", "as_of": "2026-01-01"}]
EXAMPLES = [
    {"name": "a", "answers": {}, "expect": "applies"},
    {"name": "b", "answers": {}, "expect": "does_not_apply"},
]


def rule(when: dict, **extra) -> Rule:
    return Rule.model_validate(
        {
            "id": "t.r",
            "title": "T",
            "kind": "info",
            "when": when,
            "says": "s",
            "sources": SOURCE,
            "effective": {"from": "2020-01-01"},
            "examples": EXAMPLES,
            **extra,
        }
    )


def outcome(when: dict, answers: dict, on: date = ON, **extra) -> Outcome:
    return run(when, answers, on, **extra).outcome


def run(when: dict, answers: dict, on: date = ON, **extra):
    return evaluate_rule(rule(when, **extra), Context(parse_profile(answers, today=on), on), FACTS)


PASSED_1 = {"fact": "exams.step1.status", "op": "eq", "value": "passed"}
GRADUATE = {"fact": "is_graduate", "op": "eq", "value": True}
STEP1_PASSED = {"exams": {"step1": {"status": "passed"}}}


def test_a_leaf_on_an_unanswered_fact_needs_information_rather_than_saying_no():
    assert outcome(PASSED_1, {}) is Outcome.needs_info


def test_all_is_false_as_soon_as_one_part_is_false_even_if_another_is_unknown():
    failed = {"exams": {"step1": {"status": "failed", "failed_attempts": 1}}}
    assert outcome({"all": [PASSED_1, GRADUATE]}, failed) is Outcome.does_not_apply


def test_all_needs_information_when_nothing_is_false_and_something_is_unknown():
    assert outcome({"all": [PASSED_1, GRADUATE]}, STEP1_PASSED) is Outcome.needs_info


def test_any_is_true_as_soon_as_one_part_is_true_even_if_another_is_unknown():
    assert outcome({"any": [PASSED_1, GRADUATE]}, STEP1_PASSED) is Outcome.applies


def test_not_keeps_unknown_unknown():
    assert outcome({"not": PASSED_1}, {}) is Outcome.needs_info
    assert outcome({"not": PASSED_1}, STEP1_PASSED) is Outcome.does_not_apply


def test_a_rule_outside_its_effective_window_is_not_in_force():
    assert outcome(PASSED_1, STEP1_PASSED, on=date(2019, 6, 1)) is Outcome.not_in_force
    window = {"effective": {"from": "2020-01-01", "to": "2025-12-31"}}
    assert outcome(PASSED_1, STEP1_PASSED, **window) is Outcome.not_in_force
    assert outcome(PASSED_1, STEP1_PASSED, on=date(2025, 12, 31), **window) is Outcome.applies


def test_the_trace_records_every_leaf_with_expected_and_actual_values():
    result = run({"all": [PASSED_1, GRADUATE]}, STEP1_PASSED)
    assert [(t.fact, t.op, t.expected, t.actual, t.outcome) for t in result.trace] == [
        ("exams.step1.status", "eq", "passed", "passed", True),
        ("is_graduate", "eq", True, None, None),
    ]


def test_the_missing_facts_are_the_unknown_leaves_that_left_the_verdict_open():
    result = run({"all": [PASSED_1, GRADUATE]}, STEP1_PASSED)
    assert result.missing == ("is_graduate",)


def test_a_decided_rule_lists_no_missing_facts_and_explains_with_the_deciding_leaf():
    failed = {"exams": {"step1": {"status": "failed", "failed_attempts": 1}}}
    result = run({"all": [PASSED_1, GRADUATE]}, failed)
    assert result.missing == ()
    assert [r.fact for r in result.reasons] == ["exams.step1.status"]


def test_dates_in_rules_compare_as_dates():
    after = {"fact": "exams.oet.date", "op": "ge", "value": "2024-01-01"}
    oet = {"exams": {"oet": {"status": "passed", "date": "2024-03-02"}}}
    assert outcome(after, oet) is Outcome.applies


def test_numbers_compare_with_ordering_operators():
    old = {"fact": "years_since_graduation", "op": "gt", "value": 10}
    graduate = {"degree": {"enrolment": "graduate", "graduation_year": 2012}}
    assert outcome(old, graduate) is Outcome.applies
    assert outcome(old, {"degree": {"enrolment": "graduate", "graduation_year": 2020}}) is Outcome.does_not_apply


def test_in_and_not_in_take_lists():
    listed = {"fact": "exams.step1.status", "op": "in", "value": ["passed", "scheduled"]}
    assert outcome(listed, STEP1_PASSED) is Outcome.applies
    assert outcome({**listed, "op": "not_in"}, STEP1_PASSED) is Outcome.does_not_apply


def test_evaluating_the_real_book_gives_one_result_per_rule(book):
    evaluation = evaluate(book, parse_profile({}, today=ON), on=ON)
    assert len(evaluation.results) == len(book.rules)
    assert isinstance(book, RuleBook)
