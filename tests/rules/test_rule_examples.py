"""Every example in every rule file runs against the real engine and gives its expected outcome."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wizard.cli import schemas
from wizard.domain.book import load_rulebook
from wizard.engine.selfcheck import run_example, run_implication_example

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)
BOOK = load_rulebook(ROOT / "rules")
CASES = [(lr, ex) for lr in BOOK.rules for ex in lr.rule.examples]
IMPLIED = [(imp, ex) for imp in BOOK.implications for ex in imp.examples]


@pytest.mark.parametrize(("loaded", "example"), CASES, ids=[f"{lr.rule.id}: {ex.name}" for lr, ex in CASES])
def test_rule_example(loaded, example):
    run = run_example(loaded, example, BOOK)
    assert run.ok, str(run)


@pytest.mark.parametrize(("implication", "example"), IMPLIED, ids=[f"{i.id}: {ex.name}" for i, ex in IMPLIED])
def test_implication_example(implication, example):
    run = run_implication_example(implication, example, BOOK)
    assert run.ok, str(run)


def test_every_implication_cites_an_official_source():
    assert [i.id for i in BOOK.implications if not any(s.official for s in i.sources)] == []


def test_every_rule_has_an_example_that_applies_and_one_that_does_not():
    for lr in BOOK.rules:
        expects = {ex.expect.value for ex in lr.rule.examples}
        assert {"applies", "does_not_apply"} <= expects, lr.rule.id


def test_every_rule_cites_at_least_one_official_source():
    unofficial_only = [lr.rule.id for lr in BOOK.rules if not any(s.official for s in lr.rule.sources)]
    assert unofficial_only == []


def test_no_source_is_dated_after_today():
    assert [lr.rule.id for lr in BOOK.rules for s in lr.rule.sources if s.as_of > TODAY] == []


def test_the_committed_json_schemas_match_the_models():
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "rules" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, (
            f"rules/schema/{name}.schema.json is out of date: run `img-wizard schema --out rules/schema`"
        )


def test_every_rule_file_points_editors_at_the_schema():
    for path in sorted((ROOT / "rules").glob("*.json")):
        if path.name in ("source-tiers.json", "implications.json"):
            continue
        assert json.loads(path.read_text(encoding="utf-8")).get("$schema") == "schema/rule-file.schema.json", path.name
