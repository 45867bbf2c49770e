"""The issue's example person, shared by the plan, CLI, PDF, app and browser tests: Step 1 and
Step 2 CK passed, no Pathway yet, wants an H-1B, aims at Texas and internal medicine."""

from __future__ import annotations

from typing import Any

H1B_GRADUATE: dict[str, Any] = {
    "degree": {
        "school_country": "PK",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2021,
        "credentials_verified": "verified",
        "licensed_abroad": True,
        "practice_years_abroad": 3,
    },
    "exams": {
        "step1": {"status": "passed"},
        "step2ck": {"status": "passed", "score": 246},
        "step3": {"status": "not_started"},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
        "ecfmg_certified": False,
    },
    "target": {"state": "TX", "specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa", "citizenship": "PK", "visa_preference": "h1b"},
    "experience": {"usce_hands_on_months": 4, "us_letters": 3},
}


def dotted(answers: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The answers as the app's session keeps them: one "section.field" path per answer."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(dotted(value, path + "."))
        else:
            out[path] = value
    return out
