"""The loader refuses a broken rule book as a whole, naming file › rule › path in every message."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from wizard.domain.book import load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.engine.loader import RuleBookError
from wizard.engine.rulebook import GateEffect

TODAY = date(2026, 11, 25)

GOOD_RULE = {
    "id": "demo.step1_passed",
    "title": "Step 1 passed",
    "kind": "requirement",
    "counts_toward": ["ecfmg_certification"],
    "when": {"fact": "exams.step1.status", "op": "eq", "value": "passed"},
    "says": "You passed Step 1.",
    "otherwise": "You still need Step 1.",
    "sources": [{"url": "https://www.usmle.org/step-exams/step-1", "title": "USMLE Step 1", "as_of": "2026-01-01"}],
    "effective": {"from": "2020-01-01"},
    "examples": [
        {"name": "passed", "answers": {"exams": {"step1": {"status": "passed"}}}, "expect": "applies"},
        {
            "name": "failed",
            "answers": {"exams": {"step1": {"status": "failed", "failed_attempts": 1}}},
            "expect": "does_not_apply",
        },
    ],
}


def write_book(tmp_path: Path, *rules: dict, topic: str = "demo") -> Path:
    directory = tmp_path / "rules"
    directory.mkdir(exist_ok=True)
    body = {"topic": topic, "description": "Demo rules", "examples_on": "2026-11-25", "rules": list(rules)}
    (directory / f"{topic}.json").write_text(json.dumps(body), encoding="utf-8")
    return directory


def problems(directory: Path) -> list[str]:
    with pytest.raises(RuleBookError) as caught:
        load_rulebook(directory, today=TODAY)
    return [str(p) for p in caught.value.problems]


def broken(**changes) -> dict:
    rule = copy.deepcopy(GOOD_RULE)
    rule.update(changes)
    return rule


def test_a_good_rule_book_loads(tmp_path):
    book = load_rulebook(write_book(tmp_path, GOOD_RULE), today=TODAY)
    assert [lr.rule.id for lr in book.rules] == ["demo.step1_passed"]


def test_an_unknown_fact_is_named_with_file_rule_path_and_a_suggestion(tmp_path):
    rule = broken(when={"fact": "exams.step1.stauts", "op": "eq", "value": "passed"})
    assert problems(write_book(tmp_path, rule)) == [
        "rules/demo.json › demo.step1_passed › when: unknown fact 'exams.step1.stauts' (did you mean 'exams.step1.status'?)"
    ]


def test_an_unknown_key_is_an_error_with_a_suggestion(tmp_path):
    rule = broken()
    rule["sourcs"] = rule.pop("sources")
    found = problems(write_book(tmp_path, rule))
    assert "rules/demo.json › demo.step1_passed › sourcs: unknown key 'sourcs' (did you mean 'sources'?)" in found


def test_an_illegal_enum_value_names_the_allowed_values(tmp_path):
    rule = broken(when={"fact": "exams.step1.status", "op": "eq", "value": "pased"})
    (message,) = problems(write_book(tmp_path, rule))
    assert message.startswith(
        "rules/demo.json › demo.step1_passed › when: 'pased' is not a value of exams.step1.status (did you mean 'passed'?)"
    )


def test_an_operator_that_does_not_fit_the_fact_is_refused(tmp_path):
    rule = broken(
        when={
            "all": [
                {"fact": "is_graduate", "op": "eq", "value": True},
                {"fact": "exams.step1.status", "op": "gt", "value": "passed"},
            ]
        }
    )
    (message,) = problems(write_book(tmp_path, rule))
    assert message.startswith(
        "rules/demo.json › demo.step1_passed › when.all[1]: operator 'gt' does not fit exams.step1.status"
    )


def test_an_unknown_operator_is_refused_at_its_path(tmp_path):
    rule = broken(when={"not": {"fact": "is_graduate", "op": "equals", "value": True}})
    (message,) = problems(write_book(tmp_path, rule))
    assert message.startswith("rules/demo.json › demo.step1_passed › when.not.op: 'equals' is not allowed")


def test_a_rule_without_a_source_is_refused(tmp_path):
    (message,) = problems(write_book(tmp_path, broken(sources=[])))
    assert message.startswith("rules/demo.json › demo.step1_passed › sources:")


def test_a_source_dated_in_the_future_is_refused(tmp_path):
    rule = broken(sources=[{"url": "https://www.usmle.org/", "title": "USMLE", "as_of": "2027-01-01"}])
    assert problems(write_book(tmp_path, rule)) == [
        "rules/demo.json › demo.step1_passed › sources[0].as_of: as_of 2027-01-01 is in the future"
    ]


def test_examples_must_include_one_that_applies_and_one_that_does_not(tmp_path):
    rule = broken(examples=GOOD_RULE["examples"][:1] * 2)
    (message,) = problems(write_book(tmp_path, rule))
    assert "at least one that applies and one that does not" in message


def test_an_example_with_impossible_answers_is_refused(tmp_path):
    bad = {"name": "five failures", "answers": {"exams": {"step1": {"failed_attempts": 5}}}, "expect": "does_not_apply"}
    rule = broken(examples=[*GOOD_RULE["examples"], bad])
    (message,) = problems(write_book(tmp_path, rule))
    assert message.startswith(
        "rules/demo.json › demo.step1_passed › examples[2].answers: example 'five failures' is not a valid answers set"
    )


def test_an_unknown_placeholder_in_text_is_refused(tmp_path):
    (message,) = problems(write_book(tmp_path, broken(says="You have {step1_attempts_lft} left.")))
    assert "unknown fact '{step1_attempts_lft}' in text (did you mean 'step1_attempts_left'?)" in message


def test_duplicate_ids_missing_and_circular_dependencies_are_all_reported_at_once(tmp_path):
    a = broken(id="demo.a", depends_on=["demo.b"])
    b = broken(id="demo.b", depends_on=["demo.a", "demo.zzz"])
    dup = broken(id="demo.a")
    found = problems(write_book(tmp_path, a, b, dup))
    assert any("demo.a › id: duplicate rule id" in f for f in found)
    assert any("depends_on[1]: depends on unknown rule 'demo.zzz'" in f for f in found)
    assert any("circular depends_on: demo.a → demo.b → demo.a" in f for f in found)


def test_a_file_that_is_not_json_is_named_with_line_and_column(tmp_path):
    directory = write_book(tmp_path, GOOD_RULE)
    (directory / "demo.json").write_text('{"topic": "demo",\n  "rules": [', encoding="utf-8")
    (message,) = problems(directory)
    assert message.startswith("rules/demo.json: is not valid JSON:") and "line 2" in message


def test_the_topic_must_match_the_file_name_and_prefix_every_id(tmp_path):
    directory = write_book(tmp_path, broken(id="other.step1_passed"))
    found = problems(directory)
    assert "rules/demo.json › other.step1_passed › id: rule ids in this file start with 'demo.'" in found


def test_one_broken_file_refuses_the_whole_book(tmp_path):
    directory = write_book(tmp_path, GOOD_RULE)
    write_book(tmp_path, broken(id="extra.x", when={"fact": "nope", "op": "eq", "value": 1}), topic="extra")
    with pytest.raises(RuleBookError):
        load_rulebook(directory, today=TODAY)


def gate_rule(rule_id: str, *targets: str, effect: str = "blocks") -> dict:
    return broken(
        id=rule_id, kind="warning", counts_toward=[], otherwise=None, gates={"effect": effect, "rules": list(targets)}
    )


def test_a_gate_over_existing_rules_and_whole_topics_loads(tmp_path):
    gate = gate_rule("demo.blocker", "demo.step1_passed", "demo.*")
    with pytest.raises(RuleBookError):  # a topic wildcard covers the gate itself
        load_rulebook(write_book(tmp_path, GOOD_RULE, gate), today=TODAY)
    book = load_rulebook(write_book(tmp_path, GOOD_RULE, gate_rule("demo.blocker", "demo.step1_passed")), today=TODAY)
    assert [r.id for r in book.gates_over("demo.step1_passed")] == ["demo.blocker"]


def test_a_gate_naming_an_unknown_rule_or_topic_or_another_gate_of_its_effect_is_refused(tmp_path):
    first = gate_rule("demo.first", "demo.step1_pased", "nosuch.*")
    second = gate_rule("demo.second", "demo.first")
    found = problems(write_book(tmp_path, GOOD_RULE, first, second))
    assert any("demo.first › gates.rules[0]: gates unknown rule 'demo.step1_pased'" in f for f in found)
    assert any("(did you mean 'demo.step1_passed'?)" in f for f in found)
    assert any("gates.rules[1]: gates unknown topic 'nosuch'" in f for f in found)
    assert any("demo.second › gates.rules: a gate may not cover the gating rule 'demo.first'" in f for f in found)


def test_only_a_warning_or_an_info_rule_may_gate(tmp_path):
    found = problems(write_book(tmp_path, broken(gates={"effect": "blocks", "rules": ["demo.x"]})))
    assert any("only a warning or an info rule may gate other rules" in f for f in found)


def test_a_scope_gate_may_cover_a_blocker(tmp_path):
    blocker = gate_rule("demo.blocker", "demo.step1_passed")
    scope = gate_rule("demo.scope", "demo.blocker", effect="not_applicable")
    book = load_rulebook(write_book(tmp_path, GOOD_RULE, blocker, scope), today=TODAY)
    assert [r.id for r in book.gates_over("demo.blocker")] == ["demo.scope"]


def test_a_blocker_left_out_by_a_scope_gate_blocks_nothing(tmp_path):
    always = {"fact": "exams.step1.status", "op": "ne", "value": "failed"}
    blocker = {**gate_rule("demo.blocker", "demo.step1_passed"), "when": always}
    scope = {**gate_rule("demo.scope", "demo.blocker", effect="not_applicable"), "when": always}
    book = load_rulebook(write_book(tmp_path, GOOD_RULE, blocker, scope), today=TODAY)
    evaluation = evaluate(book, parse_profile({"exams": {"step1": {"status": "passed"}}}, today=TODAY), on=TODAY)
    assert [g.id for g in evaluation.gates_in_force()] == ["demo.scope"]
    assert evaluation.gated_by("demo.step1_passed", GateEffect.blocks) == ()
    assert [g.id for g in evaluation.gated_by("demo.blocker", GateEffect.not_applicable)] == ["demo.scope"]


IMPLICATION = {
    "id": "demo.certificate",
    "title": "A certificate means Step 1 was passed",
    "when": {"fact": "exams.ecfmg_certified", "op": "eq", "value": True},
    "settles": {"exams.step1.status": "passed"},
    "because": "your ECFMG certificate",
    "sources": [{"url": "https://www.ecfmg.org/", "title": "ECFMG", "as_of": "2026-01-01"}],
    "examples": [
        {
            "name": "certified",
            "answers": {"exams": {"ecfmg_certified": True}},
            "settles": {"exams.step1.status": "passed"},
        },
        {"name": "not certified", "answers": {"exams": {"ecfmg_certified": False}}},
    ],
}


def with_implication(tmp_path: Path, **changes) -> Path:
    directory = write_book(tmp_path, GOOD_RULE)
    body = {"description": "Demo", "examples_on": "2026-11-25", "implications": [{**IMPLICATION, **changes}]}
    (directory / "implications.json").write_text(json.dumps(body), encoding="utf-8")
    return directory


def test_an_implication_fills_an_empty_answer_and_keeps_a_given_one(tmp_path):
    book = load_rulebook(with_implication(tmp_path), today=TODAY)
    empty = evaluate(book, parse_profile({"exams": {"ecfmg_certified": True}}, today=TODAY), on=TODAY)
    assert empty.result("demo.step1_passed").outcome.value == "applies"
    assert empty.settled["exams.step1.status"].id == "demo.certificate"
    given = parse_profile({"exams": {"ecfmg_certified": False, "step1": {"status": "failed"}}}, today=TODAY)
    assert evaluate(book, given, on=TODAY).profile.exams.step1.status.value == "failed"


def test_an_implication_naming_an_unknown_answer_path_is_refused_with_its_place(tmp_path):
    found = problems(with_implication(tmp_path, settles={"exams.step9.status": "passed"}))
    assert "implications.json › demo.certificate › settles.exams.step9.status: unknown answer path " in found[0]


def test_an_implication_testing_an_unknown_fact_is_refused_with_its_place(tmp_path):
    found = problems(with_implication(tmp_path, when={"fact": "exams.certified", "op": "eq", "value": True}))
    assert found[0].startswith("implications.json › demo.certificate › when: unknown fact 'exams.certified'")


def test_an_implication_value_that_does_not_fit_its_answer_is_refused(tmp_path):
    found = problems(with_implication(tmp_path, settles={"exams.step1.status": "aced"}))
    assert found[0].startswith("implications.json › demo.certificate › settles.exams.step1.status: 'aced' does not fit")
