"""`img-wizard batch` and `img-wizard template` on the command line: files written, exit codes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest

from wizard.cli import main

TODAY = date(2026, 11, 25)

COHORT = (
    "attendee,about.name,degree.enrolment,degree.graduation_year,exams.step1.status,exams.step1.date,"
    "exams.step1.failed_attempts,status.us_status,status.visa_preference\n"
    "Amina Okafor,Amina,graduate,2019,passed,2024-04-10,0,needs_visa,j1\n"
    "Bilal Khan,,graduate,2018,failed,2026-02-01,9,needs_visa,h1b\n"
    "Chidi Eze,,student,2027,preparing,,0,citizen,\n"
    "Divya Rao,,graduate,2016,,,,permanent_resident,\n"
    "Elif Demir,,,,,,,,\n"
)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_batch_writes_summary_errors_counts_and_a_zip_with_one_pdf_per_good_row(capsys, tmp_path):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = cli(capsys, "batch", str(cohort), "--out", str(out_dir), "--jobs", "2")
    assert code == 0
    assert "5 attendee rows: 4 evaluated, 1 with errors." in out
    assert "row 3, column exams.step1.failed_attempts: USMLE allows at most 4 attempts" in err
    assert "Bilal" not in err and "Bilal" not in out  # names stay in the files the advisor asked for
    assert err.rstrip().endswith("PDFs: 4/4")  # not a terminal: only the final line

    summary = list(csv.DictReader(io.StringIO((out_dir / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["row"], r["attendee"], r["result"]) for r in summary] == [
        ("2", "Amina Okafor", "ok"),
        ("3", "Bilal Khan", "error"),
        ("4", "Chidi Eze", "ok"),
        ("5", "Divya Rao", "ok"),
        ("6", "Elif Demir", "ok"),
    ]
    assert [r["visa_need"] for r in summary] == ["j1", "", "none", "none", "unknown"]
    errors = list(csv.DictReader(io.StringIO((out_dir / "errors.csv").read_text(encoding="utf-8-sig"))))
    assert [(e["row"], e["column"]) for e in errors] == [("3", "exams.step1.failed_attempts")]
    counts = json.loads((out_dir / "aggregates.json").read_text(encoding="utf-8"))
    assert (counts["good_rows"], counts["bad_rows"]) == (4, 1)

    names = ["0002-amina-okafor.pdf", "0004-chidi-eze.pdf", "0005-divya-rao.pdf", "0006-elif-demir.pdf"]
    assert sorted(p.name for p in (out_dir / "pdf").iterdir()) == names
    with zipfile.ZipFile(out_dir / "plans.zip") as zf:
        assert zf.namelist() == [n for pdf in names for n in (pdf, pdf.replace(".pdf", ".ics"))]
        assert all(zf.read(n).startswith(b"%PDF") for n in names)
        assert all(zf.read(n.replace(".pdf", ".ics")).startswith(b"BEGIN:VCALENDAR") for n in names)
        assert zf.read(names[0]) == (out_dir / "pdf" / names[0]).read_bytes()


def test_batch_without_pdfs_writes_only_the_tables(capsys, tmp_path):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    code, out, _ = cli(capsys, "batch", str(cohort), "--out", str(tmp_path / "out"), "--no-pdf")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["aggregates.json", "errors.csv", "summary.csv"]


def test_batch_exits_1_when_no_row_is_good(capsys, tmp_path):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("attendee,status.us_status\nA,alien\nB,martian\n", encoding="utf-8")
    code, out, err = cli(capsys, "batch", str(cohort), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 1
    assert "2 attendee rows: 0 evaluated, 2 with errors." in out
    assert err.count("column status.us_status: Choose one of:") == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00workbook", "spreadsheet workbook, not a CSV file"),
        (b"attendee;status.us_status\nA;citizen\n", "separates columns with semicolons"),
        (b"attendee,exams.step1.staus\nA,passed\n", "did you mean 'exams.step1.status'?"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_a_bad_file_gives_one_clear_message_and_exit_1(capsys, tmp_path, content, message):
    cohort = tmp_path / "cohort.csv"
    cohort.write_bytes(content)
    code, out, err = cli(capsys, "batch", str(cohort), "--out", str(tmp_path / "out"))
    assert code == 1
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_missing_file_exits_1_and_usage_mistakes_exit_2(capsys, tmp_path):
    code, _, err = cli(capsys, "batch", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"))
    assert code == 1 and "Cannot read" in err
    for argv in (["batch", "x.csv"], ["batch", "x.csv", "--out", "o", "--jobs", "0"], ["batch", "--out", "o"]):
        with pytest.raises(SystemExit) as exc:
            main(argv, today=TODAY)
        assert exc.value.code == 2
    capsys.readouterr()
    a_file = tmp_path / "taken"
    a_file.write_text("", encoding="utf-8")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    code, _, err = cli(capsys, "batch", str(cohort), "--out", str(a_file))
    assert code == 2 and "is a file" in err


def test_template_prints_a_header_and_an_example_row_that_batch_accepts(capsys, tmp_path):
    code, out, _ = cli(capsys, "template")
    assert code == 0
    header, example = list(csv.reader(io.StringIO(out)))
    assert header[0] == "attendee" and "exams.step1.failed_attempts" in header and example[0] == "A-001"
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(out, encoding="utf-8")
    code, out, _ = cli(capsys, "batch", str(cohort), "--out", str(tmp_path / "out"), "--no-pdf")
    assert code == 0 and "1 attendee rows: 1 evaluated, 0 with errors." in out


def test_template_guide_lists_specialty_ids_from_the_rule_book(capsys):
    code, out, _ = cli(capsys, "template", "--guide")
    assert code == 0
    assert "target.specialty" in out and "internal_medicine" in out and "family_medicine" in out
