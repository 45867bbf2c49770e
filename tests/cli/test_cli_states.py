"""`img-wizard states`: the per-state table as text, JSON and CSV; `check-rules` reports old state sources."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

from wizard.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 2)  # the last day the shipped state pages were read


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_states_as_json_has_one_row_per_jurisdiction_with_unknown_as_null(capsys):
    code, out, _ = cli(capsys, "states", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == 54
    by_code = {r["code"]: r for r in rows}
    # Hand-checked against the records: Virginia asks IMGs for 1 year, California for 3.
    assert by_code["VA"]["gme_years_img"] == 1
    assert by_code["CA"]["gme_years_img"] == 3
    assert by_code["TN"]["alt_pathway_kind"] == "full_pathway"
    assert by_code["TN"]["alt_pathway_status"] == "unknown"  # reported open only by a weak source
    assert by_code["GA"]["gme_years_img"] is None  # unknown is null, never a guessed number


def test_states_as_csv_has_a_header_and_54_rows(capsys):
    code, out, _ = cli(capsys, "states", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == 54
    assert {"code", "gme_years_img", "alt_pathway_status", "oldest_as_of"} <= set(rows[0])
    texas = next(r for r in rows if r["code"] == "TX")
    assert texas["name"] == "Texas" and texas["gme_years_img"] == "2"


def test_states_as_a_table_says_unknown_and_none_in_words(capsys):
    code, out, _ = cli(capsys, "states")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:3] == ["code", "GME", "IMG"]
    georgia = next(line for line in lines if line.startswith("GA "))
    assert georgia.split()[1] == "unknown"
    alabama = next(line for line in lines if line.startswith("AL "))
    assert "none" in alabama.split()  # no pathway law: "none", not "unknown"
    assert "unknown = not published or not confirmed" in out


def test_states_is_the_default_table_format(capsys):
    assert cli(capsys, "states")[1] == cli(capsys, "states", "--format", "table")[1]


def test_states_refuses_broken_state_data_naming_file_and_path(capsys, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    body = json.loads((rules / "states" / "TX.json").read_text(encoding="utf-8"))
    body["gme"]["img_years"] = {"value": "two", "sources": [], "confidence": "high"}
    (rules / "states" / "TX.json").write_text(json.dumps(body), encoding="utf-8")
    code, out, err = cli(capsys, "states", "--rules-dir", str(rules))
    assert code == 1
    assert out == ""
    assert "TX.json" in err and "gme.img_years" in err


def test_check_rules_counts_and_lists_state_sources_older_than_12_months(capsys):
    code, out, _ = cli(capsys, "check-rules")
    assert code == 0
    assert "state-data sources older than 12 months" in out
    # Virginia's 2017 regulation (as of 2017-09-18) is far older than a year on 2026-11-25.
    listed = [line for line in out.splitlines() if line.startswith("stale state source")]
    assert any("VA ›" in line and "18VAC85-20-122" in line for line in listed)
    count = int(out.rsplit("; ", 1)[1].split()[0])
    assert count == len(listed) > 0


def test_a_rule_book_without_state_data_has_no_stale_state_sources(book):
    from wizard.domain.states import stale_state_sources

    assert stale_state_sources(book.model_copy(update={"states": None}), TODAY) == []
    assert len(stale_state_sources(book, TODAY)) > 0
