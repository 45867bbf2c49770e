"""On a phone (390×844): the plan opens with the at-a-glance block on the first screen, the
whole plan page with details folded fits 6,000 px, and every plan item is still on the page.

The person is the issue's example: Step 1 and Step 2 CK passed, no Pathway yet, wants an H-1B.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from example_answers import H1B_GRADUATE
from playwright.sync_api import Page, expect
from test_journey import guard_network

from wizard.domain.book import load_rulebook
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.ui.render import item_key

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # generous: a busy machine renders slowly, a pass is never slower

TODAY = date(2026, 11, 25)
PAGE_HEIGHT_GOAL = 6_000
ANSWERS = {"schema_version": 1, **H1B_GRADUATE}

KEYS_ON_PAGE = """() => [...document.querySelectorAll('[class*="st-key-item-"]')]
    .map(e => [...e.classList].find(c => c.startsWith('st-key-item-')).slice('st-key-'.length))"""


def expected_item_keys() -> set[str]:
    book = load_rulebook("rules")
    plan = build_plan(evaluate(book, parse_profile(ANSWERS, today=TODAY), on=TODAY), book)
    return {item_key(i.id) for i in plan.items()}


def open_plan(page: Page, server: str, tmp_path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    page.goto(server + "/")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(answers))
    expect(page.get_by_text("Your answers are back", exact=False)).to_be_visible()
    page.get_by_role("button", name="Review my answers →").click()
    page.get_by_role("button", name="See my plan →").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()


def test_the_plan_at_a_glance_fits_the_first_phone_screen_and_the_page_stays_short(page: Page, server, tmp_path):
    attempted = guard_network(page)
    open_plan(page, server, tmp_path)
    block = page.locator(".st-key-at-a-glance")
    expect(block).to_contain_text("Earliest realistic Match: 2028")
    expect(block).to_contain_text("Most urgent")
    heading = page.get_by_role("heading", name="Your plan", exact=True).bounding_box()
    box = block.bounding_box()
    assert heading is not None and box is not None
    assert box["y"] >= heading["y"] + heading["height"]  # below the header
    assert box["y"] + box["height"] <= 844  # fully on the first screen, without scrolling

    expect(page.locator(".st-key-action-pathways")).to_be_visible()
    content = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
    assert content is not None and content["height"] <= PAGE_HEIGHT_GOAL, content
    assert attempted == []


def test_every_plan_item_is_on_the_page_folded_and_unfolded(page: Page, server, tmp_path):
    open_plan(page, server, tmp_path)
    expect(page.locator(".st-key-action-pathways")).to_be_visible()
    expected = expected_item_keys()
    before = set(page.evaluate(KEYS_ON_PAGE))
    for summary in page.locator("[data-testid=stExpander] summary").all():
        summary.click()
    after = set(page.evaluate(KEYS_ON_PAGE))
    assert expected and before == after == expected
