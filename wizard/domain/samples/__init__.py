"""Sample people: whole answers files written by hand from the official rules, shipped as data.

Each sample is a realistic international medical graduate (a final-year student, a graduate
without a Pathway, a US-citizen Caribbean graduate, a specialist with a job offer in
Tennessee, someone with failed attempts, a nationality under a visa restriction, an early
student). An advisor loads one with one click to walk a room through a plan; the tests use
them as fixtures. The files are ordinary answers files (`img-wizard evaluate FILE` reads them).

Owns: the list of samples, their one-line descriptions, reading their files.
Must not know: Streamlit, the clock (validation takes `today`), plans or timelines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wizard.domain.profile import Profile, parse_profile

SAMPLES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Sample:
    id: str  # the file's name without .json
    title: str
    who: str  # what the sample shows, in one sentence

    @property
    def path(self) -> Path:
        return SAMPLES_DIR / f"{self.id}.json"


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "final_year_student",
        "Final-year student",
        "Indian student graduating in 2027, Step 1 passed, preparing Step 2 CK, aiming at internal medicine in New York.",
    ),
    Sample(
        "graduate_without_pathway",
        "Graduate without a Pathway",
        "Pakistani graduate with both Steps passed but no Pathway or OET yet, prefers a J-1, aiming at Texas.",
    ),
    Sample(
        "us_citizen_caribbean_graduate",
        "US citizen from a Caribbean school",
        "US citizen who graduated in Grenada in 2026, ECFMG Pathway accepted and OET passed; no visa needed.",
    ),
    Sample(
        "specialist_job_offer_tennessee",
        "Specialist with a job offer in Tennessee",
        "Egyptian internist certified abroad, 14 years in practice, ECFMG-certified, with a job offer in Tennessee.",
    ),
    Sample(
        "failed_attempts",
        "Failed attempts",
        "Filipino graduate who passed Step 1 on the third attempt and failed Step 2 CK once.",
    ),
    Sample(
        "visa_restricted_nationality",
        "Nationality under a visa restriction",
        "Nigerian graduate ready for the Match who wants a J-1, a visa class restricted for Nigerian nationals.",
    ),
    Sample(
        "early_student",
        "Second-year student",
        "Jordanian student graduating in 2030, no exams yet, school's Sponsor Note not checked, specialty undecided.",
    ),
)
BY_ID: dict[str, Sample] = {s.id: s for s in SAMPLES}


def sample_answers(sample_id: str) -> dict[str, Any]:
    """The sample's answers file as JSON data. KeyError for an unknown id."""
    data: dict[str, Any] = json.loads(BY_ID[sample_id].path.read_text(encoding="utf-8"))
    return data


def sample_profile(sample_id: str, *, today: date) -> Profile:
    """The sample's answers, validated as any answers file is on `today`."""
    return parse_profile(sample_answers(sample_id), today=today)
