"""Whole people, whole plans: answers in, expected statuses and step ids out, written by hand.

Each persona is a realistic IMG. The expectations come from the rules of the road
(ECFMG, USMLE, NRMP, State Department), not from running the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from wizard.domain.profile import parse_profile
from wizard.domain.state_pathways import state_pathways_for
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import Milestone, Outcome
from wizard.outputs.plan import CardState, Plan, build_plan

TODAY = date(2026, 11, 25)


def plan_for(book, answers: dict, on: date = TODAY) -> Plan:
    return build_plan(evaluate(book, parse_profile(answers, today=on), on=on), book)


def ids(items) -> set[str]:
    return {i.id for i in items}


def outcome(book, answers: dict, rule_id: str, on: date = TODAY) -> Outcome:
    return evaluate(book, parse_profile(answers, today=on), on=on).result(rule_id).outcome


STUDENT_BEFORE_STEP_1 = {
    "about": {"name": "Priya Sharma"},
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
        "enrolment": "student",
        "graduation_year": 2028,
        "credentials_verified": "not_started",
    },
    "exams": {
        "step1": {"status": "preparing", "failed_attempts": 0},
        "step2ck": {"status": "not_started"},
        "step3": {"status": "not_started"},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
    },
    "target": {"state": "NY", "specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "undecided"},
    "experience": {"usce_hands_on_months": 0, "observership_months": 0, "us_research_months": 0, "us_letters": 0},
}


def test_a_student_before_step_1_is_told_to_verify_credentials_then_sit_step_1_and_cannot_be_certified_yet(book):
    plan = plan_for(book, STUDENT_BEFORE_STEP_1)
    card = plan.card(Milestone.ecfmg_certification)
    assert card.state is CardState.missing
    assert {"ecfmg.graduated", "ecfmg.usmle_steps", "ecfmg.clinical_skills"} <= ids(card.missing)
    steps = [i.id for i in plan.next_steps]
    assert "ecfmg.start_verification" in steps and "usmle.step1_prepare" in steps
    assert steps.index("ecfmg.start_verification") < steps.index("usmle.step1_prepare")
    assert "usmle.step3_eligible" not in steps
    assert "usmle.barred" not in ids(plan.warnings)
    assert "experience.hands_on_usce" in steps


GRADUATE_WITHOUT_PATHWAY = {
    "degree": {
        "school_country": "PK",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2021,
        "credentials_verified": "verified",
        "postgrad_training_years_abroad": 1,
        "licensed_abroad": True,
        "practice_years_abroad": 3,
        "specialist_certified_abroad": False,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2024-02-10", "failed_attempts": 0},
        "step2ck": {"status": "passed", "date": "2025-03-15", "score": 246, "failed_attempts": 0},
        "step3": {"status": "not_started"},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
        "ecfmg_certified": False,
    },
    "target": {"state": "TX", "specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa", "citizenship": "PK", "visa_preference": "j1"},
    "experience": {"usce_hands_on_months": 4, "observership_months": 1, "us_research_months": 0, "us_letters": 3},
}


def test_a_graduate_with_both_steps_but_no_pathway_must_sit_oet_and_apply_to_pathway_1(book):
    plan = plan_for(book, GRADUATE_WITHOUT_PATHWAY)
    assert "ecfmg.usmle_steps" in ids(plan.met)
    assert ids(plan.card(Milestone.ecfmg_certification).missing) == {"ecfmg.clinical_skills"}
    assert plan.card(Milestone.match_eligibility).state is CardState.missing
    steps = ids(plan.next_steps)
    assert {"pathways.book_oet", "pathways.pathway1"} <= steps
    assert "pathways.pathway6" not in steps  # a licensed doctor has the simpler Pathway 1
    assert "corrections.step2cs_ended" in ids(plan.info)
    assert "visa.j1_statement_of_need" in steps


THREE_FAILED_STEP_1 = {
    "degree": {
        "school_country": "EG",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2019,
        "credentials_verified": "verified",
    },
    "exams": {
        "step1": {"status": "failed", "date": "2026-06-01", "failed_attempts": 3},
        "step2ck": {"status": "not_started"},
        "step3": {"status": "not_started"},
    },
    "status": {"us_status": "needs_visa", "citizenship": "EG"},
}


def test_three_failed_step_1_attempts_warn_that_one_attempt_is_left_but_do_not_bar(book):
    plan = plan_for(book, THREE_FAILED_STEP_1)
    warning = next(w for w in plan.warnings if w.id == "usmle.step1_attempts_low")
    assert "1" in warning.text
    assert "usmle.barred" not in ids(plan.warnings)


def test_a_fourth_failure_bars_every_step(book):
    barred = {
        **THREE_FAILED_STEP_1,
        "exams": {
            **THREE_FAILED_STEP_1["exams"],
            "step1": {"status": "failed", "date": "2026-06-01", "failed_attempts": 4},
        },
    }
    plan = plan_for(book, barred)
    assert "usmle.barred" in ids(plan.warnings)
    assert "usmle.step2ck_prepare" not in ids(plan.next_steps)


US_CITIZEN_FOR_CALIFORNIA = {
    "degree": {
        "school_country": "MX",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2023,
        "credentials_verified": "verified",
    },
    "exams": {
        "step1": {"status": "passed", "date": "2023-09-01", "failed_attempts": 0},
        "step2ck": {"status": "scheduled", "date": "2027-01-20", "failed_attempts": 0},
        "step3": {"status": "not_started"},
        "clinical_skills": "not_applied",
    },
    "target": {"state": "CA", "specialty": "family_medicine"},
    "status": {"us_status": "citizen", "citizenship": "US"},
    "experience": {"usce_hands_on_months": 6, "observership_months": 0, "us_research_months": 0, "us_letters": 2},
}


def test_a_us_citizen_img_targeting_california_needs_no_visa_and_learns_the_ptal_is_gone(book):
    plan = plan_for(book, US_CITIZEN_FOR_CALIFORNIA)
    assert plan.card(Milestone.visa_route).state is CardState.met
    assert "corrections.california_ptal" in ids(plan.info)
    visa_items = [
        i.id
        for i in plan.items()
        if i.id.startswith("visa.") and i.id not in ("visa.no_visa_needed", "visa.route_settled")
    ]
    assert visa_items == []
    assert "specialty.img_friendly" in ids(plan.info)


RESTRICTED_NATIONALITY = {
    "degree": {
        "school_country": "IR",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2020,
        "credentials_verified": "verified",
    },
    "exams": {
        "step1": {"status": "passed", "date": "2024-01-15", "failed_attempts": 0},
        "step2ck": {"status": "passed", "date": "2025-01-15", "score": 250, "failed_attempts": 0},
    },
    "target": {"specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa", "citizenship": "IR", "visa_preference": "j1"},
}


def test_an_img_from_a_country_under_a_visa_ban_gets_a_dated_warning(book):
    plan = plan_for(book, RESTRICTED_NATIONALITY)
    warning = next(w for w in plan.warnings if w.id == "visa.nationality_restricted")
    assert warning.volatile
    assert any("Citizenship" in why for why in warning.why)


def test_the_same_profile_from_an_unrestricted_country_gets_no_such_warning(book):
    free = {**RESTRICTED_NATIONALITY, "status": {**RESTRICTED_NATIONALITY["status"], "citizenship": "IN"}}
    assert "visa.nationality_restricted" not in ids(plan_for(book, free).warnings)


def test_before_the_ban_took_effect_there_was_no_warning(book):
    assert (
        outcome(book, RESTRICTED_NATIONALITY, "visa.nationality_restricted", on=date(2025, 11, 1))
        is not Outcome.applies
    )


OET_TOO_OLD = {
    "degree": {
        "school_country": "NG",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2018,
        "credentials_verified": "verified",
        "licensed_abroad": True,
        "practice_years_abroad": 4,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2021-11-02", "failed_attempts": 0},
        "step2ck": {"status": "passed", "date": "2022-05-20", "score": 238, "failed_attempts": 0},
        "oet": {
            "status": "passed",
            "date": "2022-06-11",
            "listening": 400,
            "reading": 390,
            "writing": 360,
            "speaking": 410,
        },
        "clinical_skills": "not_applied",
    },
    "target": {"match_year": 2025},
}


def test_an_oet_result_from_before_the_seasons_cut_off_is_too_old(book):
    # The 2025 Pathways accepted OET results from 1 January 2023 on; a June 2022 result is too old.
    on = date(2024, 10, 1)
    plan = plan_for(book, OET_TOO_OLD, on=on)
    assert "pathways.oet_too_old" in ids(plan.warnings)
    assert "pathways.oet_below_minimums" not in ids(plan.warnings)


def test_an_oet_result_for_a_season_whose_cut_off_was_not_confirmed_officially_is_not_judged(book):
    # The 2025 season's cut-off (1 Jan 2023) was read only on a secondary page quoting ECFMG: unknown.
    recent = {
        **OET_TOO_OLD,
        "exams": {**OET_TOO_OLD["exams"], "oet": {**OET_TOO_OLD["exams"]["oet"], "date": "2023-06-10"}},
    }
    assert outcome(book, recent, "pathways.oet_too_old", on=date(2024, 10, 1)) is Outcome.needs_info


def test_when_the_next_seasons_cut_off_is_unpublished_the_plan_says_so_instead_of_guessing(book):
    # A 2024 result met every published cut-off; whether it meets the 2027 one is not yet known.
    oet_2024 = {**OET_TOO_OLD["exams"]["oet"], "date": "2024-06-08"}
    aiming_2027 = {**OET_TOO_OLD, "exams": {**OET_TOO_OLD["exams"], "oet": oet_2024}, "target": {"match_year": 2027}}
    assert outcome(book, aiming_2027, "pathways.oet_too_old") is Outcome.needs_info


def test_a_result_older_than_an_already_published_cut_off_is_too_old_for_every_later_season(book):
    aiming_2027 = {**OET_TOO_OLD, "target": {"match_year": 2027}}
    assert outcome(book, aiming_2027, "pathways.oet_too_old") is Outcome.applies


GRADUATED_LONG_AGO = {
    "degree": {
        "school_country": "PH",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2012,
        "credentials_verified": "verified",
        "licensed_abroad": True,
        "practice_years_abroad": 12,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2025-04-01", "failed_attempts": 0},
        "step2ck": {"status": "preparing", "failed_attempts": 0},
    },
    "target": {"state": "FL", "specialty": "family_medicine"},
    "status": {"us_status": "permanent_resident", "citizenship": "PH"},
    "experience": {"usce_hands_on_months": 0, "observership_months": 2, "us_research_months": 0, "us_letters": 0},
}


def test_a_graduate_of_more_than_ten_years_ago_is_warned_about_program_cut_offs(book):
    plan = plan_for(book, GRADUATED_LONG_AGO)
    assert "experience.graduated_over_10_years" in ids(plan.warnings)
    assert "experience.graduated_over_5_years" not in ids(plan.warnings)
    assert "experience.observerships_only" in ids(plan.info)
    assert "usmle.step2ck_prepare" in ids(plan.next_steps)


EXPERIENCED_SPECIALIST_WITH_OFFER = {
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2010,
        "credentials_verified": "verified",
        "postgrad_training_years_abroad": 4,
        "licensed_abroad": True,
        "practice_years_abroad": 9,
        "specialist_certified_abroad": True,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2024-05-01", "failed_attempts": 0},
        "step2ck": {"status": "passed", "date": "2025-02-01", "score": 232, "failed_attempts": 0},
        "step3": {"status": "not_started"},
        "clinical_skills": "pathway_accepted",
        "pathway_number": 1,
        "ecfmg_certified": True,
        "ecfmg_certified_date": "2025-09-01",
    },
    "target": {
        "state": "TN",
        "specialty": "internal_medicine",
        "job_offer_in_state": True,
        "open_to_underserved": True,
    },
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "h1b"},
}


def test_an_experienced_specialist_is_certified_and_eligible_for_the_match(book):
    plan = plan_for(book, EXPERIENCED_SPECIALIST_WITH_OFFER)
    assert plan.card(Milestone.ecfmg_certification).state is CardState.met
    assert plan.card(Milestone.match_eligibility).state is CardState.met
    assert "usmle.step3_eligible" in ids(plan.next_steps)
    assert "visa.step3_before_match" in ids(plan.next_steps)
    assert "visa.h1b_100k_payment" in ids(plan.warnings)


def test_an_experienced_specialist_with_a_job_offer_in_tennessee_sees_its_pathway_as_a_fast_track(book):
    plan = plan_for(book, EXPERIENCED_SPECIALIST_WITH_OFFER)
    assert "licence.target_pathway_could_qualify" in ids(plan.fast_tracks)
    assert "licence.pathway_no_visa" in ids(plan.warnings)
    (tennessee,) = state_pathways_for(
        parse_profile(EXPERIENCED_SPECIALIST_WITH_OFFER, today=TODAY), book, on=TODAY
    ).for_target
    assert tennessee.law and "63-6-207" in tennessee.law
    assert tennessee.status_label == "status unknown"  # reported open only by a weak source
    # Tennessee's law does not name the USMLE Steps: Step 3 is the one open piece, said as conditional.
    assert tennessee.missing_pieces == ("USMLE Step 3, if the board requires it (the law does not name the Steps)",)
    assert tennessee.provisional_years == 2


def test_the_same_specialist_with_step_3_passed_appears_to_qualify(book):
    exams = {**EXPERIENCED_SPECIALIST_WITH_OFFER["exams"], "step3": {"status": "passed", "date": "2026-03-02"}}
    plan = plan_for(book, {**EXPERIENCED_SPECIALIST_WITH_OFFER, "exams": exams})
    assert "licence.target_pathway_qualifies" in ids(plan.fast_tracks)


def test_without_the_job_offer_the_missing_offer_is_named(book):
    target = {**EXPERIENCED_SPECIALIST_WITH_OFFER["target"], "job_offer_in_state": False}
    profile = parse_profile({**EXPERIENCED_SPECIALIST_WITH_OFFER, "target": target}, today=TODAY)
    (tennessee,) = state_pathways_for(profile, book, on=TODAY).for_target
    assert "a job offer from a qualifying employer in Tennessee" in tennessee.missing_pieces


@pytest.mark.parametrize(
    "persona",
    [
        STUDENT_BEFORE_STEP_1,
        GRADUATE_WITHOUT_PATHWAY,
        THREE_FAILED_STEP_1,
        US_CITIZEN_FOR_CALIFORNIA,
        RESTRICTED_NATIONALITY,
        GRADUATED_LONG_AGO,
        EXPERIENCED_SPECIALIST_WITH_OFFER,
    ],
)
def test_every_item_in_every_plan_says_why_and_cites_a_dated_source(book, persona):
    for item in plan_for(book, persona).items():
        assert item.why, item.id
        assert item.sources and all(s.as_of <= TODAY for s in item.sources), item.id
