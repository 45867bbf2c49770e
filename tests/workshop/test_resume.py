"""Save and resume in the core: a saved file or PDF gives back the same answers; anything else
is refused with one plain message that never repeats the file's content."""

from __future__ import annotations

import json
from datetime import date

import pytest

from wizard.cli import main as cli_main
from wizard.domain.profile import ExamStatus, Profile, parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.outputs.report import build_pdf
from wizard.workshop import resume
from wizard.workshop.resume import ResumeError, answers_file, flat_answers, read_upload

TODAY = date(2026, 11, 25)
ANSWERS = {
    "about": {"name": "Zoë Ñúñez <b>:red[x]</b>"},
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2019,
        "credentials_verified": "verified",
        "postgrad_training_years_abroad": 3.0,
        "licensed_abroad": True,
        "specialist_certified_abroad": False,
        "practice_years_abroad": 2.5,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2023-05-10", "failed_attempts": 0},
        "step2ck": {"status": "passed", "date": "2024-03-01", "score": 245, "failed_attempts": 1},
        "step3": {"status": "not_started"},
        "oet": {
            "status": "passed",
            "date": "2023-09-15",
            "listening": 380,
            "reading": 370,
            "writing": 360,
            "speaking": 390,
        },
        "clinical_skills": "pathway_accepted",
        "pathway_number": 3,
        "ecfmg_certified": True,
        "ecfmg_certified_date": "2024-06-01",
    },
    "target": {"state": "NY", "specialty": "internal_medicine", "match_year": 2027, "open_to_underserved": True},
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "j1"},
    "experience": {"usce_hands_on_months": 3.0, "observership_months": 2.0, "us_letters": 3},
}


@pytest.fixture(scope="module")
def profile() -> Profile:
    return parse_profile(ANSWERS, today=TODAY)


def test_a_saved_answers_file_reads_back_as_the_same_answers(profile):
    text = answers_file(profile)
    back = read_upload(text.encode("utf-8"), today=TODAY)
    assert back == profile
    assert flat_answers(back) == flat_answers(profile)


def test_the_answers_file_is_what_the_command_line_evaluates(profile, tmp_path, capsys):
    path = tmp_path / resume.file_name(TODAY)
    path.write_text(answers_file(profile), encoding="utf-8")
    assert cli_main(["evaluate", str(path), "--on", TODAY.isoformat(), "--format", "json"], today=TODAY) == 0
    assert json.loads(capsys.readouterr().out)


def test_the_answers_file_says_its_version_and_leaves_out_unanswered_questions(profile):
    data = json.loads(answers_file(profile))
    assert data["schema_version"] == 1
    assert "step3" in data["exams"] and "score" not in data["exams"]["step3"]


def test_the_pdf_summary_resumes_the_same_answers(book, profile):
    pdf = build_pdf(profile, build_plan(evaluate(book, profile, on=TODAY), book), on=TODAY)
    assert len(pdf) < resume.MAX_PDF_BYTES
    resumed = read_upload(pdf, today=TODAY)
    assert resumed.model_copy(update={"rule_book": None}) == profile  # plus the rule book's stamp
    assert resumed.rule_book is not None and resumed.rule_book.version == book.version


def test_flat_answers_use_question_paths_with_typed_values(profile):
    flat = flat_answers(profile)
    assert flat["exams.step2ck.score"] == 245
    assert flat["exams.step1.status"] is ExamStatus.passed
    assert flat["exams.step1.date"] == date(2023, 5, 10)
    assert "schema_version" not in flat
    assert all(v is not None for v in flat.values())


def test_a_utf8_byte_order_mark_is_accepted(profile):
    assert read_upload(b"\xef\xbb\xbf" + answers_file(profile).encode(), today=TODAY) == profile


def nested(depth: int) -> bytes:
    return b'{"schema_version": 1, "x": ' + b"[" * depth + b"]" * depth + b"}"


BAD = {
    "empty": (b"", "empty"),
    "only spaces": (b"  \n ", "empty"),
    "too large": (b'{"schema_version": 1, "about": {"name": "' + b"a" * (70 * 1024) + b'"}}', "larger than"),
    "not json": (b"name,country\nZo,IN\n", "not readable JSON"),
    "not utf-8": ('{"schema_version": 1, "about": {"name": "Zoë"}}'.encode("utf-16"), "not readable JSON"),
    "deeply nested": (nested(5_000), "not readable JSON"),
    "a list": (b"[1, 2, 3]", "not saved by this wizard"),
    "another program": (b'{"name": "x", "version": "2.0", "dependencies": {}}', "not saved by this wizard"),
    "newer version": (b'{"schema_version": 2}', "newer version"),
    "odd version": (b'{"schema_version": "one"}', "version number"),
    "true as version": (b'{"schema_version": true}', "version number"),
    "pdf without answers": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "does not carry saved answers"),
    "pdf too large": (b"%PDF-1.4\n" + b"0" * (800 * 1024), "larger than a summary"),
    "impossible year": (b'{"schema_version": 1, "degree": {"graduation_year": 1890}}', "cannot accept"),
    "unknown question": (b'{"schema_version": 1, "degree": {"favourite_colour": "blue"}}', "cannot accept"),
    "fifth attempt": (
        b'{"schema_version": 1, "exams": {"step1": {"status": "failed", "failed_attempts": 9}}}',
        "cannot accept",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_upload_gives_one_plain_message_and_no_answers(case):
    data, words = BAD[case]
    result = read_upload(data, today=TODAY)
    assert isinstance(result, ResumeError), case
    assert words in result.message
    assert "not changed" in result.message
    assert "Traceback" not in result.message and "pydantic" not in result.message.lower()


def test_an_impossible_answer_is_named_by_its_question_not_its_json_path():
    result = read_upload(b'{"schema_version": 1, "degree": {"graduation_year": 1890}}', today=TODAY)
    assert isinstance(result, ResumeError)
    assert "degree.graduation_year" not in result.message
    assert "graduat" in result.message.lower()


def test_a_message_never_repeats_what_the_file_holds():
    secret = "Aisha-Passport-X1234567"
    data = json.dumps({"schema_version": 1, "about": {"name": secret * 10}}).encode()
    result = read_upload(data, today=TODAY)
    assert isinstance(result, ResumeError)
    assert secret not in result.message


def test_a_future_pass_date_is_refused_against_the_given_today():
    data = b'{"schema_version": 1, "exams": {"step1": {"status": "passed", "date": "2027-01-01"}}}'
    assert isinstance(read_upload(data, today=TODAY), ResumeError)
    assert isinstance(read_upload(data, today=date(2027, 6, 1)), Profile)


def test_many_problems_are_summed_up_not_listed_at_length():
    data = json.dumps(
        {
            "schema_version": 1,
            "degree": {"graduation_year": 1800},
            "target": {"match_year": 1990},
            "experience": {"us_letters": -4, "usce_hands_on_months": -1},
            "about": {"name": 5},
        }
    ).encode()
    result = read_upload(data, today=TODAY)
    assert isinstance(result, ResumeError)
    assert "more" in result.message
