"""The plan page opens with the plan at a glance and the dated actions, in AppTest: the issue's
example (Step 1 and Step 2 CK passed, no Pathway yet, wants an H-1B)."""

from __future__ import annotations

from example_answers import H1B_GRADUATE, dotted
from streamlit.testing.v1 import AppTest
from wizard_driver import APP, texts

from wizard.ui.actions_view import CALENDAR_LABEL
from wizard.ui.state import ANSWERS, from_widget

PLAN = "wizard/ui/pages/plan.py"


def open_plan() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state[ANSWERS] = {path: from_widget(path, value) for path, value in dotted(H1B_GRADUATE).items()}
    at.run()
    return at.switch_page(PLAN).run()


def test_the_plan_opens_with_the_earliest_match_what_stands_in_the_way_and_three_dated_actions():
    at = open_plan()
    assert not at.exception
    first = at.markdown[1].value.replace("\\", "")  # after the app's title: the at-a-glance block
    assert first.startswith("**Earliest realistic Match: 2028")
    assert "What stands between you and that Match: Clinical and communication skills requirement" in first
    urgent = at.markdown[2].value.replace("\\", "")
    assert urgent.startswith("**Most urgent**")
    assert "1. Pass Step 3 before the Match (for an H-1B): from now; by " in urgent
    assert "3. Apply for a Pathway: on 19 Aug 2027" in urgent


def test_every_action_is_listed_by_when_with_its_slip_behind_an_expander():
    shown = texts(open_plan()).replace("\\", "")
    for group in ("Now (next 30 days)", "Later", "After Match Day"):
        assert group in shown
    assert "If it slips past 14 Jan 2028:** Then the 2029 Match." in shown
    assert "Why, slack and sources" in shown


def test_the_calendar_is_offered_on_the_plan_page():
    at = open_plan()
    assert CALENDAR_LABEL in [b.label for b in at.get("download_button")]
