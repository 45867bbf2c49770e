"""Implied answers count as answered: what an ECFMG certificate and a passed Step 3 settle is
neither asked for, nor called unknown, in the plan, the timeline or the state-pathway judgements."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from example_answers import H1B_GRADUATE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.domain.profile import parse_profile
from wizard.domain.state_pathways import state_pathways_for
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan, plan_as_dict
from wizard.outputs.timeline import build_timeline

TODAY = date(2026, 11, 25)
SETTLED = {
    "exams.step1.status",
    "exams.step2ck.status",
    "exams.clinical_skills",
    "exams.oet.status",
    "degree.credentials_verified",
    "exams.ecfmg_certified",
}


def certified_with_step3(**exams: Any) -> dict[str, Any]:
    answers = copy.deepcopy(H1B_GRADUATE)
    answers["degree"]["school_kind"] = "outside_us_canada"
    del answers["degree"]["credentials_verified"]
    answers["exams"] = {"ecfmg_certified": True, "ecfmg_certified_date": "2024-05-01", "step3": {"status": "passed"}}
    answers["exams"].update(exams)
    return answers


def test_a_certified_person_with_step3_passed_is_asked_nothing_the_certificate_settles(book):
    profile = parse_profile(certified_with_step3(), today=TODAY)
    plan = build_plan(evaluate(book, profile, on=TODAY), book)
    assert {n.path for n in plan.needs_answers} & SETTLED == set()
    assert all(card.state.value == "met" for card in plan.cards if card.milestone.value == "ecfmg_certification")
    why = [w for item in plan.met for w in item.why]
    assert "Step 1 and Step 2 CK passed: yes, settled by your ECFMG certificate" in why
    assert any(w.startswith("Clinical and communication skills requirement met: yes, settled by") for w in why)


def test_the_state_pathway_judgements_do_not_call_the_settled_answers_unknown(book):
    profile = parse_profile(certified_with_step3(), today=TODAY)
    view = state_pathways_for(profile, book, on=TODAY)
    asked = {path for a in view.assessments for check in a.checks for path in check.asks}
    asked |= {path for a in view.assessments for path in a.answers_needed}
    assert asked & SETTLED == set()


def test_the_timeline_shows_no_exam_pathway_or_certificate_phase_and_assumes_nothing_about_them(book):
    timeline = build_timeline(parse_profile(certified_with_step3(), today=TODAY), book, on=TODAY)
    ids = {p.id for p in timeline.phases}
    assert not ids & {"step1", "step2ck", "oet", "pathways", "ecfmg_certificate", "credentials"}
    assert not [a for a in timeline.assumptions if a.startswith(("Step 1", "Step 2 CK", "Clinical skills"))]


def test_a_certificate_without_a_date_does_not_invent_an_oet_result(book):
    answers = certified_with_step3()
    del answers["exams"]["ecfmg_certified_date"]
    evaluation = evaluate(book, parse_profile(answers, today=TODAY), on=TODAY)
    assert evaluation.profile.exams.oet.status is None
    assert evaluation.profile.exams.clinical_skills.value == "pathway_accepted"


def test_an_answer_that_contradicts_an_implication_is_kept_and_flagged(book):
    answers = certified_with_step3(clinical_skills="not_applied")
    evaluation = evaluate(book, parse_profile(answers, today=TODAY), on=TODAY)
    assert evaluation.profile.exams.clinical_skills.value == "not_applied"
    assert evaluation.contradicted["exams.clinical_skills"].id == "certificate.clinical_skills_pathway"


IMPLIED_VALUES = {  # what the implications give a certified IMG (2024 certificate) with Step 3 passed
    ("exams", "step1", "status"): "passed",
    ("exams", "step2ck", "status"): "passed",
    ("exams", "clinical_skills"): "pathway_accepted",
    ("exams", "oet", "status"): "passed",
    ("degree", "credentials_verified"): "verified",
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(IMPLIED_VALUES)), min_size=1))
def test_writing_down_what_an_implication_gives_never_changes_the_plan(book, paths):
    implicit = certified_with_step3()
    explicit = copy.deepcopy(implicit)
    for path in paths:
        node = explicit
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = IMPLIED_VALUES[path]

    def plan_of(answers: dict[str, Any]) -> dict[str, Any]:
        profile = parse_profile(answers, today=TODAY)
        data = plan_as_dict(build_plan(evaluate(book, profile, on=TODAY), book))
        for item in (i for section in data.values() if isinstance(section, list) for i in section):
            if isinstance(item, dict) and "why" in item:  # only the "settled by" wording may differ
                item["why"] = [w.split(", settled by")[0] for w in item["why"]]
        return data

    assert plan_of(explicit) == plan_of(implicit)
    explicit_timeline = build_timeline(parse_profile(explicit, today=TODAY), book, on=TODAY)
    assert explicit_timeline == build_timeline(parse_profile(implicit, today=TODAY), book, on=TODAY)
