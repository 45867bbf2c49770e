"""Property tests: for any valid answers on any date, evaluation never raises and is deterministic."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.domain.profile import (
    ClinicalSkillsRoute,
    Enrolment,
    ExamStatus,
    OetStatus,
    UsStatus,
    Verification,
    VisaPreference,
    YesNoUnsure,
    field_errors,
    parse_profile,
)
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan

maybe = lambda s: st.none() | s  # noqa: E731
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2031, 12, 31))


def step():
    return st.fixed_dictionaries(
        {},
        optional={
            "status": maybe(st.sampled_from([s.value for s in ExamStatus])),
            "date": maybe(days.map(date.isoformat)),
            "score": maybe(st.integers(150, 280)),
            "failed_attempts": maybe(st.integers(0, 4)),
        },
    )


answers = st.fixed_dictionaries(
    {},
    optional={
        "degree": st.fixed_dictionaries(
            {},
            optional={
                "school_country": maybe(st.sampled_from(["IN", "NG", "PK", "EG", "PH", "MX"])),
                "wdoms_sponsor_note": maybe(st.sampled_from([v.value for v in YesNoUnsure])),
                "enrolment": maybe(st.sampled_from([v.value for v in Enrolment])),
                "graduation_year": maybe(st.integers(1960, 2032)),
                "credentials_verified": maybe(st.sampled_from([v.value for v in Verification])),
                "postgrad_training_years_abroad": maybe(st.floats(0, 20)),
                "licensed_abroad": maybe(st.booleans()),
                "practice_years_abroad": maybe(st.floats(0, 40)),
            },
        ),
        "exams": st.fixed_dictionaries(
            {},
            optional={
                "step1": step(),
                "step2ck": step(),
                "step3": step(),
                "oet": st.fixed_dictionaries(
                    {},
                    optional={
                        "status": maybe(st.sampled_from([v.value for v in OetStatus])),
                        "date": maybe(days.map(date.isoformat)),
                        "listening": maybe(st.integers(0, 500)),
                        "reading": maybe(st.integers(0, 500)),
                        "writing": maybe(st.integers(0, 500)),
                        "speaking": maybe(st.integers(0, 500)),
                    },
                ),
                "clinical_skills": maybe(st.sampled_from([v.value for v in ClinicalSkillsRoute])),
                "pathway_number": maybe(st.integers(1, 6)),
                "ecfmg_certified": maybe(st.booleans()),
            },
        ),
        "target": st.fixed_dictionaries(
            {},
            optional={
                "state": maybe(st.sampled_from(["CA", "TX", "NY", "FL", "TN", "GU"])),
                "specialty": maybe(st.sampled_from(["internal_medicine", "family_medicine", "dermatology"])),
                "match_year": maybe(st.integers(2026, 2032)),
                "open_to_underserved": maybe(st.booleans()),
                "job_offer_in_state": maybe(st.booleans()),
            },
        ),
        "status": st.fixed_dictionaries(
            {},
            optional={
                "us_status": maybe(st.sampled_from([v.value for v in UsStatus])),
                "citizenship": maybe(st.sampled_from(["IN", "NG", "IR", "VE", "CA", "GB"])),
                "visa_preference": maybe(st.sampled_from([v.value for v in VisaPreference])),
            },
        ),
        "experience": st.fixed_dictionaries(
            {},
            optional={
                "usce_hands_on_months": maybe(st.floats(0, 60)),
                "observership_months": maybe(st.floats(0, 60)),
                "us_letters": maybe(st.integers(0, 10)),
            },
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers, on=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_evaluation_never_raises_and_is_deterministic_for_valid_answers(book, data, on):
    try:
        profile = parse_profile(data, today=on)
    except ValidationError as exc:
        assert all(isinstance(m, str) and m for m in field_errors(exc).values())
        return
    first = build_plan(evaluate(book, profile, on=on), book)
    second = build_plan(evaluate(book, profile, on=on), book)
    assert first == second


@settings(max_examples=200, deadline=None)
@given(
    raw=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=4),
        max_leaves=30,
    )
)
def test_arbitrary_json_gives_validation_messages_never_a_crash(raw):
    try:
        parse_profile(raw, today=date(2026, 11, 25))
    except ValidationError as exc:
        assert field_errors(exc)
