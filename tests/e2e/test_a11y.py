"""Accessibility: axe-core on every page at phone and desktop sizes, and the whole wizard by keyboard.

axe-core comes bundled in the `axe-playwright-python` wheel (test extras): nothing is fetched at
test time. Serious and critical violations fail; others are printed for the record.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # generous: a busy machine renders slowly, a pass is never slower

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
STEPS = ["Medical degree", "Exams", "Target", "Status and visa", "Experience", "Review your answers"]
LATER = [("See my plan →", "Your plan"), ("Timeline →", "Timeline"), ("Summary →", "Summary")]


def axe_problems(page: Page, where: str, record: list[str]) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(800)  # let the page settle (charts, grids)
    result = Axe().run(page)
    bad = []
    for v in result.response["violations"]:
        line = f"{where}: {v['impact']} {v['id']} ({len(v['nodes'])}×) {v['help']}"
        record.append(line)
        if v["impact"] in ("serious", "critical"):
            bad.append(line + " — " + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3]))
    return bad


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text, exact=True)).to_be_visible()


def advance_to(page: Page, title: str) -> None:
    """Press Next until the next step shows (an answer can open more questions on the same page)."""
    target = page.get_by_role("heading", name=title, exact=True)
    more = page.get_by_text("more question", exact=False)
    for _ in range(3):
        page.get_by_role("button", name="Next →").click()
        expect(target.or_(more).first).to_be_visible()  # the page answered, however slowly
        if target.is_visible():
            return
    heading(page, title)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_has_no_serious_or_critical_axe_violations(page: Page, server, size):
    page.set_viewport_size(SIZES[size])
    record: list[str] = []
    bad: list[str] = []
    page.goto(server + "/")
    heading(page, "Welcome")
    bad += axe_problems(page, f"{size} welcome", record)
    page.get_by_label("Your name (optional)", exact=True).fill("Ada")
    page.get_by_role("button", name="Start →").click()
    heading(page, "Medical degree")
    # an error state: a year the form refuses
    page.get_by_label("Year of graduation (expected, if a student)", exact=True).fill("1800")
    page.get_by_role("button", name="Next →").click()
    expect(page.get_by_text("Please check the answer", exact=False)).to_be_visible()
    bad += axe_problems(page, f"{size} degree with an error", record)
    page.get_by_label("Year of graduation (expected, if a student)", exact=True).fill("2019")
    for nxt in STEPS[1:]:
        advance_to(page, nxt)
        bad += axe_problems(page, f"{size} {nxt}", record)
    for button, title in LATER:
        page.get_by_role("button", name=button).click()
        heading(page, title)
        expect(
            page.get_by_role(
                "button",
                name="Your plan" if title == "Summary" else "← Review answers" if title == "Your plan" else "Summary →",
            )
        ).to_be_visible()
        bad += axe_problems(page, f"{size} {title}", record)
    page.goto(server + "/compare_states")
    expect(page.get_by_role("heading", name="Compare states")).to_be_visible()
    bad += axe_problems(page, f"{size} compare states", record)
    print("\n".join(record) or "no axe violations at all")
    assert bad == []


FOCUSED = """() => {
  const e = document.activeElement;
  const label = (e.labels && e.labels[0] ? e.labels[0].innerText : '') || e.getAttribute('aria-label') || '';
  return {tag: e.tagName, text: (e.innerText || '').trim(), label: label.trim(), role: e.getAttribute('role') || ''};
}"""


def tab_to(page: Page, matches, what: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches (Shift+Tab is tried if Tab runs out)."""
    for key in ("Tab", "Shift+Tab"):
        for _ in range(limit):
            page.keyboard.press(key)
            if matches(page.evaluate(FOCUSED)):
                return
    raise AssertionError(f"keyboard focus never reached {what}")


def press_button(page: Page, label: str) -> None:
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == label, f"the {label!r} button")
    page.keyboard.press("Enter")


def test_the_whole_wizard_works_with_the_keyboard_alone(page: Page, server):
    page.goto(server + "/")
    heading(page, "Welcome")
    tab_to(page, lambda f: f["tag"] == "INPUT" and f["label"].startswith("Your name"), "the name field")
    page.keyboard.type("Kay Board")
    press_button(page, "Start →")
    heading(page, "Medical degree")

    # a dropdown: type to filter, Enter to choose
    tab_to(
        page,
        lambda f: (
            f["label"].startswith("Country of your medical school")
            or f["role"] == "combobox"
            and "Country" in f["label"]
        ),
        "the country list",
    )
    page.keyboard.type("India")
    page.keyboard.press("Enter")
    # a radio group: arrow keys move the choice
    tab_to(
        page,
        lambda f: f["role"] == "radio" or (f["tag"] == "INPUT" and "student" in f["label"]),
        "the student/graduate choice",
    )
    focused = page.evaluate(FOCUSED)
    page.keyboard.press("ArrowRight")
    press_button(page, "Next →")
    expect(page.get_by_text("more question", exact=False)).to_be_visible()
    press_button(page, "Next →")
    for nxt in STEPS[1:]:
        heading(page, nxt) if nxt == STEPS[1] else None
        if nxt != STEPS[1]:
            press_button(page, "Next →")
            heading(page, nxt)
    expect(page.get_by_text("India", exact=True)).to_be_visible()
    assert focused  # the radio group was reachable
    press_button(page, "See my plan →")
    heading(page, "Your plan")
    expect(page.get_by_role("heading", name="What to do, by when")).to_be_visible()
    expect(page.get_by_text("Where you stand")).to_be_visible()  # a folded section, one tap away
    press_button(page, "Timeline →")
    heading(page, "Timeline")
    press_button(page, "Summary →")
    heading(page, "Summary")
    expect(page.get_by_text("accessible version", exact=False)).to_be_visible()
