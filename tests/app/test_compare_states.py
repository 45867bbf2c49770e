"""The Compare states page in AppTest: it renders for no states, a few, and all 54, with and without answers."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from wizard_driver import APP, texts

from wizard.domain.states import JURISDICTIONS
from wizard.ui.state import ANSWERS

PAGE = "wizard/ui/pages/compare_states.py"


def open_page(answers: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if answers is not None:
        at.session_state[ANSWERS] = answers
    at.run()
    return at.switch_page(PAGE).run()


SPECIALIST_IN_NEW_YORK = {
    "degree.enrolment": "graduate",
    "degree.graduation_year": 2012,
    "degree.postgrad_training_years_abroad": 4.0,
    "degree.licensed_abroad": True,
    "degree.practice_years_abroad": 6.0,
    "degree.specialist_certified_abroad": True,
    "exams.step1.status": "passed",
    "exams.step2ck.status": "passed",
    "exams.step3.status": "passed",
    "exams.ecfmg_certified": True,
    "target.state": "NY",
    "target.job_offer_in_state": False,
    "status.us_status": "needs_visa",
}


def _typed(answers: dict) -> dict:
    """The store holds enum members; build them from plain values the way the form does."""
    from wizard.ui.state import from_widget

    return {path: from_widget(path, value) for path, value in answers.items()}


def table_frame(at: AppTest):
    return at.dataframe[0].value


def test_the_page_renders_with_no_answers_and_defaults_to_the_pathway_states():
    at = open_page()
    assert not at.exception
    assert at.header[0].value == "Compare states"
    chosen = at.multiselect(key="compare:states").value
    assert "TN" in chosen and "TX" in chosen
    assert "Years to a full licence" in texts(at)


def test_the_target_state_comes_first_and_its_gme_years_show():
    at = open_page(_typed(SPECIALIST_IN_NEW_YORK))
    assert not at.exception
    chosen = at.multiselect(key="compare:states").value
    assert chosen[0] == "NY"
    df = table_frame(at)
    ny = df[df["State"] == "NY · New York"].iloc[0]
    assert ny["GME IMG"] == "3"
    assert ny["Pathway"] == "limited"
    ne = df[df["State"] == "NE · Nebraska"].iloc[0]
    assert ne["Your fit"] == "could qualify"  # everything but the Nebraska job offer


def test_an_empty_selection_asks_for_states_without_an_error():
    at = open_page()
    at.multiselect(key="compare:states").set_value([]).run()
    assert not at.exception
    assert "Choose one or more states" in texts(at)


@pytest.mark.parametrize("codes", [["CA"], ["VA", "TX"], ["GA", "NV", "NY", "PR"]])
def test_a_few_states_render_with_unknown_shown_as_unknown(codes):
    at = open_page(_typed(SPECIALIST_IN_NEW_YORK))
    at.multiselect(key="compare:states").set_value(codes).run()
    assert not at.exception
    df = table_frame(at)
    assert sorted(s.split(" · ")[0] for s in df["State"]) == sorted(codes)
    if "GA" in codes:
        assert df[df["State"] == "GA · Georgia"].iloc[0]["GME IMG"] == "unknown"


def test_all_54_states_render_and_the_pathway_filter_narrows_the_table():
    at = open_page(_typed(SPECIALIST_IN_NEW_YORK))
    at.multiselect(key="compare:states").set_value(list(JURISDICTIONS)).run()
    assert not at.exception
    assert len(table_frame(at)) == 54
    at.toggle(key="compare:only_pathways").set_value(True).run()
    assert not at.exception
    narrowed = table_frame(at)
    assert 10 < len(narrowed) < 54
    assert "AL · Alabama" not in set(narrowed["State"])


def test_sorting_puts_unknown_last_and_board_certification_changes_the_residency_years():
    at = open_page(_typed({**SPECIALIST_IN_NEW_YORK, "target.specialty": "internal_medicine"}))
    at.multiselect(key="compare:states").set_value(["GA", "VA", "NY"]).run()
    at.selectbox(key="compare:sort").set_value("GME years (IMG)").run()
    assert not at.exception
    assert list(table_frame(at)["State"]) == ["VA · Virginia", "NY · New York", "GA · Georgia"]
    at.toggle(key="compare:board_certification").set_value(True).run()
    assert not at.exception


def test_no_state_text_is_rendered_as_live_markdown():
    at = open_page(_typed(SPECIALIST_IN_NEW_YORK))
    at.multiselect(key="compare:states").set_value(["TN"]).run()
    # the law citation "T.C.A. §63-6-207(g)" is escaped, so its parentheses cannot form a link
    laws = [m.value for m in at.markdown if m.value.startswith("**Law:**")]
    assert laws and "\\(g\\)" in laws[0]


def test_the_residency_route_is_dated_from_the_timeline_for_a_full_profile(book):
    from datetime import date

    from wizard.domain.profile import parse_profile
    from wizard.domain.state_pathways import assess
    from wizard.ui.compare_view import estimates

    on = date(2026, 11, 25)
    answers = {
        "degree": {
            "school_country": "IN",
            "wdoms_sponsor_note": "yes",
            "enrolment": "graduate",
            "graduation_year": 2012,
            "credentials_verified": "verified",
            "postgrad_training_years_abroad": 4,
            "licensed_abroad": True,
            "practice_years_abroad": 6,
            "specialist_certified_abroad": True,
        },
        "exams": {
            "step1": {"status": "passed", "date": "2023-05-10"},
            "step2ck": {"status": "passed", "date": "2024-03-01", "score": 245, "failed_attempts": 0},
            "step3": {"status": "passed", "date": "2025-01-01"},
            "oet": {
                "status": "passed",
                "date": "2025-06-01",
                "listening": 400,
                "reading": 400,
                "writing": 400,
                "speaking": 400,
            },
            "clinical_skills": "pathway_accepted",
            "pathway_number": 3,
            "ecfmg_certified": True,
            "ecfmg_certified_date": "2025-08-01",
        },
        "target": {"state": "NY", "specialty": "internal_medicine", "match_year": 2027, "job_offer_in_state": False},
        "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "h1b"},
    }
    profile = parse_profile(answers, today=on)
    found = assess(profile, book.states, on=on)
    rows = {(e.code, e.route): e for e in estimates(profile, book, ["NY", "VA", "NE"], on, found, False)}
    ny, va = rows[("NY", "residency")], rows[("VA", "residency")]
    assert ny.years is not None and va.years is not None
    assert ny.years - va.years == pytest.approx(2)  # New York asks IMGs for 3 years of GME, Virginia for 1
    assert rows[("NE", "pathway")].years == 6
