"""Cohort batch: reading a cohort CSV, row and column errors, briefs, aggregates, PDFs in a ZIP.

Expectations are written by hand from the rules and the Match calendar, not read back from the code.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest

from wizard.domain.profile import Profile
from wizard.domain.questions import BY_PATH
from wizard.outputs.report import answers_from_pdf
from wizard.workshop.batch import (
    MAX_BYTES,
    MAX_ROWS,
    CohortFileError,
    TextProgress,
    aggregate,
    errors_csv,
    evaluate_cohort,
    pdf_zip_bytes,
    read_cohort_csv,
    safe_name,
    summary_csv,
    write_outputs,
)
from wizard.workshop.cohort_template import ATTENDEE, BY_NAME, COLUMNS, EXAMPLE, template_csv, template_guide

ON = date(2026, 11, 25)


def as_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or list(dict.fromkeys(k for r in rows for k in r))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


# Five valid attendees, written by hand, that the 1,000-row cohort cycles through.
PERSONAS: list[dict[str, str]] = [
    dict(EXAMPLE),
    {
        "degree.school_country": "NG",
        "degree.enrolment": "student",
        "degree.graduation_year": "2027",
        "exams.step1.status": "passed",
        "exams.step1.date": "2025-05-02",
        "status.us_status": "needs_visa",
    },
    {
        "degree.school_country": "PK",
        "degree.enrolment": "graduate",
        "degree.graduation_year": "2015",
        "degree.licensed_abroad": "TRUE",
        "degree.practice_years_abroad": "6.5",
        "exams.step1.status": "failed",
        "exams.step1.failed_attempts": "1",
        "exams.step1.date": "2026-05-02",
        "target.state": "tn",
        "target.specialty": "Family Medicine",
        "status.us_status": "needs_visa",
        "status.visa_preference": "h1b",
    },
    {
        "degree.school_country": "EG",
        "exams.step1.status": "Not started",
        "target.state": "NY",
        "status.us_status": "citizen",
        "experience.us_letters": "0",
    },
    {"status.us_status": "permanent_resident", "target.open_to_underserved": "1"},
]

# (column, cell, message) that make a row bad, each in one known way.
BREAKERS = [
    (
        "exams.step1.failed_attempts",
        "7",
        "USMLE allows at most 4 attempts at a Step, so 7 failed attempts is not possible.",
    ),
    ("exams.step2ck.date", "14/03/2023", "Enter a date as YYYY-MM-DD"),
    ("target.state", "ZZ", "Enter the two-letter code of a US state or territory"),
    ("degree.licensed_abroad", "maybe", "Answer yes or no"),
    ("exams.oet.listening", "600", "OET sub-scores run from 0 to 500; 600 is outside that scale."),
]


def thousand_rows() -> tuple[str, dict[int, str]]:
    """1,000 attendees; every 40th (25 in all) is broken in one column. Returns text and {row: column}."""
    rows, broken = [], {}
    for n in range(1, 1001):
        row = {**PERSONAS[n % len(PERSONAS)], ATTENDEE: f"P-{n:04d}"}
        if n % 40 == 0:
            column, cell, _ = BREAKERS[(n // 40) % len(BREAKERS)]
            row[column] = cell
            broken[n + 1] = column  # the header is row 1
        rows.append(row)
    return as_csv(rows, [c.name for c in COLUMNS]), broken


def test_a_thousand_row_cohort_keeps_every_good_row_and_reports_each_bad_row_by_row_and_column(book):
    text, broken = thousand_rows()
    result = evaluate_cohort(text, book, on=ON, jobs=2)
    assert result.rows == 1000
    assert len(result.bad) == 25 and len(result.good) == 975
    assert {b.row: [e.column for e in b.errors] for b in result.bad} == {row: [col] for row, col in broken.items()}
    assert [a.row for a in result.good] == sorted(set(range(2, 1002)) - set(broken))
    assert all(a.attendee == f"P-{a.row - 1:04d}" for a in result.good)


def test_evaluating_on_two_processes_gives_the_same_briefs_as_one(book):
    text, _ = thousand_rows()
    first_250 = "\n".join(text.splitlines()[:251]) + "\n"
    alone = evaluate_cohort(first_250, book, on=ON, jobs=1)
    shared = evaluate_cohort(first_250, book, on=ON, jobs=2)
    assert alone == shared


def test_too_many_failed_attempts_gives_the_plain_message_with_row_and_column(book):
    rows = [{ATTENDEE: f"P{n}"} for n in range(5)]
    rows.append({ATTENDEE: "P5", "exams.step1.status": "failed", "exams.step1.failed_attempts": "7"})
    result = evaluate_cohort(as_csv(rows), book, on=ON)
    assert [str(e) for e in result.errors] == [
        "row 7, column exams.step1.failed_attempts: USMLE allows at most 4 attempts at a Step, "
        "so 7 failed attempts is not possible."
    ]


@pytest.mark.parametrize(("column", "cell", "message"), BREAKERS)
def test_each_kind_of_bad_cell_is_explained_in_plain_words(book, column, cell, message):
    result = evaluate_cohort(as_csv([{ATTENDEE: "X", column: cell}]), book, on=ON)
    (error,) = result.errors
    assert (error.row, error.column) == (2, column)
    assert message in error.message


def test_a_mistyped_option_suggests_the_code_it_is_closest_to(book):
    result = evaluate_cohort(as_csv([{"exams.step1.status": "passd"}]), book, on=ON)
    assert result.errors[0].message == (
        "Choose one of: not_started, preparing, scheduled, passed, failed (did you mean 'passed'?)."
    )


def test_messages_never_repeat_what_was_typed_in_a_cell(book):
    result = evaluate_cohort(as_csv([{"degree.licensed_abroad": "Zelda", "target.specialty": "Zelda"}]), book, on=ON)
    assert len(result.errors) == 2
    assert not any("zelda" in e.message.lower() for e in result.errors)


def test_one_bad_cell_does_not_hide_a_second_problem_in_the_same_row(book):
    row = {"degree.licensed_abroad": "perhaps", "exams.step2ck.score": "400", "exams.step2ck.status": "passed"}
    result = evaluate_cohort(as_csv([row]), book, on=ON)
    assert [e.column for e in result.errors] == ["degree.licensed_abroad", "exams.step2ck.score"]


def test_the_template_reads_back_as_one_valid_attendee_with_the_example_answers(book):
    result = evaluate_cohort(template_csv(), book, on=ON)
    assert result.bad == () and len(result.good) == 1
    profile = result.good[0].profile
    assert result.good[0].attendee == "A-001"
    assert profile.degree.school_country == "IN"
    assert profile.degree.licensed_abroad is True
    assert profile.exams.step2ck.score == 245
    assert profile.exams.oet.listening == 380
    assert profile.status.visa_preference.value == "j1"
    assert profile.target.match_year is None  # left empty: any year would one day be in the past


def test_every_answer_in_the_profile_has_a_column_labelled_from_the_question_catalogue():
    def leaves(model, prefix=""):
        for name, info in model.model_fields.items():
            sub = getattr(info.annotation, "model_fields", None)
            if name in ("schema_version", "rule_book"):  # written by the wizard, never asked
                continue
            if sub is not None:
                yield from leaves(info.annotation, f"{prefix}{name}.")
            else:
                yield f"{prefix}{name}"

    assert set(leaves(Profile)) == set(BY_NAME) - {ATTENDEE}
    for path, column in BY_NAME.items():
        if path != ATTENDEE:
            assert column.label == BY_PATH[path].label


def test_the_guide_describes_every_column_and_says_commas_only():
    guide = template_guide(["internal_medicine", "pediatrics"])
    for column in COLUMNS:
        assert f"\n{column.name}\n" in guide
    assert "Comma-separated only" in guide
    assert "one of: internal_medicine, pediatrics" in guide
    assert "failed = failed (most recent attempt)" in guide


def test_an_unknown_column_is_refused_naming_it_with_did_you_mean(book):
    with pytest.raises(CohortFileError) as exc:
        evaluate_cohort("attendee,exams.step1.staus\nA,passed\n", book, on=ON)
    assert "unknown column 'exams.step1.staus' (did you mean 'exams.step1.status'?)" in str(exc.value)


def test_a_column_named_without_its_section_is_pointed_to_its_full_name(book):
    with pytest.raises(CohortFileError, match=r"unknown column 'us_status' \(did you mean 'status.us_status'\?\)"):
        evaluate_cohort("attendee,us_status\nA,citizen\n", book, on=ON)


def test_a_byte_order_mark_quoted_commas_and_line_breaks_in_cells_are_read_as_a_spreadsheet_shows_them(book):
    text = (
        '\ufeffAttendee,status.us_status\r\n"Okafor, Amina",citizen\r\n"two\nlines",needs_visa\r\n,\r\nLast,citizen\r\n'
    )
    result = evaluate_cohort(text.encode("utf-8"), book, on=ON)
    assert [(a.row, a.attendee) for a in result.good] == [(2, "Okafor, Amina"), (3, "two\nlines"), (5, "Last")]
    assert result.blank_rows == 1


def test_a_semicolon_separated_file_is_refused_with_one_clear_message(book):
    with pytest.raises(CohortFileError, match="separates columns with semicolons; the wizard reads comma-separated"):
        evaluate_cohort("attendee;status.us_status\nA;citizen\n", book, on=ON)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"   \r\n", "The file is empty"),
        (b"attendee,status.us_status\n", "a header row but no attendee rows"),
        (b"PK\x03\x04\x14\x00rest-of-a-workbook", "spreadsheet workbook, not a CSV file"),
        (b"attendee\n\xff\xfeA\n", "not UTF-8 text"),
        (b"x" * (MAX_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_a_file_that_cannot_be_a_cohort_gets_one_plain_message(data, message):
    with pytest.raises(CohortFileError, match=message):
        read_cohort_csv(data)


def test_more_than_the_row_cap_is_refused_before_any_evaluation():
    text = "attendee\n" + "".join(f"P{n}\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(CohortFileError, match="more than 5,000 attendee rows"):
        read_cohort_csv(text)


def test_a_row_longer_than_the_header_is_reported_as_a_row_error(book):
    result = evaluate_cohort("attendee,status.us_status\nA,citizen,surprise\n", book, on=ON)
    assert [str(e) for e in result.errors] == ["row 2: This row has more cells than the header has columns."]


SMALL_COHORT = """attendee,status.us_status,status.visa_preference,exams.step1.status,exams.step1.failed_attempts,exams.step1.date,degree.enrolment,degree.graduation_year
Amina Okafor,,,,,,,
Bilal Khan,citizen,,,,,,
Chidi Eze,needs_visa,j1,failed,1,2026-05-02,graduate,2020
Divya Rao,needs_visa,,passed,0,2025-05-02,student,2027
Elif Demir,alien,,,,,,
"""


def test_aggregates_count_a_small_cohort_as_worked_out_by_hand(book):
    counts = aggregate(evaluate_cohort(SMALL_COHORT, book, on=ON))
    assert (counts["rows"], counts["good_rows"], counts["bad_rows"]) == (5, 4, 1)
    # Who is missing what: C failed Step 1; D has not graduated. A and B answered too little to say.
    assert [(m["id"], m["count"]) for m in counts["missing_requirements"]] == [
        ("ecfmg.graduated", 1),
        ("ecfmg.usmle_steps", 1),
    ]
    assert {k: counts["cards"]["ecfmg_certification"][k] for k in ("met", "missing", "unknown")} == {
        "met": 0,
        "missing": 2,
        "unknown": 2,
    }
    # On 25 Nov 2026 ERAS for the 2028 Match opens about Sep 2027. D (Step 1 passed) needs only
    # Step 2 CK by then. No official page gives Step 2 CK study time, so the plan uses its stated
    # planning assumption (3.5 months typical, not the 4.5 of the test-prep pages it once cited);
    # with it A, B and C fit Step 1 and Step 2 CK in the typical lane too.
    assert counts["earliest_match_year"] == {"2028": 4}
    visas = {code: v["count"] for code, v in counts["visa_need"].items()}
    assert visas == {
        "none": 1,
        "other_work_authorization": 0,
        "j1": 1,
        "h1b": 0,
        "undecided": 0,
        "visa_type_not_given": 1,
        "unknown": 1,
    }
    assert counts["errors_by_column"] == {"status.us_status": 1}
    shown = json.dumps(counts)
    assert not any(name in shown for name in ("Amina", "Bilal", "Chidi", "Divya", "Elif"))


def test_summary_lists_good_and_bad_rows_in_row_order_and_guards_against_formulas(book):
    text = "attendee,status.us_status\n=HYPERLINK(1),citizen\nB,alien\nC,needs_visa\n"
    result = evaluate_cohort(text, book, on=ON)
    lines = list(csv.DictReader(io.StringIO(summary_csv(result))))
    assert [(row["row"], row["attendee"], row["result"]) for row in lines] == [
        ("2", "'=HYPERLINK(1)", "ok"),
        ("3", "B", "error"),
        ("4", "C", "ok"),
    ]
    assert lines[0]["visa_need"] == "none" and lines[2]["visa_need"] == "visa_type_not_given"
    assert lines[1]["errors"].startswith("status.us_status: Choose one of: citizen, permanent_resident")
    errors = list(csv.DictReader(io.StringIO(errors_csv(result))))
    assert [(e["row"], e["attendee"], e["column"]) for e in errors] == [("3", "B", "status.us_status")]


def test_the_zip_built_in_memory_holds_one_pdf_and_one_calendar_per_good_row_with_its_answers_attached(book):
    text = "attendee,status.us_status,about.name\nJosé Núñez,citizen,José\nB,alien,\n,needs_visa,\n"
    result = evaluate_cohort(text, book, on=ON)
    data = pdf_zip_bytes(result, book, jobs=1)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["0002-jose-nunez.pdf", "0002-jose-nunez.ics", "0004-row-4.pdf", "0004-row-4.ics"]
        first = zf.read("0002-jose-nunez.pdf")
        assert zf.read("0004-row-4.ics").startswith(b"BEGIN:VCALENDAR")
        assert zf.getinfo("0002-jose-nunez.pdf").date_time == (2026, 11, 25, 0, 0, 0)
    assert first.startswith(b"%PDF")
    attached = json.loads(answers_from_pdf(first))
    assert attached["status"]["us_status"] == "citizen" and attached["about"]["name"] == "José"


def test_safe_names_keep_letters_and_digits_only():
    assert safe_name("José Núñez / 2") == "jose-nunez-2"
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("محمد") == "attendee"


def test_writing_outputs_again_removes_the_pdfs_of_an_earlier_cohort(book, tmp_path):
    first = evaluate_cohort("attendee,status.us_status\nOld,citizen\n", book, on=ON)
    write_outputs(first, tmp_path, book, jobs=1)
    assert (tmp_path / "pdf" / "0002-old.pdf").exists()
    second = evaluate_cohort("attendee,status.us_status\n,\nNew,citizen\n", book, on=ON)
    written = write_outputs(second, tmp_path, book, pdfs=False)
    assert not (tmp_path / "pdf" / "0002-old.pdf").exists() and not (tmp_path / "plans.zip").exists()
    assert written.pdfs == () and written.zip is None


def test_the_progress_bar_draws_on_a_terminal_and_prints_only_a_final_line_elsewhere():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = TextProgress("PDFs", stream, width=10)
        bar(5, 10)
        bar(10, 10)
    assert tty.getvalue() == "\rPDFs [#####-----] 5/10\rPDFs [##########] 10/10\n"
    assert pipe.getvalue() == "PDFs: 10/10\n"


def test_summary_rows_for_a_page_keep_the_attendee_as_typed(book):
    result = evaluate_cohort("attendee,status.us_status\n=HYPERLINK(1),citizen\n", book, on=ON)
    from wizard.workshop.batch import summary_rows

    assert summary_rows(result)[0]["attendee"] == "=HYPERLINK(1)"


def test_summary_carries_each_attendees_fees_still_to_pay_and_the_unpublished_ones(book):
    text = (
        "attendee,degree.enrolment,degree.graduation_year,exams.step1.status,exams.step2ck.status,"
        "exams.step3.status,exams.ecfmg_certified,target.state,target.programs_to_apply,status.us_status\n"
        "A,graduate,2018,passed,passed,passed,yes,TX,20,citizen\n"
    )
    result = evaluate_cohort(text, book, on=ON)
    (line,) = list(csv.DictReader(io.StringIO(summary_csv(result))))
    # ERAS token 165 + transcript 80 + 20 programs x 11 + Texas licence application 817
    assert line["fees_low_usd"] == line["fees_high_usd"] == "1282"
    assert line["fees_unknown"] == "NRMP Main Residency Match registration"
