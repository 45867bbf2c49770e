"""The calendar file: all-day events for the dated actions and the Match cycle's fixed days,
parsed back as a calendar program would read it."""

from __future__ import annotations

from datetime import date, datetime

from example_answers import H1B_GRADUATE
from icalendar import Calendar
from test_actions import ON, everything

from wizard.outputs.calendar_file import PROJECTED_NOTE, calendar_ics


def events(book, answers=H1B_GRADUATE):
    _, timeline, actions = everything(book, answers)
    raw = calendar_ics(actions, timeline, book)
    return raw, Calendar.from_ical(raw).walk("VEVENT"), actions, timeline


def test_the_file_parses_back_as_one_calendar_with_a_product_id_and_version(book):
    raw, _, _, _ = events(book)
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0"
    assert "IMG Pathway Wizard" in str(cal["PRODID"])


def test_every_event_is_an_all_day_event_with_no_time_zone(book):
    raw, evs, _, _ = events(book)
    for ev in evs:
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert isinstance(start, date) and not isinstance(start, datetime)
        assert (end - start).days >= 1
        assert "TZID" not in ev["DTSTART"].params
    assert b"TZID" not in raw and b"VTIMEZONE" not in raw


def test_each_dated_action_is_due_on_its_do_by_day(book):
    _, evs, actions, _ = events(book)
    due = {str(ev["UID"]).split("-2026")[0]: ev.decoded("DTSTART") for ev in evs}
    for a in actions.dated:
        assert due[f"action-{a.id}"] == a.do_by


def test_the_fixed_days_that_matter_are_in_the_calendar_and_projected_ones_say_so(book):
    _, evs, _, _ = events(book)
    by_summary = {str(ev["SUMMARY"]): ev for ev in evs}
    for name in (
        "ERAS opens to programs, 2028 Match",
        "NRMP registration opens, 2028 Match",
        "Rank-list deadline, 2028 Match",
        "Match Week, 2028 Match",
        "Pathways season closes (2028 Match)",
        "Residency starts (1 July), 2028 Match",
    ):
        ev = next(v for k, v in by_summary.items() if k.startswith(name))
        if "(projected)" in str(ev["SUMMARY"]):
            assert PROJECTED_NOTE in str(ev["DESCRIPTION"])
    week = next(v for k, v in by_summary.items() if k.startswith("Match Week"))
    assert (week.decoded("DTEND") - week.decoded("DTSTART")).days == 5  # Monday to Friday
    assert by_summary["Residency starts (1 July), 2028 Match (projected)"].decoded("DTSTART") == date(2028, 7, 1)


def test_nothing_in_the_calendar_lies_before_the_evaluation_date_and_the_file_is_reproducible(book):
    raw, evs, actions, timeline = events(book)
    assert all(ev.decoded("DTSTART") >= ON for ev in evs)
    assert calendar_ics(actions, timeline, book) == raw
