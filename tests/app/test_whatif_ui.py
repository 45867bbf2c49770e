"""Try a different choice (AppTest): the sandbox compares without touching the saved answers;
"Use this" replaces them; keeping the comparison sends it to the PDF."""

from __future__ import annotations

from wizard_driver import header, new_app, texts

from wizard.ui.state import ANSWERS
from wizard.ui.whatif_view import KEPT

WHATIF = "wizard/ui/pages/whatif.py"


def sample_then_whatif(sample_id: str = "final_year_student"):
    at = new_app().run()
    at.button(key=f"welcome-example-{sample_id}").click().run()
    return at.switch_page(WHATIF).run()


def compare(at, **choices):
    for path, value in choices.items():
        at.selectbox(key=f"whatif:{path.replace('__', '.')}").set_value(value)
    return at.button(key="FormSubmitter:whatif-form-Compare").click().run()


def test_the_plan_page_offers_to_try_a_different_choice():
    at = new_app().run()
    at.button(key="welcome-example-final_year_student").click().run()
    at.button(key="plan-whatif").click().run()
    assert header(at) == "Try a different choice"


def test_comparing_shows_both_plans_and_the_differences_but_keeps_the_saved_answers():
    at = sample_then_whatif()
    before = dict(at.session_state[ANSWERS])
    at = compare(at, status__visa_preference="h1b", target__state="TX")
    assert not at.exception
    page = texts(at).replace("\\", "")  # markdown escapes
    assert "The same earliest Match: 2028." in page
    assert "Full licence: 16 Oct 2030 instead of 16 Oct 2031 (365 days earlier)." in page
    assert "J-1: two years in your home country after training" in page  # leaves the plan
    assert [m.label for m in at.metric] == ["Earliest Match", "Earliest Match"]
    assert dict(at.session_state[ANSWERS]) == before


def test_use_this_replaces_the_saved_answers_and_opens_the_plan():
    at = compare(sample_then_whatif(), status__visa_preference="h1b")
    at.button(key="whatif-use").click().run()
    assert header(at) == "Your plan"
    assert str(at.session_state[ANSWERS]["status.visa_preference"]) == "h1b"
    at.switch_page(WHATIF).run()  # the sandbox starts again from the new answers
    assert not at.exception
    assert at.selectbox(key="whatif:status.visa_preference").value == "(as now)"


def test_keeping_the_comparison_puts_its_lines_in_the_session_for_the_pdf():
    at = compare(sample_then_whatif(), target__state="TX")
    at.button(key="whatif-keep").click().run()
    kept = at.session_state[KEPT][1]
    assert kept[1] == "  US state or territory you aim for: Texas (now: New York)"


def test_comparing_with_nothing_changed_says_so_and_offers_nothing_to_use():
    at = sample_then_whatif()
    at = at.button(key="FormSubmitter:whatif-form-Compare").click().run()
    assert not at.exception
    assert "Nothing in the plan changes with this choice." in [i.value for i in at.info]
    assert at.button(key="whatif-use").disabled


def test_the_kept_comparison_goes_into_the_pdf_made_on_the_summary_page(monkeypatch):
    import wizard.ui.summary_view as view
    from wizard.workshop import pdf_job

    seen: list[tuple[str, ...]] = []
    monkeypatch.setattr(view, "_pdf_line", lambda: None)  # made in this process, where we can see it
    monkeypatch.setattr(pdf_job, "build", lambda *args: seen.append(args[4]) or b"%PDF-1.7 fake")
    at = compare(sample_then_whatif(), target__state="TX")
    at.button(key="whatif-keep").click().run()
    at.switch_page("wizard/ui/pages/summary.py").run()
    at.button(key="prepare-pdf").click().run()
    assert not at.exception
    assert seen and seen[0][1] == "  US state or territory you aim for: Texas (now: New York)"


def test_a_year_earlier_is_searched_on_request_and_a_none_is_said_plainly():
    at = compare(sample_then_whatif(), target__state="TX")
    assert "Search for it" in [b.label for b in at.button]
    at.button(key="whatif-earlier").click().run()
    assert not at.exception
    page = texts(at).replace("\\", "")
    assert "Nothing you could still do brings the Match forward to 2027" in page
