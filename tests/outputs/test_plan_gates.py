"""Gates declared in the rule book: who the plan is for, and a blocker that holds back what depends on it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from wizard.domain.book import DEFAULT_RULES_DIR, load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import Milestone
from wizard.outputs.actions import build_actions
from wizard.outputs.glance import at_a_glance
from wizard.outputs.plan import Plan, build_plan, plan_as_dict
from wizard.outputs.report import build_pdf
from wizard.outputs.timeline import RESIDENCY_TRACK, build_timeline
from wizard.outputs.timeline.build import NOT_FOR_YOU

ON = date(2026, 11, 25)
BOOK = load_rulebook(DEFAULT_RULES_DIR)

VISA_NEEDED = {"us_status": "needs_visa", "citizenship": "CA", "visa_preference": "j1"}
EXAMS_PASSED = {"step1": {"status": "passed"}, "step2ck": {"status": "passed", "score": 250}}


def plan_for(answers: dict) -> Plan:
    profile = parse_profile(answers, today=ON)
    return build_plan(evaluate(BOOK, profile, on=ON), BOOK)


def ids(items) -> set[str]:
    return {i.id for i in items}


def test_a_puerto_rico_md_graduate_is_told_first_that_they_are_not_an_img_and_sees_nothing_only_for_imgs():
    plan = plan_for(
        {
            "degree": {
                "school_country": "PR",
                "school_kind": "us_md_lcme",
                "enrolment": "graduate",
                "graduation_year": 2024,
            },
            "exams": EXAMS_PASSED,
            "status": VISA_NEEDED,
            "target": {"state": "NY", "specialty": "internal_medicine"},
        }
    )
    assert [i.id for i in plan.scope] == ["scope.not_img"]
    assert "not an international medical graduate" in plan.scope[0].text
    shown = ids(plan.items())
    assert not {i for i in shown if i.split(".")[0] in ("ecfmg", "pathways", "specialty")}
    assert Milestone.ecfmg_certification not in {c.milestone for c in plan.cards}
    assert {"visa.j1_statement_of_need", "match.nrmp_register"} <= ids(plan.next_steps)
    assert "ECFMG certificate in hand" in {i.title for i in plan.not_for_you}
    assert "scope.not_img" not in ids(plan.info)  # said once, at the top
    assert not [n.path for n in plan.needs_answers if n.path in ("degree.wdoms_sponsor_note", "exams.oet.status")]


def test_a_canadian_graduate_of_2026_or_later_gets_the_whole_img_plan_and_is_told_why():
    plan = plan_for(
        {
            "degree": {
                "school_country": "CA",
                "school_kind": "canada_cacms",
                "enrolment": "student",
                "graduation_year": 2027,
            },
            "status": VISA_NEEDED,
        }
    )
    assert plan.scope == ()
    assert "scope.canadian_class_of_2026" in ids(plan.info)
    assert Milestone.ecfmg_certification in {c.milestone for c in plan.cards}


def test_a_branch_campus_or_a_moved_school_is_asked_about_and_told_what_decides_it():
    plan = plan_for({"degree": {"school_country": "QA", "school_kind": "not_sure"}})
    step = next(i for i in plan.next_steps if i.id == "scope.school_kind_unsure")
    assert "where the school that grants your degree is located" in step.text
    assert plan.scope == ()  # unknown is not "not an IMG"


def test_an_lcme_school_outside_the_us_is_refused_next_to_the_field():
    with pytest.raises(ValidationError, match="LCME and COCA accredit schools only in the United States"):
        parse_profile({"degree": {"school_country": "QA", "school_kind": "us_md_lcme"}}, today=ON)


NO_SPONSOR_NOTE = {
    "degree": {
        "school_country": "IN",
        "school_kind": "outside_us_canada",
        "wdoms_sponsor_note": "no",
        "enrolment": "graduate",
        "graduation_year": 2022,
        "credentials_verified": "not_started",
    },
    "exams": {
        "step1": {"status": "not_started"},
        "step2ck": {"status": "not_started"},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
    },
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "j1"},
    "target": {"state": "TX", "specialty": "internal_medicine"},
}


def test_without_a_sponsor_note_exam_preparation_oet_and_the_statement_of_need_wait_until_it_is_resolved():
    plan = plan_for(NO_SPONSOR_NOTE)
    held = {"usmle.step1_prepare", "usmle.step2ck_prepare", "pathways.book_oet", "visa.j1_statement_of_need"}
    assert held <= ids(plan.after_blockers)
    assert not held & ids(plan.next_steps)
    assert ids(plan.blockers) == {"ecfmg.no_sponsor_note"}
    assert plan_as_dict(plan)["blockers"] == ["ecfmg.no_sponsor_note"]


def test_with_a_sponsor_note_the_same_steps_are_next_steps_again():
    answers = {**NO_SPONSOR_NOTE, "degree": {**NO_SPONSOR_NOTE["degree"], "wdoms_sponsor_note": "yes"}}
    plan = plan_for(answers)
    assert plan.after_blockers == () and plan.blockers == ()
    assert {"usmle.step1_prepare", "pathways.book_oet", "visa.j1_statement_of_need"} <= ids(plan.next_steps)


def test_someone_who_failed_step_2_ck_once_and_then_passed_is_told_what_it_means_and_what_helps():
    plan = plan_for(
        {
            "degree": {"school_country": "EG", "school_kind": "outside_us_canada", "wdoms_sponsor_note": "yes"},
            "exams": {
                "step1": {"status": "passed", "failed_attempts": 0},
                "step2ck": {"status": "passed", "failed_attempts": 1, "score": 228},
                "step3": {"status": "not_started"},
            },
        }
    )
    warning = next(i for i in plan.warnings if i.id == "usmle.past_failure")
    assert "NRMP Program Director Survey" in warning.text and "What helps" in warning.text
    assert any(str(s.url).startswith("https://www.nrmp.org/") for s in warning.sources)


def test_the_timeline_dates_nothing_while_the_sponsor_note_blocker_is_in_force_and_says_why():
    timeline = build_timeline(parse_profile(NO_SPONSOR_NOTE, today=ON), BOOK, on=ON)
    assert not timeline.residency_track
    assert not [p for p in timeline.phases if p.track == RESIDENCY_TRACK]
    assert any("no other step in this plan can start until this is resolved" in n for n in timeline.notes)


def test_the_timeline_gives_no_img_dates_to_a_us_graduate():
    answers = {
        "degree": {"school_country": "US", "school_kind": "us_do_coca", "enrolment": "student", "graduation_year": 2027}
    }
    timeline = build_timeline(parse_profile(answers, today=ON), BOOK, on=ON)
    assert not timeline.residency_track and timeline.phases == ()
    assert timeline.decided_by == NOT_FOR_YOU


def pdf_text(answers: dict) -> str:
    profile = parse_profile(answers, today=ON)
    pdf = build_pdf(profile, plan_for(answers), on=ON)
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


def test_the_pdf_says_who_the_plan_is_for_and_what_waits_for_a_blocker_as_the_page_does():
    us_graduate = {
        "degree": {
            "school_country": "US",
            "school_kind": "us_md_lcme",
            "enrolment": "graduate",
            "graduation_year": 2024,
        }
    }
    assert "Who this plan is for" in pdf_text(us_graduate)
    blocked = pdf_text(NO_SPONSOR_NOTE)
    assert "After this is resolved" in blocked and "Prepare for and schedule Step 1" in blocked


def test_the_glance_does_not_tell_a_us_graduate_that_no_match_is_in_reach():
    answers = {
        "degree": {
            "school_country": "US",
            "school_kind": "us_md_lcme",
            "enrolment": "graduate",
            "graduation_year": 2024,
        }
    }
    profile = parse_profile(answers, today=ON)
    plan = plan_for(answers)
    timeline = build_timeline(profile, BOOK, on=ON)
    glance = at_a_glance(plan, timeline, build_actions(plan, timeline, BOOK))
    assert glance.headline == NOT_FOR_YOU
