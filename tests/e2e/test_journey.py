"""A person on a phone answers every step, reads the plan and timeline and takes the PDF home."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

SHOTS = Path(__file__).resolve().parent / "screenshots"
NAME = "Zoë Ñúñez"
LOCAL = {"127.0.0.1", "localhost"}

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # a shared 2-core machine under load renders slowly at times


def choose(page: Page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(option[:6])
    page.get_by_role("option", name=option, exact=True).click()


def pick(page: Page, label: str, option: str) -> None:
    page.get_by_role("radiogroup", name=label, exact=True).get_by_text(option, exact=True).click()


def type_in(page: Page, label: str, value) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Tab")


def date_in(page: Page, label: str, iso: str) -> None:
    """Streamlit's date field is a group of year / month / day segments: type the digits."""
    group = page.get_by_role("group", name=label, exact=True)
    group.get_by_role("spinbutton").first.click()
    page.keyboard.type(iso.replace("-", ""))
    page.keyboard.press("Escape")


def next_step(page: Page, expect_heading: str) -> None:
    page.get_by_role("button", name="Next →").click()
    expect(page.get_by_role("heading", name=expect_heading, exact=True)).to_be_visible()


def stay_for_more(page: Page, first_new_label: str) -> None:
    page.get_by_role("button", name="Next →").click()
    expect(page.get_by_text("more question", exact=False)).to_be_visible()
    expect(page.get_by_label(first_new_label, exact=True).first).to_be_visible()


def guard_network(page: Page) -> list[str]:
    """Abort anything that is not loopback and remember it."""
    attempted: list[str] = []

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOCAL or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return attempted


def screenshot(page: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport to fit."""
    SHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.wait_for_timeout(1500)  # let charts and the data grid finish drawing
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 120, 8000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def test_a_phone_user_answers_every_step_sees_the_plan_and_timeline_and_downloads_the_pdf(page: Page, server):
    attempted = guard_network(page)
    page.goto(server + "/")
    type_in(page, "Your name (optional)", NAME)
    page.get_by_role("button", name="Start →").click()
    expect(page.get_by_role("heading", name="Medical degree", exact=True)).to_be_visible()

    choose(page, "Country of your medical school", "India")
    pick(page, "Is your school in the World Directory with an ECFMG Sponsor Note covering your graduation year?", "yes")
    pick(page, "Are you a student or a graduate?", "graduate")
    type_in(page, "Year of graduation (expected, if a student)", 2019)
    pick(page, "Has ECFMG verified your diploma and transcript with your school?", "verified")
    stay_for_more(page, "Years of postgraduate (residency) training abroad")
    type_in(page, "Years of postgraduate (residency) training abroad", 3)
    pick(page, "Licensed to practise medicine abroad?", "yes")
    pick(page, "Certified as a specialist abroad?", "no")
    stay_for_more(page, "Years of independent practice abroad")
    type_in(page, "Years of independent practice abroad", 2)
    next_step(page, "Exams")

    choose(page, "Step 1: where are you?", "passed")
    choose(page, "Step 2 CK: where are you?", "passed")
    choose(page, "Step 3: where are you?", "not started")
    choose(page, "OET Medicine", "taken and passed")
    choose(page, "Clinical and communication skills requirement", "Pathway accepted")
    pick(page, "Do you hold an ECFMG certificate?", "yes")
    stay_for_more(page, "Step 1: test date")
    date_in(page, "Step 1: test date", "2023-05-10")
    type_in(page, "Step 1: failed or incomplete attempts so far", 0)
    date_in(page, "Step 2 CK: test date", "2024-03-01")
    type_in(page, "Step 2 CK: score", 245)
    type_in(page, "Step 2 CK: failed or incomplete attempts so far", 0)
    date_in(page, "OET test date", "2023-09-15")
    for part, score in (("listening", 380), ("reading", 370), ("writing", 360), ("speaking", 390)):
        type_in(page, f"OET {part} score (0–500)", score)
    type_in(page, "Which Pathway (1–6)?", 3)
    date_in(page, "Date on your ECFMG certificate", "2024-06-01")
    next_step(page, "Target")

    choose(page, "US state or territory you aim for", "New York")
    choose(page, "Specialty of interest", "Internal medicine")
    type_in(page, "Match year you aim for (optional)", 2027)
    pick(page, "Open to practising in an underserved or rural area?", "yes")
    pick(page, "Do you have a job offer from an employer in that state?", "no")
    next_step(page, "Status and visa")

    choose(page, "Your status in the USA", "I will need a visa")
    choose(page, "Country of citizenship", "India")
    stay_for_more(page, "Visa you would prefer for residency")
    pick(page, "Visa you would prefer for residency", "J-1")
    next_step(page, "Experience")

    type_in(page, "Months of hands-on US clinical experience", 3)
    type_in(page, "Months of US observership", 2)
    type_in(page, "Months of US research", 6)
    type_in(page, "Letters of recommendation from US physicians", 3)
    next_step(page, "Review your answers")
    expect(page.get_by_text(NAME, exact=True)).to_be_visible()

    page.get_by_role("button", name="See my plan →").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="What to do, by when")).to_be_visible()
    expect(page.get_by_text("Where you stand")).to_be_visible()  # a folded section, one tap away
    expect(page.get_by_role("button", name="Timeline →")).to_be_visible()
    screenshot(page, "plan-390")

    page.get_by_role("button", name="Timeline →").click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Summary →")).to_be_visible()
    screenshot(page, "timeline-390")

    page.get_by_role("button", name="Summary →").click()
    expect(page.get_by_role("heading", name="Summary", exact=True)).to_be_visible()
    page.get_by_role("button", name=re.compile("Prepare my PDF")).click()
    button = page.get_by_role("button", name=re.compile("Download my plan"))
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert NAME in text

    assert attempted == []


def test_on_a_projector_the_plan_and_timeline_read_well_at_1280_px(page: Page, server):
    attempted = guard_network(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "/")
    type_in(page, "Your name (optional)", "Amara Okafor")
    page.get_by_role("button", name="Start →").click()
    expect(page.get_by_role("heading", name="Medical degree", exact=True)).to_be_visible()
    choose(page, "Country of your medical school", "Nigeria")
    pick(page, "Are you a student or a graduate?", "graduate")
    type_in(page, "Year of graduation (expected, if a student)", 2021)
    stay_for_more(page, "Years of postgraduate (residency) training abroad")
    next_step(page, "Exams")
    choose(page, "Step 1: where are you?", "passed")
    choose(page, "Step 2 CK: where are you?", "scheduled")
    stay_for_more(page, "Step 2 CK: test date")
    date_in(page, "Step 2 CK: test date", "2027-02-10")
    next_step(page, "Target")
    choose(page, "US state or territory you aim for", "Texas")
    choose(page, "Specialty of interest", "Family medicine")
    next_step(page, "Status and visa")
    choose(page, "Your status in the USA", "I will need a visa")
    stay_for_more(page, "Visa you would prefer for residency")
    next_step(page, "Experience")
    next_step(page, "Review your answers")
    page.get_by_role("button", name="See my plan →").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Timeline →")).to_be_visible()
    screenshot(page, "plan-1280")
    page.get_by_role("button", name="Timeline →").click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Summary →")).to_be_visible()
    screenshot(page, "timeline-1280")
    assert attempted == []
