"""`check-rules` judges sources by the reviewed domain list; `review` prints the maintainer's checklist."""

from __future__ import annotations

import json
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


def copy_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def test_a_fact_resting_only_on_a_weak_source_and_an_unlisted_domain_fail_check_rules(capsys, tmp_path):
    rules = copy_rules(tmp_path)
    body = json.loads((rules / "usmle.json").read_text(encoding="utf-8"))
    rule = body["rules"][0]
    rule["sources"] = [
        {"url": "https://staffreliefinc.com/a-page", "title": "A staffing agency's page", "as_of": "2026-01-05"}
    ]
    body["rules"][1]["sources"].append(
        {"url": "https://never-reviewed.example.org/x", "title": "An unlisted site", "as_of": "2026-01-05"}
    )
    (rules / "usmle.json").write_text(json.dumps(body), encoding="utf-8")
    code, _, err = cli(capsys, "check-rules", str(rules))
    assert code == 1
    assert f"rules/usmle.json › {rule['id']}: rests only on weak sources (https://staffreliefinc.com/a-page)" in err
    assert (
        f"rules/usmle.json › {body['rules'][1]['id']} › sources[" in err
        and "https://never-reviewed.example.org/x: domain 'never-reviewed.example.org' is not in source-tiers.json"
        in err
    )


def test_strict_check_fails_once_the_visa_tables_review_date_has_passed(capsys):
    # The table was re-read on the State Department's page on 2026-12-02 and is due again by 2027-03-01;
    # the first other review date (the H-1B proclamation, 2027-01-15) passes before it.
    code, out, _ = cli(capsys, "check-rules", "--on", "2027-01-14", "--strict")
    assert code == 0 and "0 review dates passed" in out
    code, _, err = cli(capsys, "check-rules", "--on", "2027-03-02", "--strict")
    assert code == 1
    assert "rules/tables/visa_restrictions.json › restrictions[0]" in err and "review was due by 2027-03-01" in err


def test_without_strict_a_passed_review_date_is_reported_but_not_fatal(capsys):
    code, out, _ = cli(capsys, "check-rules", "--on", "2027-03-02")
    assert code == 0
    assert "review dates passed (fatal with --strict)" in out


def test_review_lists_overdue_pages_first_with_what_depends_on_them(capsys):
    code, out, _ = cli(capsys, "review", "--on", "2027-03-02", "--limit", "2")
    assert code == 0
    assert out.startswith("Sources to re-read on 2027-03-02:")
    first = out.split("\n\n1. ", 1)[1].split("\n\n2. ", 1)[0]
    assert "why: review was due by 2027-03-01" in first
    assert "depends on it:" in first and "- check rules/tables/visa_restrictions.json › restrictions[" in first
    assert "undated pages in all; each needs a fresh reading 12 months after the day it was read." in out


def test_sources_counts_facts_by_their_best_source(capsys):
    code, out, _ = cli(capsys, "sources")
    assert code == 0
    assert "resting only on weak sources: 0 (0 %)" in out
    assert "source links using http://:" in out


def test_the_checklist_piped_into_a_reader_that_stops_early_ends_without_a_traceback():
    import subprocess
    import sys

    shell = f"{sys.executable} -m wizard.cli review | head -n 2"
    result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=120)
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
