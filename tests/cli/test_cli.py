"""`img-wizard` on the command line: check-rules, evaluate, schema, and their exit codes."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

from wizard.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_rules_passes_on_the_shipped_rule_book_and_counts_examples(capsys):
    code, out, _ = cli(capsys, "check-rules")
    assert code == 0
    assert "examples pass" in out and "sources older than 12 months" in out


def test_check_rules_exits_non_zero_naming_file_rule_and_path_for_a_broken_file(capsys, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    body = json.loads((rules / "ecfmg.json").read_text(encoding="utf-8"))
    body["rules"][0]["when"] = {"fact": "degree.wdoms_sponsor_nte", "op": "eq", "value": "yes"}
    (rules / "ecfmg.json").write_text(json.dumps(body), encoding="utf-8")
    code, _, err = cli(capsys, "check-rules", str(rules))
    assert code == 1
    assert "rules/ecfmg.json › ecfmg.school_sponsor_note › when: unknown fact 'degree.wdoms_sponsor_nte'" in err


def test_evaluate_prints_a_plan_whose_items_say_why_and_cite_a_dated_source(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"degree": {"wdoms_sponsor_note": "not_sure", "enrolment": "graduate", "graduation_year": 2019}})
    )
    code, out, _ = cli(capsys, "evaluate", str(answers))
    assert code == 0
    assert "Check your school's Sponsor Note on wdoms.org" in out
    assert "why: ECFMG Sponsor Note for your school: not sure" in out
    assert re.search(
        r"source: ECFMG[^\n]* \(deciding body, (as of|undated, read) \d{4}-\d{2}-\d{2}\): https://(www\.)?ecfmg\.org/",
        out,
    )


def test_evaluate_as_json_gives_machine_readable_items_with_sources(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"degree": {"wdoms_sponsor_note": "no"}}))
    code, out, _ = cli(capsys, "evaluate", str(answers), "--format", "json")
    plan = json.loads(out)
    assert code == 0
    warning = next(w for w in plan["warnings"] if w["id"] == "ecfmg.no_sponsor_note")
    assert warning["why"] == ["ECFMG Sponsor Note for your school: no"]
    assert warning["sources"][0]["url"].startswith("https://")
    assert date.fromisoformat(warning["sources"][0]["as_of"]) <= TODAY


def test_evaluate_refuses_an_invalid_answers_file_with_plain_messages(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"degree": {"graduation_year": 1850}}))
    code, _, err = cli(capsys, "evaluate", str(answers))
    assert code == 1
    assert "degree.graduation_year: A graduation year of 1850 is not possible" in err


def test_evaluate_on_a_pinned_date_uses_that_date(capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{}")
    code, out, _ = cli(capsys, "evaluate", str(answers), "--on", "2026-12-01")
    assert code == 0 and out.startswith("Your plan on 2026-12-01")


def test_schema_prints_every_schema(capsys):
    code, out, _ = cli(capsys, "schema")
    schemas = json.loads(out)
    assert code == 0 and set(schemas) == {"rule-file", "answers", "evaluation"}
    assert "rules" in schemas["rule-file"]["properties"]


def test_evaluate_says_who_the_plan_is_for_first_and_lists_what_waits_for_a_blocker(capsys, tmp_path):
    us_graduate = tmp_path / "us.json"
    us_graduate.write_text(json.dumps({"degree": {"school_country": "PR", "school_kind": "us_md_lcme"}}))
    _, out, _ = cli(capsys, "evaluate", str(us_graduate))
    assert out.splitlines()[2] == "YOU ARE NOT AN INTERNATIONAL MEDICAL GRADUATE"
    blocked = tmp_path / "blocked.json"
    exams = {"step1": {"status": "not_started"}, "step2ck": {"status": "not_started"}}
    blocked.write_text(json.dumps({"degree": {"wdoms_sponsor_note": "no"}, "exams": exams}))
    _, out, _ = cli(capsys, "evaluate", str(blocked))
    assert "After this is resolved: No ECFMG Sponsor Note for your school" in out
