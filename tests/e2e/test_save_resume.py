"""On a phone: answer a step, save the answers file, clear the tab, resume from the file."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from test_journey import choose, guard_network, pick, stay_for_more, type_in

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # generous: a busy machine renders slowly, a pass is never slower

NAME = "Zoë Ñúñez"


def test_a_phone_saves_its_answers_clears_the_tab_and_resumes_from_the_file(page: Page, server, tmp_path):
    attempted = guard_network(page)
    page.goto(server + "/")
    expect(page.get_by_text("loses your answers", exact=False)).to_be_visible()
    type_in(page, "Your name (optional)", NAME)
    page.get_by_role("button", name="Start →").click()
    expect(page.get_by_role("heading", name="Medical degree", exact=True)).to_be_visible()
    choose(page, "Country of your medical school", "India")
    pick(page, "Are you a student or a graduate?", "graduate")
    type_in(page, "Year of graduation (expected, if a student)", 2019)
    stay_for_more(page, "Years of postgraduate (residency) training abroad")

    with page.expect_download() as info:
        page.get_by_role("button", name="Save my answers").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["about"]["name"] == NAME
    assert data["degree"] == {"school_country": "IN", "enrolment": "graduate", "graduation_year": 2019}

    page.get_by_role("button", name="Clear my answers").click()
    page.get_by_role("button", name="Yes, clear everything").click()
    expect(page.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()
    expect(page.get_by_text("cleared from this tab", exact=False)).to_be_visible()
    expect(page.get_by_label("Your name (optional)", exact=True)).to_have_value("")

    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(saved))
    expect(page.get_by_text("Your answers are back", exact=False)).to_be_visible()
    expect(page.get_by_label("Your name (optional)", exact=True)).to_have_value(NAME)
    page.get_by_role("button", name="Review my answers →").click()
    expect(page.get_by_role("heading", name="Review your answers", exact=True)).to_be_visible()
    expect(page.get_by_text("India", exact=True)).to_be_visible()
    expect(page.get_by_text("2019", exact=True)).to_be_visible()
    assert attempted == []
