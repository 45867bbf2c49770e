"""Sample people in the browser: one click on Welcome (or the advisor page) loads a sample and
opens its plan, and every page renders for every sample."""

from __future__ import annotations

import pytest
from wizard_driver import go, header, new_app, texts

from wizard.domain.samples import SAMPLES
from wizard.ui.state import ANSWERS

PAGES = ["welcome", "degree", "exams", "target", "status", "experience", "review", "plan", "timeline", "summary"]


def load_sample(sample_id: str):
    at = new_app().run()
    at.button(key=f"welcome-example-{sample_id}").click().run()
    return at


def test_one_click_on_an_example_loads_its_answers_and_opens_the_plan():
    at = load_sample("final_year_student")
    assert not at.exception
    assert header(at) == "Your plan"
    assert at.session_state[ANSWERS]["about.name"] == "Sample: Priya, final-year student"
    assert at.session_state[ANSWERS]["target.state"] == "NY"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.id)
def test_every_page_renders_for_every_sample(sample):
    at = load_sample(sample.id)
    for page in PAGES:
        go(at, page)
        assert not at.exception, (sample.id, page, at.exception)
        assert header(at), (sample.id, page)
    assert "Something went wrong" not in texts(at)
