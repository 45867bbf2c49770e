"""The sample people: every listed sample ships as a valid answers file, and each shows what it
is there to show (expectations written from the rules, not read off the code)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from wizard.domain.samples import SAMPLES, SAMPLES_DIR, sample_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan

TODAY = date(2026, 11, 25)  # the same pinned day as conftest.py


def plan_of(book, sample_id: str):
    return build_plan(evaluate(book, sample_profile(sample_id, today=TODAY), on=TODAY), book)


def test_there_are_six_to_eight_samples_and_every_file_is_listed():
    assert 6 <= len(SAMPLES) <= 8
    assert {p.stem for p in SAMPLES_DIR.glob("*.json")} == {s.id for s in SAMPLES}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.id)
def test_every_sample_is_a_valid_answers_file_with_a_name_that_says_it_is_a_sample(sample):
    data = json.loads(sample.path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    profile = sample_profile(sample.id, today=TODAY)
    assert profile.about.name and profile.about.name.startswith("Sample:")
    assert sample.title and sample.who.endswith(".")


def test_the_nigerian_j1_sample_is_warned_about_the_visa_restriction(book):
    assert "visa.nationality_restricted" in {w.id for w in plan_of(book, "visa_restricted_nationality").warnings}


def test_the_specialist_with_a_tennessee_job_offer_appears_to_qualify_for_a_licence_without_residency(book):
    assert "licence.target_pathway_qualifies" in {
        f.id for f in plan_of(book, "specialist_job_offer_tennessee").fast_tracks
    }


def test_the_sample_with_failed_attempts_is_told_about_its_past_failure(book):
    assert "usmle.past_failure" in {w.id for w in plan_of(book, "failed_attempts").warnings}


def test_the_us_citizen_needs_no_visa_so_gets_no_visa_warning(book):
    assert not {w.id for w in plan_of(book, "us_citizen_caribbean_graduate").warnings if w.id.startswith("visa.")}
