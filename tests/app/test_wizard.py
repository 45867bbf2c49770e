"""The browser wizard in AppTest: pages render, the whole journey, bad input, conditions, Start over."""

from __future__ import annotations

from datetime import date

import pytest
from wizard_driver import (
    DEGREE_FIRST,
    DEGREE_GRADUATE,
    DEGREE_LICENSED,
    EXAMS_DETAILS,
    EXAMS_FIRST,
    EXPERIENCE,
    STATUS_FIRST,
    STATUS_VISA,
    TARGET,
    errors,
    fill,
    go,
    has_widget,
    header,
    new_app,
    press,
    texts,
    widget,
)

from wizard.domain.book import RULES_DIR_ENV
from wizard.ui.state import ANSWERS

PAGES = ["welcome", "degree", "exams", "target", "status", "experience", "review", "plan", "timeline", "summary"]


def start(name: str = "Zoë Ñúñez"):
    at = new_app().run()
    at.text_input(key="q:about.name").input(name)
    return press(at, "Start →")


def answer_degree(at):
    fill(at, DEGREE_FIRST)
    press(at, "Next →")
    fill(at, DEGREE_GRADUATE)
    press(at, "Next →")
    fill(at, DEGREE_LICENSED)
    return press(at, "Next →")


def answer_exams(at):
    fill(at, EXAMS_FIRST)
    press(at, "Next →")
    fill(at, EXAMS_DETAILS)
    return press(at, "Next →")


def answer_everything():
    at = start()
    answer_degree(at)
    answer_exams(at)
    fill(at, TARGET)
    press(at, "Next →")
    fill(at, STATUS_FIRST)
    press(at, "Next →")
    fill(at, STATUS_VISA)
    press(at, "Next →")
    fill(at, EXPERIENCE)
    return press(at, "Next →")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_exception(page):
    at = new_app().run()
    go(at, page)
    assert not at.exception
    assert header(at)


def test_a_person_can_answer_every_step_and_reach_the_plan_the_timeline_and_the_summary():
    at = start()
    assert header(at) == "Medical degree"
    answer_degree(at)
    assert header(at) == "Exams"
    answer_exams(at)
    assert header(at) == "Target"
    fill(at, TARGET)
    press(at, "Next →")
    assert header(at) == "Status and visa"
    fill(at, STATUS_FIRST)
    press(at, "Next →")
    fill(at, STATUS_VISA)
    press(at, "Next →")
    assert header(at) == "Experience"
    fill(at, EXPERIENCE)
    press(at, "Next →")
    assert header(at) == "Review your answers"
    page = texts(at)
    assert "Zoë Ñúñez" in page
    assert "India" in page and "New York" in page and "J-1" in page
    press(at, "See my plan →")
    assert header(at) == "Your plan"
    assert not at.exception
    page = texts(at)
    assert "ECFMG certification" in page
    assert "Where you stand" in page
    press(at, "Timeline →")
    assert header(at) == "Timeline"
    assert not at.exception
    press(at, "Summary →")
    assert header(at) == "Summary"
    assert "accessible version" in texts(at)
    assert not at.exception
    stored = at.session_state[ANSWERS]
    assert stored["exams.step2ck.score"] == 245
    assert stored["status.visa_preference"].value == "j1"


def test_a_graduation_year_that_is_impossible_is_explained_beside_the_field_and_nothing_is_lost():
    at = start()
    fill(at, {**DEGREE_FIRST, "degree.graduation_year": 1890})
    press(at, "Next →")
    assert header(at) == "Medical degree"
    messages = errors(at)
    assert any("1890 is not possible here" in m for m in messages)
    assert any("nothing you entered has been lost" in m for m in messages)
    # the field keeps what was typed and the other answers stay
    assert widget(at, "degree.graduation_year").value == 1890
    assert widget(at, "degree.school_country").value == "IN"
    assert widget(at, "degree.credentials_verified").value == "verified"
    # the message sits directly under the field it belongs to
    main = list(at.main)
    flat = [e for e in _walk(main)]
    year_at = next(i for i, e in enumerate(flat) if getattr(e, "key", None) == "q:degree.graduation_year")
    assert flat[year_at + 1].type == "error" and "1890" in flat[year_at + 1].value
    assert not at.exception


def _walk(nodes):
    for n in nodes:
        children = getattr(n, "children", None)
        if children:
            yield from _walk(children.values())
        else:
            yield n


def test_a_fifth_attempt_is_refused_beside_the_attempts_field():
    at = start()
    answer_degree(at)
    fill(at, EXAMS_FIRST)
    press(at, "Next →")
    fill(at, {**EXAMS_DETAILS, "exams.step1.failed_attempts": 4})
    press(at, "Next →")
    assert header(at) == "Exams"
    assert any("fifth attempt" in m for m in errors(at))
    assert widget(at, "exams.step2ck.score").value == 245
    assert not at.exception


def test_fixing_the_bad_answer_lets_the_person_move_on():
    at = start()
    fill(at, {**DEGREE_FIRST, "degree.graduation_year": 1890})
    press(at, "Next →")
    fill(at, {"degree.graduation_year": 2019})
    press(at, "Next →")
    assert not errors(at)
    assert has_widget(at, "degree.licensed_abroad")


def test_a_step_2_ck_score_is_asked_only_after_a_pass_and_is_dropped_when_the_pass_is_withdrawn():
    at = start()
    answer_degree(at)
    assert not has_widget(at, "exams.step2ck.score")
    fill(at, EXAMS_FIRST)
    press(at, "Next →")
    assert has_widget(at, "exams.step2ck.score")
    assert "more questions" in texts(at)
    fill(at, EXAMS_DETAILS)
    press(at, "Next →")
    go(at, "exams")
    assert widget(at, "exams.step2ck.score").value == 245
    fill(at, {"exams.step2ck.status": "preparing", "exams.ecfmg_certified": False})
    press(at, "Next →")
    go(at, "exams")
    assert not has_widget(at, "exams.step2ck.score")
    assert "exams.step2ck.score" not in at.session_state[ANSWERS]


def test_graduate_only_questions_are_not_asked_of_a_student():
    at = start()
    fill(at, {**DEGREE_FIRST, "degree.enrolment": "student", "degree.graduation_year": 2028})
    press(at, "Next →")
    assert header(at) == "Exams"
    go(at, "degree")
    assert not has_widget(at, "degree.licensed_abroad")
    go(at, "exams")
    assert not has_widget(at, "exams.ecfmg_certified")


def test_a_citizen_is_not_asked_which_visa_they_prefer():
    at = start()
    go(at, "status")
    assert not has_widget(at, "status.visa_preference")
    fill(at, {"status.us_status": "citizen"})
    press(at, "Next →")
    assert header(at) == "Experience"
    go(at, "status")
    assert not has_widget(at, "status.visa_preference")
    fill(at, {"status.us_status": "needs_visa"})
    press(at, "Next →")
    assert header(at) == "Status and visa"
    assert has_widget(at, "status.visa_preference")


def test_earlier_answers_are_filled_in_when_the_person_returns_to_a_step():
    at = start()
    answer_degree(at)
    press(at, "← Back")
    assert header(at) == "Medical degree"
    assert widget(at, "degree.school_country").value == "IN"
    assert widget(at, "degree.graduation_year").value == 2019
    assert widget(at, "degree.practice_years_abroad").value == 2.0
    go(at, "welcome")
    assert at.text_input(key="q:about.name").value == "Zoë Ñúñez"


def test_the_review_page_links_back_to_each_step():
    at = answer_everything()
    assert header(at) == "Review your answers"
    at.button(key="change-target").click().run()
    assert header(at) == "Target"
    assert widget(at, "target.state").value == "NY"


def test_start_over_clears_every_answer_only_after_confirmation():
    at = start()
    answer_degree(at)
    at.button(key="start-over").click().run()
    assert at.session_state[ANSWERS]  # nothing cleared yet
    assert "cannot be undone" in texts(at)
    at.button(key="reset-yes").click().run()
    assert header(at) == "Welcome"
    assert ANSWERS not in at.session_state or not at.session_state[ANSWERS]
    assert at.text_input(key="q:about.name").value in ("", None)
    go(at, "degree")
    assert widget(at, "degree.school_country").value is None


def test_keep_my_answers_cancels_start_over():
    at = start()
    at.button(key="start-over").click().run()
    at.button(key="reset-no").click().run()
    assert at.session_state[ANSWERS]["about.name"] == "Zoë Ñúñez"
    assert "cannot be undone" not in texts(at)


def test_a_name_with_markup_is_shown_as_plain_text():
    payload = "![x](http://example.com/p.png) :red[Visa denied] <b>x</b>"
    at = start(payload)
    go(at, "review")
    assert payload in [t.value for t in at.text]
    assert not any(payload in m.value for m in at.markdown)


def test_an_empty_wizard_still_gives_a_plan_that_asks_for_answers():
    at = new_app().run()
    go(at, "plan")
    assert not at.exception
    assert "Answer these to see more" in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_rules_folder_shows_a_plain_message_and_no_plan(page, monkeypatch, tmp_path):
    (tmp_path / "ecfmg.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    at = new_app().run()
    go(at, page)
    assert not at.exception
    assert any("The rules could not be loaded" in m for m in errors(at))
    details = [t.value for t in at.text]
    assert any("is not valid JSON" in d for d in details)
    assert "Where you stand" not in texts(at)


def test_a_missing_rules_folder_is_reported_the_same_way(monkeypatch, tmp_path):
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path / "nowhere"))
    at = new_app().run()
    go(at, "plan")
    assert any("The rules could not be loaded" in m for m in errors(at))
    assert not at.exception


def test_dates_are_offered_from_the_pinned_today():
    at = start()
    answer_degree(at)
    fill(at, {"exams.step1.status": "scheduled"})
    press(at, "Next →")
    w = widget(at, "exams.step1.date")
    assert w.max >= date(2027, 11, 25)


def test_the_timeline_page_shows_the_earliest_match_the_chart_and_the_table():
    at = answer_everything()
    go(at, "timeline")
    assert not at.exception
    assert "Earliest realistic Match" in texts(at)
    assert at.get("vega_lite_chart"), "no chart on the timeline page"
    assert at.dataframe, "no table on the timeline page"
    assert "phase" in at.dataframe[0].value.columns


def test_each_next_step_says_why_and_names_its_sources_with_dates():
    at = answer_everything()
    go(at, "plan")
    page = texts(at)
    assert "Why? and sources" in [e.label for e in at.expander]
    assert "as of 20" in page
    assert "Because of your answers" in page


def test_the_pdf_is_not_built_when_the_summary_page_renders(monkeypatch):
    import wizard.outputs.report

    calls = []
    monkeypatch.setattr(wizard.outputs.report, "build_pdf", lambda *a, **k: calls.append(1) or b"%PDF")
    at = answer_everything()
    go(at, "summary")
    assert "prepare-pdf" in [b.key for b in at.button], "no Prepare my PDF button"
    assert not pdf_buttons(at), "a PDF download before the person asked for one"
    go(at, "summary")
    assert calls == []


def pdf_buttons(at):
    return [b for b in at.get("download_button") if "PDF" in b.proto.label]


def test_prepare_my_pdf_builds_it_once_then_offers_the_download_until_the_answers_change(monkeypatch):
    import wizard.ui.summary_view as view

    made = []
    monkeypatch.setattr(view, "make_pdf", lambda res, rules, **_: made.append(res) or b"%PDF-1.7 fake")
    at = answer_everything()
    go(at, "summary")
    at.button(key="prepare-pdf").click().run()
    assert len(made) == 1 and len(pdf_buttons(at)) == 1
    assert at.session_state["img.pdf"][1] == b"%PDF-1.7 fake"
    go(at, "summary")  # a plain rerun keeps the bytes and builds nothing
    assert len(made) == 1 and len(pdf_buttons(at)) == 1
    go(at, "plan")
    go(at, "summary")
    assert len(made) == 1 and len(pdf_buttons(at)) == 1
    # A changed answer drops the old PDF: the page asks again.
    go(at, "target")
    fill(at, {"target.match_year": 2028})
    press(at, "Next →")
    assert "img.pdf" not in at.session_state
    go(at, "summary")
    assert not pdf_buttons(at) and "prepare-pdf" in [b.key for b in at.button]


def test_when_the_pdf_line_is_full_the_page_says_so_at_once_and_the_button_stays(monkeypatch):
    import wizard.ui.summary_view as view
    from wizard.workshop.pdf_queue import QueueFull

    def full(res, rules, **_):
        raise QueueFull("300 PDFs already in line")

    monkeypatch.setattr(view, "make_pdf", full)
    at = answer_everything()
    go(at, "summary")
    at.button(key="prepare-pdf").click().run()
    assert any("try again in a minute" in w.value for w in at.warning)
    assert not pdf_buttons(at) and "prepare-pdf" in [b.key for b in at.button]
    assert not at.exception


def test_the_waiting_person_reads_their_place_in_the_pdf_line():
    from wizard.ui.summary_view import place_words
    from wizard.workshop.pdf_queue import Place

    assert place_words(Place(ahead=2, about_s=3.2, being_made=False)) == "2 ahead of you, about 4 s."
    assert place_words(Place(ahead=0, about_s=0.3, being_made=True)) == "Your PDF is being made, about 1 s."


def test_start_over_forgets_the_prepared_pdf(monkeypatch):
    import wizard.ui.summary_view as view

    monkeypatch.setattr(view, "make_pdf", lambda res, rules, **_: b"%PDF-1.7 fake")
    at = answer_everything()
    go(at, "summary")
    at.button(key="prepare-pdf").click().run()
    assert "img.pdf" in at.session_state
    at.button(key="start-over").click().run()
    at.button(key="reset-yes").click().run()
    assert "img.pdf" not in at.session_state


def test_the_deferred_pdf_builder_makes_a_pdf_with_the_persons_name():
    import io

    from pypdf import PdfReader
    from wizard_driver import ROOT, TODAY

    from wizard.domain.book import load_rulebook
    from wizard.domain.profile import parse_profile
    from wizard.engine.evaluation import evaluate
    from wizard.outputs.plan import build_plan
    from wizard.ui.results import Results
    from wizard.ui.state import nested
    from wizard.ui.summary_view import pdf_builder

    answers = {"about.name": "Zoë Ñúñez", **DEGREE_FIRST, **TARGET, **STATUS_FIRST}
    profile = parse_profile(nested(answers), today=TODAY)
    book = load_rulebook(ROOT / "rules")
    res = Results(book, profile, build_plan(evaluate(book, profile, on=TODAY), book), TODAY)
    data = pdf_builder(res)()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Zoë Ñúñez" in text
