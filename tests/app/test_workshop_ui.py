"""Workshops in the browser (AppTest): save and resume, bad uploads, Clear my answers, the kiosk
timeout, two phones side by side, the advisor page behind its passcode, the room counts."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from test_wizard import answer_everything, start
from wizard_driver import TODAY, go, header, new_app, press, texts

from wizard.domain.book import load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.outputs.report import build_pdf
from wizard.ui import room
from wizard.ui.state import ANSWERS
from wizard.workshop import batch, resume
from wizard.workshop import room as workshop
from wizard.workshop.cohort_template import template_csv

PASSCODE = "4821-0937"
ROOM_ENV = (
    workshop.WORKSHOP_ENV,
    workshop.JOIN_URL_ENV,
    workshop.PASSCODE_ENV,
    workshop.KIOSK_IDLE_ENV,
    workshop.ROOM_SUMMARY_ENV,
)


@pytest.fixture(autouse=True)
def no_room_settings(monkeypatch):
    for name in ROOM_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def room_mode(monkeypatch):
    env = workshop.server_env(
        {}, workshop.ServeOptions("192.168.137.1", 8501, workshop=True, passcode=PASSCODE, room_summary=True)
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def stored(at) -> dict:
    return dict(at.session_state[ANSWERS]) if ANSWERS in at.session_state else {}


def profile_of(at):
    from wizard.ui.state import nested

    return parse_profile(nested(stored(at)), today=TODAY)


def upload(at, data: bytes, name: str = "answers.json"):
    go(at, "welcome")
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    return at.run()


def resume_message(at) -> str:
    return "\n".join([e.value for e in at.error] + [s.value for s in at.success])


# ------------------------------------------------------------------ save and resume


def test_saved_answers_resume_in_a_fresh_tab_exactly():
    first = answer_everything()
    before = stored(first)
    saved = resume.answers_file(profile_of(first))
    fresh = new_app().run()
    upload(fresh, saved.encode("utf-8"))
    assert not fresh.exception
    assert stored(fresh) == before
    assert "Your answers are back" in resume_message(fresh)
    press(fresh, "Review my answers →")
    assert header(fresh) == "Review your answers"
    assert "Zoë Ñúñez" in texts(fresh)


def test_the_pdf_summary_resumes_the_same_answers():
    first = answer_everything()
    before = stored(first)
    book = load_rulebook("rules")
    p = profile_of(first)
    pdf = build_pdf(p, build_plan(evaluate(book, p, on=TODAY), book), on=TODAY)
    fresh = new_app().run()
    upload(fresh, pdf, "plan.pdf")
    assert stored(fresh) == before


def test_resumed_answers_fill_every_step_again():
    first = answer_everything()
    fresh = new_app().run()
    upload(fresh, resume.answers_file(profile_of(first)).encode())
    go(fresh, "target")
    assert fresh.selectbox(key="q:target.state").value == "NY"
    go(fresh, "welcome")
    assert fresh.text_input(key="q:about.name").value == "Zoë Ñúñez"


def test_resuming_replaces_answers_already_given_rather_than_mixing_them():
    first = answer_everything()
    other = start("Someone Else")
    upload(other, resume.answers_file(profile_of(first)).encode())
    assert stored(other) == stored(first)


BAD_UPLOADS = {
    "empty": (b"", "empty"),
    "too large": (b"{" + b" " * (70 * 1024) + b"}", "larger than"),
    "not json": (b"\x00\x01 not json at all", "not readable JSON"),
    "deeply nested": (b'{"schema_version": 1, "a": ' + b"[" * 3000 + b"]" * 3000 + b"}", "not readable JSON"),
    "another program": (b'{"name": "my-package", "version": "1.0.0"}', "not saved by this wizard"),
    "unknown version": (b'{"schema_version": 7}', "newer version"),
    "pdf without answers": (b"%PDF-1.4\n%%EOF\n", "does not carry saved answers"),
    "impossible values": (b'{"schema_version": 1, "degree": {"graduation_year": 1890}}', "cannot accept"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_shows_one_message_and_leaves_the_answers_unchanged(case):
    data, words = BAD_UPLOADS[case]
    at = start()
    before = stored(at)
    assert before
    upload(at, data, "plan.pdf" if data.startswith(b"%PDF") else "answers.json")
    assert not at.exception
    assert len(at.error) == 1
    assert words in at.error[0].value and "not changed" in at.error[0].value
    assert stored(at) == before


def test_the_save_button_is_on_review_and_summary_and_in_the_frame_once_there_are_answers():
    at = new_app().run()
    assert not [b for b in at.get("download_button") if "Save" in b.proto.label]
    at = answer_everything()
    for page in ("review", "summary", "degree"):
        go(at, page)
        saves = [b for b in at.get("download_button") if b.proto.label == "Save my answers"]
        assert len(saves) == 1, page


def test_the_save_button_builds_the_file_only_when_pressed(monkeypatch):
    calls = []
    monkeypatch.setattr(resume, "answers_file", lambda p: calls.append(1) or "{}")
    at = answer_everything()
    go(at, "review")
    go(at, "summary")
    assert calls == []


def test_the_saved_file_holds_the_answers_though_it_is_built_outside_the_session(monkeypatch):
    from wizard.ui import saveload

    built = []
    real = saveload._builder
    monkeypatch.setattr(saveload, "_builder", lambda: built.append(real()) or built[-1])
    at = answer_everything()
    go(at, "review")
    text = built[-1]()  # as on the click: no script run, no session state
    saved = resume.read_upload(text.encode("utf-8"), today=TODAY)
    assert saved.model_copy(update={"rule_book": None}) == profile_of(at)
    assert saved.rule_book is not None and saved.rule_book.version == "2026.12.1"  # for "what changed" later


def test_resuming_a_file_from_an_older_rule_book_shows_what_changed_on_the_plan_page():
    from wizard.domain.profile import RuleBookStamp

    at = new_app().run()
    old = profile_of(answer_everything()).model_copy(
        update={"rule_book": RuleBookStamp(version="2026.11.1", date=date(2026, 11, 25), items={})}
    )
    upload(at, resume.answers_file(old).encode())
    go(at, "plan")
    labels = [e.label for e in at.expander]
    assert any(label.startswith("What changed since your last visit (rule book 2026.11.1") for label in labels)
    assert "New in your plan:" in texts(at)


def test_the_welcome_page_warns_that_a_refresh_or_sleep_loses_the_session_and_points_to_save():
    at = new_app().run()
    page = texts(at)
    assert "loses your answers" in page and "Save my answers" in page and "Resume" in page


# ------------------------------------------------------------------ clearing


def test_clear_my_answers_forgets_everything_after_one_confirmation():
    at = answer_everything()
    at.button(key="clear-answers").click().run()
    assert stored(at)
    assert "next person" in texts(at)
    at.button(key="reset-yes").click().run()
    assert header(at) == "Welcome"
    assert not stored(at)
    assert "cleared from this tab" in texts(at)


def test_two_tabs_never_see_each_others_answers():
    alice = start("Alice Canary-7731")
    bob = new_app().run()
    bob.text_input(key="q:about.name").input("Bob")
    press(bob, "Start →")
    go(alice, "review")
    go(bob, "review")
    assert "Alice Canary-7731" not in texts(bob)
    assert "Bob" not in [t.value for t in alice.text]
    assert stored(alice)["about.name"] == "Alice Canary-7731"
    assert stored(bob)["about.name"] == "Bob"


def test_a_kiosk_tab_left_idle_is_cleared_and_returns_to_welcome(monkeypatch):
    monkeypatch.setenv(workshop.KIOSK_IDLE_ENV, "5")
    at = answer_everything()
    assert header(at) == "Review your answers"
    at.session_state[room.LAST_ACTIVITY] = time.monotonic() - 6 * 60
    at.run()
    assert header(at) == "Welcome"
    assert not stored(at)
    assert "left idle" in texts(at)


def test_a_kiosk_tab_in_use_is_not_cleared(monkeypatch):
    monkeypatch.setenv(workshop.KIOSK_IDLE_ENV, "5")
    at = answer_everything()
    at.session_state[room.LAST_ACTIVITY] = time.monotonic() - 4 * 60
    at.run()
    assert stored(at)


def test_the_advisors_projected_page_is_not_sent_back_to_welcome_by_the_kiosk_timeout(room_mode, monkeypatch):
    monkeypatch.setenv(workshop.KIOSK_IDLE_ENV, "5")
    at = advisor(new_app().run())
    at.text_input(key="advisor-passcode").input(PASSCODE)
    press(at, "Open the advisor page")
    at.session_state[room.LAST_ACTIVITY] = time.monotonic() - 60 * 60
    at.run()
    assert header(at) == "Advisor" and "Join the room" in texts(at)


def test_without_a_kiosk_timeout_an_idle_tab_keeps_its_answers():
    at = answer_everything()
    at.session_state[room.LAST_ACTIVITY] = time.monotonic() - 10 * 3600
    at.run()
    assert stored(at)


# ------------------------------------------------------------------ the advisor page


def advisor(at):
    return at.switch_page("wizard/ui/pages/advisor.py").run()


def test_the_advisor_page_does_not_exist_outside_room_mode():
    at = new_app().run()
    with pytest.raises(Exception):  # noqa: B017 - AppTest's own error for a page that is not registered
        advisor(at)


def test_the_advisor_page_refuses_without_the_passcode(room_mode):
    at = advisor(new_app().run())
    assert not at.exception
    assert header(at) == "Advisor"
    assert not at.get("image")
    assert "Join the room" not in texts(at)
    at.text_input(key="advisor-passcode").input("0000-0000")
    press(at, "Open the advisor page")
    assert "not right" in texts(at)
    assert "Join the room" not in texts(at)


def test_with_the_passcode_the_advisor_sees_the_qr_code_of_the_join_url_and_nothing_personal(room_mode, monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    images: list[bytes] = []
    real = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        if mimetype == "image/png":
            images.append(bytes(path_or_data))
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    start("Private Person-4242")
    at = advisor(new_app().run())
    at.text_input(key="advisor-passcode").input(PASSCODE)
    press(at, "Open the advisor page")
    assert not at.exception
    assert "Join the room" in texts(at)
    assert "http://192.168.137.1:8501/" in texts(at)
    assert "Private Person-4242" not in texts(at)
    assert at.get("image"), "no QR code"
    assert images, "the QR code was not sent as a PNG"
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(images[-1])))]
    assert decoded == ["http://192.168.137.1:8501/"]


def test_the_advisor_page_stays_locked_when_no_passcode_is_set(monkeypatch):
    monkeypatch.setenv(workshop.WORKSHOP_ENV, "1")
    at = advisor(new_app().run())
    assert "stays locked" in texts(at)
    assert not at.text_input


def test_the_room_summary_counts_attendees_who_reach_the_plan_without_answers(room_mode):
    phones = [answer_everything() for _ in range(2)]
    for phone in phones:
        go(phone, "plan")
        go(phone, "plan")  # a second visit does not count twice
    at = advisor(new_app().run())
    at.text_input(key="advisor-passcode").input(PASSCODE)
    press(at, "Open the advisor page")
    metric = [m for m in at.metric if m.label == "Attendees who reached their plan"][0]
    assert int(metric.value) >= 2
    assert "Zoë" not in texts(at)


def test_the_advisor_evaluates_a_cohort_csv_and_reports_bad_rows_by_row_and_column(room_mode):
    head, example = template_csv().splitlines()[:2]
    cols = head.split(",")
    bad = example.split(",")
    bad[cols.index("degree.graduation_year")] = "1850"
    csv_text = "\r\n".join([head, example, ",".join(bad), example.replace("A-001", "A-003", 1)]) + "\r\n"
    at = advisor(new_app().run())
    at.text_input(key="advisor-passcode").input(PASSCODE)
    press(at, "Open the advisor page")
    at.file_uploader[0].set_value(("cohort.csv", csv_text.encode("utf-8"), "text/csv"))
    at.run()
    assert not at.exception
    problems = at.dataframe[1].value  # [0] is the column guide
    assert list(problems["row"]) == [3]
    assert list(problems["column"]) == ["degree.graduation_year"]
    people = at.dataframe[2].value
    assert list(people["result"]) == ["ok", "error", "ok"]
    assert at.get("vega_lite_chart"), "no cohort charts"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "PDFs for 2 attendees (ZIP)" in labels and "CSV template" in labels


def test_the_cohort_zip_is_built_in_memory_with_one_pdf_per_good_row():
    import zipfile

    from wizard.ui.cohort_view import zip_builder

    book = load_rulebook("rules")
    head, example = template_csv().splitlines()[:2]
    result = batch.evaluate_cohort("\r\n".join([head, example, example.replace("A-001", "A-002", 1)]), book, on=TODAY)
    with zipfile.ZipFile(io.BytesIO(zip_builder(result, book)())) as zf:
        names = zf.namelist()
    assert len(names) == 4 and [n[-4:] for n in names] == [".pdf", ".ics", ".pdf", ".ics"]


def test_the_advisor_page_is_not_in_the_attendees_steps(room_mode):
    from wizard.ui import nav

    assert "advisor" not in nav.BY_KEY
    at = new_app().run()
    assert "Advisor" not in texts(at)


def test_the_advisor_loads_a_sample_person_with_one_click_and_lands_on_its_plan(room_mode):
    at = advisor(new_app().run())
    at.text_input(key="advisor-passcode").input(PASSCODE)
    press(at, "Open the advisor page")
    at.button(key="advisor-example-graduate_without_pathway").click().run()
    assert not at.exception
    assert header(at) == "Your plan"
    assert stored(at)["status.citizenship"] == "PK"
