"""'What changed since your last visit': a file saved under an older rule book against the current one."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from wizard.cli import main
from wizard.domain.book import load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.changes import stamped, what_changed
from wizard.outputs.plan import build_plan
from wizard.outputs.report import build_pdf
from wizard.workshop.resume import answers_file, read_upload

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)
IRANIAN_NEEDING_A_VISA = {"status": {"citizenship": "IR", "us_status": "needs_visa"}}
CHANGED_RULE = "visa.nationality_restricted"


@pytest.fixture(scope="module")
def older_book(tmp_path_factory):
    """The current rule book with one rule's words changed, released as 2026.11.1."""
    rules = tmp_path_factory.mktemp("older") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    body = json.loads((rules / "visa.json").read_text(encoding="utf-8"))
    rule = next(r for r in body["rules"] if r["id"] == CHANGED_RULE)
    rule["says"] = "An older wording of the nationality warning."
    (rules / "visa.json").write_text(json.dumps(body), encoding="utf-8")
    changelog = (rules / "CHANGELOG.md").read_text(encoding="utf-8")
    (rules / "CHANGELOG.md").write_text(changelog[changelog.index("## 2026.11.1") :], encoding="utf-8")
    return load_rulebook(rules)


def saved_under(book) -> str:
    profile = parse_profile(IRANIAN_NEEDING_A_VISA, today=TODAY)
    return answers_file(stamped(profile, build_plan(evaluate(book, profile, on=TODAY), book)))


def test_the_saved_answers_file_names_the_rule_book_that_made_the_plan(older_book):
    saved = json.loads(saved_under(older_book))
    assert saved["rule_book"]["version"] == "2026.11.1" and saved["rule_book"]["date"] == "2026-11-25"
    assert CHANGED_RULE in saved["rule_book"]["items"]


def test_the_changed_rule_is_listed_with_its_changelog_line_and_nothing_else(older_book):
    book = load_rulebook()
    profile = parse_profile(json.loads(saved_under(older_book)), today=TODAY)
    changes = what_changed(profile.rule_book, build_plan(evaluate(book, profile, on=TODAY), book), book)
    assert changes is not None and changes.saved_version == "2026.11.1" and changes.version == "2026.12.1"
    (item,) = changes.items
    assert (item.id, item.how, item.title) == (CHANGED_RULE, "changed", "US visa restrictions on your nationality")
    (line,) = item.why
    assert line.version == "2026.12.1" and line.text.startswith(f"`{CHANGED_RULE}`: the visa-restriction table")


def test_the_command_line_shows_what_changed_before_the_plan(older_book, tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(saved_under(older_book), encoding="utf-8")
    assert main(["evaluate", str(path)], today=TODAY) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "What changed since your last visit (rule book 2026.11.1 of 2026-11-25; now 2026.12.1)\n"
        "- Changed: US visa restrictions on your nationality\n"
        f"    2026.12.1 (2026-12-02): `{CHANGED_RULE}`: the visa-restriction table was re-read"
    )
    assert "(rule book 2026.12.1 of 2026-12-02, rules checked up to" in out


def test_a_file_saved_under_the_current_book_shows_no_changes(capsys, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(saved_under(load_rulebook()), encoding="utf-8")
    assert main(["evaluate", str(path)], today=TODAY) == 0
    assert "What changed" not in capsys.readouterr().out


def test_the_pdf_carries_the_stamp_so_resuming_from_it_can_compare(older_book):
    profile = parse_profile(IRANIAN_NEEDING_A_VISA, today=TODAY)
    plan = build_plan(evaluate(older_book, profile, on=TODAY), older_book)
    pdf = build_pdf(profile, plan, on=TODAY)
    resumed = read_upload(pdf, today=TODAY)
    assert resumed.rule_book is not None and resumed.rule_book.version == "2026.11.1"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "with the rule book 2026.11.1 of 25 November 2026" in text
