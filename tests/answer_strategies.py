"""Generated answers for property tests: every field optional, every value of the right type."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from wizard.domain.profile import (
    ClinicalSkillsRoute,
    Enrolment,
    ExamStatus,
    OetStatus,
    SchoolKind,
    UsStatus,
    Verification,
    VisaPreference,
    YesNoUnsure,
)

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
        "about": st.fixed_dictionaries({}, optional={"name": maybe(st.text(max_size=100))}),
        "degree": st.fixed_dictionaries(
            {},
            optional={
                "school_country": maybe(st.sampled_from(["IN", "NG", "PK", "EG", "PH", "MX", "US", "PR", "CA"])),
                "school_kind": maybe(st.sampled_from([v.value for v in SchoolKind])),
                "wdoms_sponsor_note": maybe(st.sampled_from([v.value for v in YesNoUnsure])),
                "enrolment": maybe(st.sampled_from([v.value for v in Enrolment])),
                "graduation_year": maybe(st.integers(1960, 2032)),
                "credentials_verified": maybe(st.sampled_from([v.value for v in Verification])),
                "postgrad_training_years_abroad": maybe(st.floats(0, 20)),
                "licensed_abroad": maybe(st.booleans()),
                "practice_years_abroad": maybe(st.floats(0, 40)),
                "specialist_certified_abroad": maybe(st.booleans()),
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
                "ecfmg_certified_date": maybe(days.map(date.isoformat)),
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
                "programs_to_apply": maybe(st.integers(1, 300)),
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
