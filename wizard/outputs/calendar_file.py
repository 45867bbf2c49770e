"""The plan as a calendar file (.ics): the dated actions and the fixed dates that matter.

Owns: which dates go in the calendar (each dated action's do-by day, and its start when that is
later than today; the Match cycle's fixed days: ERAS opening to programs, NRMP registration,
the rank-list deadline, Match Week, the Pathways season close when a Pathway is still to come,
and 1 July), how each event is worded (projected and estimated dates say so), and the file.

Every event is an all-day event (a DATE, no time and so no time zone): a deadline is a day
wherever the person lives. UIDs and DTSTAMP come from the answers' evaluation date, never the
clock, so the same answers give the same file.

Must not know: Streamlit, the clock, or how the rest of the plan is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from wizard.outputs.actions import ActionPlan
from wizard.outputs.timeline import Timeline, fmt
from wizard.outputs.timeline.match_calendar import CalendarEvent, MatchCalendar

PRODID = "-//IMG Pathway Wizard//dated plan//EN"
PROJECTED_NOTE = "Projected date: that calendar is not published yet; check the official page nearer the time."
ESTIMATED_NOTE = "Estimated date: not published; the plan estimates it."


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    summary: str
    start: date
    end: date  # exclusive, as iCalendar wants for all-day events
    description: str
    projected: bool


#: The Match-cycle days every applicant needs (event name in the tables, summary).
_CYCLE_DAYS = (
    ("eras_programs_review", "ERAS opens to programs"),
    ("nrmp_registration_opens", "NRMP registration opens"),
    ("rank_list_deadline", "Rank-list deadline"),
    ("residency_start", "Residency starts (1 July)"),
)


def _flags(projected: bool, estimated: bool) -> list[str]:
    return [PROJECTED_NOTE] if projected else [ESTIMATED_NOTE] if estimated else []


def _action_entries(actions: ActionPlan) -> list[CalendarEntry]:
    out = []
    for a in actions.dated:
        day = a.do_by or a.start
        text = [a.sentence, *([a.if_it_slips] if a.blocks_match else []), *a.why]
        text += _flags(a.projected, False)
        summary = f"Do by: {a.title}" + (" (projected)" if a.projected else "")
        out.append(_entry(f"action-{a.id}", summary, day, day, text, a.projected, actions.on))
        if a.do_by is not None and a.start > actions.on and a.start != a.do_by:
            start_summary = f"Start: {a.title}" + (" (projected)" if a.projected else "")
            out.append(_entry(f"start-{a.id}", start_summary, a.start, a.start, [a.sentence], a.projected, actions.on))
    return out


def _cycle_entries(actions: ActionPlan, timeline: Timeline, book: Any) -> list[CalendarEntry]:
    year = timeline.earliest_match_year
    tables = getattr(book, "data", None)
    if year is None or tables is None or not timeline.residency_track:
        return []
    cal = MatchCalendar(tables)
    out = []
    for name, summary in _CYCLE_DAYS:
        ev = cal.event(year, name)
        if ev.value is None and name == "residency_start":
            ev = CalendarEvent(date(year, 7, 1), False, ev.projected, ())
        out += _fixed(f"{name}-{year}", f"{summary}, {year} Match", ev, ev.value, actions.on)
    week, md = cal.event(year, "soap_start"), cal.event(year, "match_day")
    if week.value is not None and md.value is not None:
        out += _fixed(f"match-week-{year}", f"Match Week, {year} Match", md, week.value, actions.on, md.value)
    if any(a.id == "pathways" for a in actions.dated):
        closes = cal.season_date(year, "application_closes")
        out += _fixed(
            f"pathways-close-{year}", f"Pathways season closes ({year} Match)", closes, closes.value, actions.on
        )
    return out


def _fixed(
    uid: str, summary: str, ev: CalendarEvent, first: date | None, on: date, last: date | None = None
) -> list[CalendarEntry]:
    if first is None or (last or first) < on:
        return []
    text = [f"{summary}: {fmt(first)}" + (f" to {fmt(last)}" if last else "") + "."]
    text += [ev.text] if ev.text else []
    text += _flags(ev.projected, ev.estimated)
    shown = summary + (" (projected)" if ev.projected else "")
    return [_entry(uid, shown, first, last or first, text, ev.projected, on)]


def _entry(
    uid: str, summary: str, first: date, last: date, text: list[str], projected: bool, on: date
) -> CalendarEntry:
    return CalendarEntry(
        uid=f"{uid}-{on.isoformat()}@img-wizard",
        summary=summary,
        start=first,
        end=last + timedelta(days=1),
        description="\n".join(dict.fromkeys(t for t in text if t)),
        projected=projected,
    )


def calendar_entries(actions: ActionPlan, timeline: Timeline, book: Any) -> list[CalendarEntry]:
    """Every event of the calendar, in date order."""
    entries = _action_entries(actions) + _cycle_entries(actions, timeline, book)
    return sorted(entries, key=lambda e: (e.start, e.uid))


def calendar_ics(actions: ActionPlan, timeline: Timeline, book: Any) -> bytes:
    """The calendar file: all-day events, the same bytes for the same answers and day."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "My IMG plan")
    stamp = datetime(actions.on.year, actions.on.month, actions.on.day, tzinfo=UTC)
    for e in calendar_entries(actions, timeline, book):
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("summary", e.summary)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end)
        ev.add("description", e.description)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return bytes(cal.to_ical())
