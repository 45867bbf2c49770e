"""`img-wizard evaluate`: the at-a-glance block first, the dated actions as JSON (valid against the
committed schema) and as a calendar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
from example_answers import H1B_GRADUATE
from icalendar import Calendar

from wizard.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)


def run(capsysbinary, tmp_path, *extra: str) -> bytes:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(H1B_GRADUATE))
    code = main(["evaluate", str(answers), *extra], today=TODAY)
    out, _ = capsysbinary.readouterr()
    assert code == 0
    return out


def test_the_text_plan_opens_with_the_at_a_glance_block(capsysbinary, tmp_path):
    text = run(capsysbinary, tmp_path).decode()
    glance = text[: text.index("What to do, by when")]
    assert "Earliest realistic Match: 2028" in glance
    assert "What stands between you and that Match: Clinical and communication skills requirement" in glance
    assert "1. Pass Step 3 before the Match (for an H-1B)" in glance
    assert "3. Apply for a Pathway: on 19 Aug 2027" in glance


def test_json_holds_the_timeline_and_the_dated_actions_and_fits_the_published_schema(capsysbinary, tmp_path):
    data = json.loads(run(capsysbinary, tmp_path, "--format", "json"))
    schema = json.loads((ROOT / "rules" / "schema" / "evaluation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [lane["lane"] for lane in data["timeline"]["lanes"]] == ["optimistic", "typical", "conservative"]
    assert "pathways" in [p["id"] for p in data["timeline"]["phases"]]
    pathway = next(a for a in data["actions"]["dated"] if a["id"] == "pathways")
    assert pathway["do_by"] == "2027-08-19" and pathway["if_it_slips"] == "Then the 2029 Match."
    assert data["at_a_glance"]["urgent"] == ["step3", "oet", "pathways"]


def test_ics_writes_a_calendar_with_the_dated_actions(capsysbinary, tmp_path):
    cal = Calendar.from_ical(run(capsysbinary, tmp_path, "--format", "ics"))
    summaries = [str(ev["SUMMARY"]) for ev in cal.walk("VEVENT")]
    assert "Do by: Apply for a Pathway (projected)" in summaries


def test_json_holds_the_fees_still_to_pay_by_year_each_with_why_and_its_sources(capsysbinary, tmp_path):
    costs = json.loads(run(capsysbinary, tmp_path, "--format", "json"))["costs"]
    assert costs["currency"] == "USD"
    assert costs["total_low"] == sum(y["low"] for y in costs["by_year"]) > 0
    assert costs["total_low"] <= costs["total_high"]
    assert "NRMP Main Residency Match registration" in costs["unknown_fees"]
    assert all(line["why"] for line in costs["lines"])
    assert all(line["sources"] or line["unknown_reason"] for line in costs["lines"])
    assert costs["not_included"]
