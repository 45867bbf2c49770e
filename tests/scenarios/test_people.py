"""The scenario table (people.json): whole people and the outcomes official rules give them.

Each outcome names what it checks, the value expected, the source it rests on and why. The
table was written by hand from those sources, never from running the code.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wizard.domain.facts import Context, value_of
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.outputs.timeline import build_timeline

TABLE = json.loads((Path(__file__).parent / "people.json").read_text(encoding="utf-8"))
ON = date.fromisoformat(TABLE["on"])
CASES = [(person, outcome) for person in TABLE["people"] for outcome in person["outcomes"]]


def ids(items) -> set[str]:
    return {i.id for i in items}


def observed(book, person: dict, outcome: dict) -> Any:
    profile = parse_profile(person["answers"], today=ON)
    evaluation = evaluate(book, profile, on=ON)
    plan = build_plan(evaluation, book)
    if "rule" in outcome:
        return evaluation.result(outcome["rule"]).outcome.value
    if "step" in outcome:
        rule_id = outcome["step"]
        return (
            "next"
            if rule_id in ids(plan.next_steps)
            else "after_blocker"
            if rule_id in ids(plan.after_blockers)
            else "absent"
        )
    if "shown" in outcome:
        return outcome["shown"] in ids(plan.items() + plan.scope)
    if "card" in outcome:
        card = next((c for c in plan.cards if c.milestone.value == outcome["card"]), None)
        return "absent" if card is None else card.state.value
    if "scope" in outcome:
        return "not_img" if plan.scope else "img"
    if "timeline" in outcome:
        return "dated" if build_timeline(profile, book, on=ON).residency_track else "not_dated"
    if "fact" in outcome:
        return value_of(outcome["fact"], Context(profile=profile, on=ON, data=book.data, states=book.states))
    raise AssertionError(f"unknown outcome kind in {outcome}")


def test_the_table_covers_forty_people_and_every_outcome_cites_a_source():
    assert len(TABLE["people"]) >= 40
    assert len({p["id"] for p in TABLE["people"]}) == len(TABLE["people"])
    assert all(o["source"].startswith("http") and o["why"] for _, o in CASES)


@pytest.mark.parametrize(
    ("person", "outcome"),
    CASES,
    ids=[f"{p['id']}: {next(iter(o))} {next(iter(o.values()))}" for p, o in CASES],
)
def test_person_outcome(book, person, outcome):
    assert observed(book, person, outcome) == outcome["is"], f"{person['who']}: {outcome['why']} ({outcome['source']})"
