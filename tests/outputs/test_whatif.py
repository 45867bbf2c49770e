"""What-if: answer changes are validated with plain messages, the differences are computed in
words, no change gives the same plan, and "a year earlier" finds the changes known to work."""

from __future__ import annotations

from datetime import date

import pytest
from answer_strategies import answers
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from wizard.domain.profile import parse_profile
from wizard.domain.samples import sample_profile
from wizard.outputs.earlier import year_earlier
from wizard.outputs.whatif import WhatIfError, apply_changes, compare, comparison_lines, parse_assignment

TODAY = date(2026, 11, 25)

# A graduate with Step 1 passed and Step 2 CK still to prepare, seen on 1 June 2027: the typical
# lane sits Step 2 CK too late for scores to reach programs when ERAS opens (about 22 Sep 2027),
# so the earliest Match is 2029; a Step 2 CK result by then reaches the 2028 Match.
PREPARING_STEP_2 = {
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2022,
        "credentials_verified": "verified",
    },
    "exams": {
        "step1": {"status": "passed", "date": "2024-03-01", "failed_attempts": 0},
        "step2ck": {"status": "preparing", "failed_attempts": 0},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
    },
    "target": {"state": "NY", "specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "j1"},
}
JUNE_2027 = date(2027, 6, 1)


def test_a_change_is_written_as_a_dotted_answer_path_and_a_value():
    assert parse_assignment("status.visa_preference=h1b") == ("status.visa_preference", "h1b")
    assert parse_assignment(" target.state = ") == ("target.state", None)
    with pytest.raises(WhatIfError, match="answer.path=value"):
        parse_assignment("h1b")


def test_an_unknown_answer_or_a_refused_value_is_a_plain_message(book):
    profile = sample_profile("final_year_student", today=TODAY)
    with pytest.raises(WhatIfError, match="'status.visa' is not one of the wizard's answers"):
        apply_changes(profile, {"status.visa": "h1b"}, today=TODAY)
    with pytest.raises(WhatIfError, match="Visa you would prefer"):
        apply_changes(profile, {"status.visa_preference": "o1"}, today=TODAY)
    with pytest.raises(WhatIfError, match="already passed"):
        apply_changes(profile, {"exams.step2ck.status": "scheduled", "exams.step2ck.date": "2026-01-05"}, today=TODAY)


def test_choosing_the_h1b_takes_the_j1_home_rule_out_of_the_plan_and_keeps_the_match(book):
    profile = sample_profile("final_year_student", today=TODAY)
    c = compare(profile, {"status.visa_preference": "h1b"}, book, on=TODAY)
    assert [(ch.label, ch.before, ch.after) for ch in c.changes] == [
        ("Visa you would prefer for residency", "undecided", "H-1B")
    ]
    assert c.differences[0] == "The same earliest Match: 2028."
    assert "J-1: two years in your home country after training" in c.disappears
    assert not c.same


def test_aiming_at_texas_instead_of_new_york_brings_the_full_licence_a_year_earlier(book):
    # New York asks international graduates for three years of US residency, Texas for two.
    profile = sample_profile("final_year_student", today=TODAY)
    c = compare(profile, {"target.state": "TX"}, book, on=TODAY)
    assert "Full licence: 16 Oct 2030 instead of 16 Oct 2031 (365 days earlier)." in c.differences


def test_no_change_says_nothing_changes(book):
    profile = sample_profile("graduate_without_pathway", today=TODAY)
    c = compare(profile, {"status.visa_preference": "j1"}, book, on=TODAY)  # already J-1
    assert c.same and c.changes == () and c.appears == () and c.disappears == ()
    assert comparison_lines(c)[-2:] == ["  (no answer changed)", "Nothing in the plan changes."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers)
def test_a_what_if_with_no_change_gives_an_identical_plan(book, data):
    try:
        profile = parse_profile(data, today=TODAY)
    except ValidationError:
        return
    c = compare(profile, {}, book, on=TODAY)
    assert c.same and c.alternative.plan == c.current.plan and c.alternative.timeline == c.current.timeline
    again = compare(profile, {"status.visa_preference": profile.status.visa_preference}, book, on=TODAY)
    assert again.alternative.plan == again.current.plan


def test_a_step_2_result_before_eras_opens_brings_the_match_a_year_earlier(book):
    profile = parse_profile(PREPARING_STEP_2, today=JUNE_2027)
    found = year_earlier(profile, book, on=JUNE_2027)
    assert (found.current_year, found.target_year) == (2029, 2028)
    by = {s.words: s.by for s in found.suggestions}
    assert by["Step 2 CK: passed"] == date(2027, 9, 22)  # ERAS opens to programs
    sit_by = by["Sit Step 2 CK (and pass)"]
    assert date(2027, 8, 1) <= sit_by <= date(2027, 9, 1)  # a few weeks for the score before that
    assert all(s.match_year == 2028 for s in found.suggestions)


def test_in_late_november_nothing_reaches_the_match_of_the_coming_march(book):
    # The 2027 Match's applications went to programs in September 2026.
    found = year_earlier(sample_profile("visa_restricted_nationality", today=TODAY), book, on=TODAY)
    assert found.suggestions == ()
    assert found.lines() == [found.reason]
    assert "Nothing you could still do brings the Match forward to 2027" in found.reason


def test_choosing_the_h1b_says_what_it_does_to_the_fees_still_to_pay(book):
    profile = sample_profile("final_year_student", today=TODAY)
    c = compare(profile, {"status.visa_preference": "h1b"}, book, on=TODAY)
    assert c.current.outlook.cost is not None and c.alternative.outlook.cost is not None
    assert f"Fees still to pay: {c.alternative.outlook.cost} instead of {c.current.outlook.cost}." in c.differences
