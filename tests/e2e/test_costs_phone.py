"""On a phone (390×844): the plan's cost section opens to the total and a chart by year that fits
the screen's width, and the timeline page shows the cost band.

The person is the one of test_plan_glance: Step 1 and Step 2 CK passed, no Pathway yet, wants an H-1B.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_journey import guard_network
from test_plan_glance import open_plan

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # generous: a busy machine renders slowly, a pass is never slower


def test_the_cost_section_shows_the_total_and_a_chart_that_fits_a_phone(page: Page, server, tmp_path):
    attempted = guard_network(page)
    open_plan(page, server, tmp_path)
    page.get_by_text("What it will cost", exact=True).click()
    expect(page.get_by_text("Still to pay in fees: US$", exact=False).first).to_be_visible()
    chart = page.locator("[data-testid=stVegaLiteChart]").last
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(tmp_path / "costs-390.png"), full_page=False)
    assert attempted == []
