"""The cost section of the plan page and the cost band of the timeline page, in AppTest.

A graduate from India who has passed nothing yet, aims at New York, needs a J-1 and plans 50
applications: the same person as the hand-written estimate in tests/outputs/test_costs.py.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from wizard_driver import APP, texts

from wizard.ui.state import ANSWERS, from_widget

PLAN = "wizard/ui/pages/plan.py"
TIMELINE = "wizard/ui/pages/timeline.py"

NEWCOMER = {
    "degree.school_country": "IN",
    "degree.enrolment": "graduate",
    "degree.graduation_year": 2023,
    "exams.step1.status": "preparing",
    "exams.step2ck.status": "not_started",
    "exams.oet.status": "not_taken",
    "target.state": "NY",
    "target.specialty": "internal_medicine",
    "target.programs_to_apply": 50,
    "status.us_status": "needs_visa",
    "status.visa_preference": "j1",
}


def open_page(page: str, answers: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state[ANSWERS] = {path: from_widget(path, value) for path, value in answers.items()}
    at.run()
    return at.switch_page(page).run()


def test_the_plan_has_a_cost_section_with_the_total_each_fee_why_and_what_is_not_included():
    at = open_page(PLAN, NEWCOMER)
    assert not at.exception
    page = texts(at).replace("\\", "")
    assert "What it will cost" in page
    assert "Still to pay in fees: US$" in page
    assert "plus fees not yet published (" in page and "ECFMG Pathways application" in page
    assert "USMLE Step 1 exam fee (graduates of international schools)" in page
    assert "You still have to take Step 1." in page
    assert "You plan to apply to 50 programs (one specialty)." in page
    assert "New York physician licence application and first registration" in page
    assert "Not included" in page and "preparation courses, question banks and books" in page


def test_the_cost_section_draws_a_chart_by_year():
    at = open_page(PLAN, NEWCOMER)
    charts = [e for e in at.get("arrow_vega_lite_chart")] or [e for e in at.get("vega_lite_chart")]
    assert charts, "no chart on the plan page"


def test_unanswered_programs_give_a_range_and_the_typical_number_with_its_source():
    answers = {k: v for k, v in NEWCOMER.items() if k != "target.programs_to_apply"}
    at = open_page(PLAN, answers)
    page = texts(at).replace("\\", "")
    assert "Depends on how many programs you apply to (not answered)" in page
    assert "Typical number: 77" in page and "Alliance for Academic Internal Medicine" in page


def test_the_timeline_page_shows_the_cost_band():
    at = open_page(TIMELINE, NEWCOMER)
    assert not at.exception
    page = texts(at).replace("\\", "")
    assert "Still to pay in fees: US$" in page and "By year: 2026: US$" in page
