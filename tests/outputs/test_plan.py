"""The plan: status cards, steps in dependency order, why and sources on every item, stale flags."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from wizard.domain.book import load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import Milestone
from wizard.outputs.plan import CardState, build_plan

ON = date(2026, 11, 25)
FRESH = [{"url": "https://www.ecfmg.org/", "title": "ECFMG", "as_of": "2026-06-01"}]
OLD = [{"url": "https://www.ecfmg.org/old", "title": "ECFMG (old page)", "as_of": "2025-01-01"}]


def rule(rule_id: str, kind: str, when: dict, *, depends_on=(), sources=FRESH, **extra) -> dict:
    return {
        "id": f"demo.{rule_id}",
        "title": rule_id.replace("_", " ").capitalize(),
        "kind": kind,
        "when": when,
        "says": f"{rule_id} says",
        "depends_on": [f"demo.{d}" for d in depends_on],
        "sources": sources,
        "effective": {"from": "2020-01-01"},
        "examples": [
            {"name": "yes", "answers": {}, "expect": "applies"},
            {"name": "no", "answers": {}, "expect": "does_not_apply"},
        ],
        **extra,
    }


GRADUATE = {"fact": "is_graduate", "op": "eq", "value": True}
PASSED_1 = {"fact": "exams.step1.status", "op": "eq", "value": "passed"}
NOT_PASSED_1 = {"fact": "exams.step1.status", "op": "ne", "value": "passed"}


def plan_for(tmp_path: Path, rules: list[dict], answers: dict):
    directory = tmp_path / "rules"
    directory.mkdir()
    body = {"topic": "demo", "description": "d", "examples_on": "2026-11-25", "rules": rules}
    (directory / "demo.json").write_text(json.dumps(body), encoding="utf-8")
    book = load_rulebook(directory)
    return build_plan(evaluate(book, parse_profile(answers, today=ON), on=ON), book)


def test_next_steps_follow_their_dependencies_not_file_order(tmp_path):
    rules = [
        rule("apply_to_eras", "next_step", GRADUATE, depends_on=["pass_step_1"]),
        rule("pass_step_1", "next_step", NOT_PASSED_1, depends_on=["verify_credentials"]),
        rule("verify_credentials", "next_step", GRADUATE),
    ]
    plan = plan_for(tmp_path, rules, {"degree": {"enrolment": "graduate"}, "exams": {"step1": {"status": "preparing"}}})
    assert [i.id for i in plan.next_steps] == ["demo.verify_credentials", "demo.pass_step_1", "demo.apply_to_eras"]


def test_a_card_is_missing_when_one_requirement_is_not_met_and_names_it(tmp_path):
    rules = [
        rule("graduated", "requirement", GRADUATE, otherwise="Graduate first.", counts_toward=["ecfmg_certification"]),
        rule("step_1", "requirement", PASSED_1, otherwise="Pass Step 1.", counts_toward=["ecfmg_certification"]),
    ]
    plan = plan_for(tmp_path, rules, {"degree": {"enrolment": "graduate"}, "exams": {"step1": {"status": "preparing"}}})
    card = plan.card(Milestone.ecfmg_certification)
    assert card.state is CardState.missing
    assert [i.text for i in card.missing] == ["Pass Step 1."]
    assert [i.id for i in card.met] == ["demo.graduated"]


def test_a_card_is_unknown_while_a_requirement_needs_an_answer(tmp_path):
    rules = [rule("step_1", "requirement", PASSED_1, otherwise="Pass Step 1.", counts_toward=["match_eligibility"])]
    plan = plan_for(tmp_path, rules, {})
    assert plan.card(Milestone.match_eligibility).state is CardState.unknown


def test_every_item_says_why_from_the_answers_that_triggered_it(tmp_path):
    plan = plan_for(
        tmp_path,
        [rule("graduate_tip", "info", {"all": [GRADUATE, PASSED_1]})],
        {"degree": {"enrolment": "graduate"}, "exams": {"step1": {"status": "passed"}}},
    )
    (item,) = plan.info
    assert item.why == ("Graduated from medical school: yes", "Step 1: passed")


def test_comparisons_explain_what_the_rule_looks_for(tmp_path):
    old = {"fact": "years_since_graduation", "op": "gt", "value": 10}
    plan = plan_for(
        tmp_path, [rule("long_ago", "warning", old)], {"degree": {"enrolment": "graduate", "graduation_year": 2010}}
    )
    assert plan.warnings[0].why == ("Years since graduation: 16 (this looks for more than 10)",)


def test_items_whose_sources_are_older_than_twelve_months_are_flagged(tmp_path):
    rules = [rule("fresh", "info", GRADUATE), rule("old", "info", GRADUATE, sources=OLD)]
    plan = plan_for(tmp_path, rules, {"degree": {"enrolment": "graduate"}})
    assert {i.id: i.stale for i in plan.info} == {"demo.fresh": False, "demo.old": True}
    assert plan.stale_count == 1


def test_unanswered_questions_are_listed_with_what_they_would_unlock(tmp_path):
    plan = plan_for(tmp_path, [rule("graduate_tip", "info", {"all": [GRADUATE, PASSED_1]})], {})
    assert [(n.path, n.unlocks) for n in plan.needs_answers] == [
        ("degree.enrolment", ("Graduate tip",)),
        ("exams.step1.status", ("Graduate tip",)),
    ]


def test_placeholders_insert_the_users_own_values_in_plain_words(tmp_path):
    tip = rule(
        "attempts",
        "warning",
        {"fact": "step1_attempts_left", "op": "le", "value": 1},
        says="You have {step1_attempts_left} attempt left at Step 1 ({exams.step1.status}).",
    )
    plan = plan_for(tmp_path, [tip], {"exams": {"step1": {"status": "failed", "failed_attempts": 3}}})
    assert plan.warnings[0].text == "You have 1 attempt left at Step 1 (failed (most recent attempt))."


# ---------------------------------------------------------------- review dates


IRANIAN_NEEDING_A_VISA = {"status": {"citizenship": "IR", "us_status": "needs_visa"}}


def shipped_plan(on: date):
    book = load_rulebook()
    return build_plan(evaluate(book, parse_profile(IRANIAN_NEEDING_A_VISA, today=on), on=on), book)


def test_an_item_reading_the_visa_table_says_its_review_date_has_passed_and_the_header_counts_it():
    # rules/tables/visa_restrictions.json says review_by 2027-03-01 (re-read on the State Department's page 2026-12-02).
    before = shipped_plan(date(2027, 2, 28))
    assert before.overdue_count == 0
    after = shipped_plan(date(2027, 3, 2))
    (item,) = [i for i in after.items() if i.id == "visa.nationality_restricted"]
    assert item.review_overdue == date(2027, 3, 1)
    assert after.overdue_count == 1
    from wizard.outputs.plan import overdue_words

    assert overdue_words(item) == (
        "Review overdue: this rests on a source that was due to be checked again by 2027-03-01. "
        "It may have changed; check it before you act."
    )


def test_a_rules_own_source_past_its_review_by_marks_the_item(tmp_path):
    dated = [{**FRESH[0], "review_by": "2026-10-01"}]
    plan = plan_for(tmp_path, [rule("check", "info", GRADUATE, sources=dated)], {"degree": {"enrolment": "graduate"}})
    (item,) = plan.info
    assert item.review_overdue == date(2026, 10, 1) and plan.overdue_count == 1
