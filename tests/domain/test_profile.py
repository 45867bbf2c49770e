"""The answers model refuses impossible answers with sentences a person understands."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from wizard.domain.profile import Profile, field_errors, parse_profile

TODAY = date(2026, 11, 25)


def errors_for(data) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse_profile(data, today=TODAY)
    return field_errors(caught.value)


def test_an_empty_answers_set_is_valid_so_partial_answers_evaluate():
    profile = parse_profile({}, today=TODAY)
    assert profile.schema_version == 1
    assert profile.exams.step1.status is None


def test_a_graduation_year_of_1850_is_refused_beside_the_year():
    errors = errors_for({"degree": {"graduation_year": 1850}})
    assert "1850 is not possible" in errors["degree.graduation_year"]


def test_a_fifth_attempt_at_a_step_is_refused_beside_the_attempts():
    errors = errors_for({"exams": {"step2ck": {"status": "passed", "failed_attempts": 4}}})
    assert "fifth attempt" in errors["exams.step2ck.failed_attempts"]


def test_more_than_four_failed_attempts_is_refused():
    errors = errors_for({"exams": {"step1": {"status": "failed", "failed_attempts": 5}}})
    assert "at most 4 attempts" in errors["exams.step1.failed_attempts"]


def test_a_pass_date_in_the_future_is_refused_beside_the_date():
    errors = errors_for({"exams": {"step1": {"status": "passed", "date": "2026-12-01"}}})
    assert "in the future" in errors["exams.step1.date"]


def test_a_pass_date_is_not_checked_against_a_clock_when_no_date_is_given():
    Profile.model_validate({"exams": {"step1": {"status": "passed", "date": "2030-01-01"}}})


def test_an_oet_sub_score_outside_its_scale_is_refused():
    errors = errors_for({"exams": {"oet": {"status": "passed", "writing": 510}}})
    assert "0 to 500" in errors["exams.oet.writing"]


def test_a_step_2_ck_score_outside_its_range_is_refused():
    errors = errors_for({"exams": {"step2ck": {"status": "passed", "score": 301}}})
    assert "1 to 300" in errors["exams.step2ck.score"]


def test_a_step_1_score_after_pass_fail_began_is_refused():
    errors = errors_for({"exams": {"step1": {"status": "passed", "date": "2023-05-01", "score": 230}}})
    assert "pass/fail since 26 January 2022" in errors["exams.step1.score"]


def test_a_step_1_score_from_before_pass_fail_is_accepted():
    profile = parse_profile({"exams": {"step1": {"status": "passed", "date": "2021-05-01", "score": 230}}}, today=TODAY)
    assert profile.exams.step1.score == 230


def test_a_graduate_with_a_future_graduation_year_is_told_to_choose_student():
    errors = errors_for({"degree": {"enrolment": "graduate", "graduation_year": 2028}})
    assert "student" in errors["degree.graduation_year"]


def test_an_unknown_key_is_refused_so_a_misspelt_file_never_passes_silently():
    errors = errors_for({"degree": {"graduation_yaer": 2020}})
    assert "degree.graduation_yaer" in errors


def test_messages_never_echo_what_was_typed():
    errors = errors_for({"experience": {"us_letters": "<script>alert(1)</script>"}})
    assert all("<script>" not in message for message in errors.values())


def test_a_file_that_is_not_json_gets_one_plain_message():
    errors = errors_for('{"degree": ')
    assert errors == {"": "This is not a valid answers file (it is not readable JSON)."}


def test_json_nested_too_deeply_is_refused_cleanly():
    errors = errors_for("[" * 5000 + "]" * 5000)
    assert list(errors) == [""]


def test_answers_round_trip_through_json_unchanged():
    data = {
        "about": {"name": "Zoë Ñúñez"},
        "degree": {"school_country": "IN", "enrolment": "graduate", "graduation_year": 2018},
        "exams": {"step1": {"status": "passed", "date": "2023-02-01", "failed_attempts": 0}},
    }
    profile = parse_profile(data, today=TODAY)
    assert parse_profile(profile.model_dump_json(), today=TODAY) == profile
