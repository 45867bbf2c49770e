"""A dated plan from today to residency and a full licence, in three lanes (optimistic / typical /
conservative), aligned to the real Match calendar.

Owns: the order of the remaining phases (credential verification, Step 1 and Step 2 CK, OET and
the Pathways season, the ECFMG certificate, the ERAS window, interviews, the rank list, Match
Day, residency, Step 3, the full licence), the rule that decides which Match a person can
realistically enter (`READINESS_RULE`), and the assumptions made when answers are missing.
Beside the residency track, when the person appears to fit the target state's licence without a
US residency (or would with a job offer only), a second track (`ALTERNATIVE_TRACK`): find a
qualifying employer, the board's application, the provisional licence, the full licence.

The cycle-alignment rule, for a Match in year Y (residency starts 1 July Y):

1. Competitive: Step 1 and Step 2 CK results are out on or before the day ERAS opens
   applications to programs (late September of Y-1). Programs screen on Step 2 CK and send
   most interview invitations in the weeks after that day.
2. Eligible to be ranked: the clinical and communication skills requirement (an accepted
   Pathway) is met by the rank-list deadline of Y; the Pathways application goes in inside
   the season ECFMG runs for the Y Match.
3. Able to start: the ECFMG certificate is issued before 1 July Y.

The earliest Y that satisfies all three is the lane's Match year. Each lane uses its own
durations, so the lanes may land in different cycles. A strictly eligible but uncompetitive
case (exams passed after programs start reviewing but before the rank-list deadline) is
explained in the notes, never silently planned.

Must not know: Streamlit, the clock (`on` is an argument), or how the plan is drawn. Pure and
deterministic; it never raises on valid answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard.domain.facts import Context, value_of
from wizard.domain.profile import (
    MAX_ATTEMPTS_PER_STEP,
    ClinicalSkillsRoute,
    Enrolment,
    ExamStatus,
    OetStatus,
    Profile,
    StepExam,
    UsStatus,
    VisaPreference,
)
from wizard.domain.state_pathways import Assessment, Check, Verdict, assess_state, best_for
from wizard.domain.states import ImplementationStatus, StateBook
from wizard.engine.provenance import Source

LANES: tuple[str, ...] = ("optimistic", "typical", "conservative")
TYPICAL = 1
RESIDENCY_TRACK = "residency"
ALTERNATIVE_TRACK = "alternative_licence"  # the state-pathway track (licence without a US residency)
#: Every phase on the alternative track starts with this, so tables, the PDF and the chart tell
#: the two tracks apart in words, not by colour alone.
ALTERNATIVE_PREFIX = "No residency: "

_DAYS_PER_UNIT = {"days": 1.0, "business_days": 7 / 5, "weeks": 7.0, "months": 30.4375}
_FIRST_TEST_DAY_OF_YEAR = 15  # USMLE: no testing 1-14 January
_SEARCH_YEARS = 15


def _src(url: str, title: str, as_of: str, official: bool = True, note: str | None = None) -> Source:
    return Source(url=url, title=title, as_of=date.fromisoformat(as_of), official=official, note=note)


#: Sources for the readiness rule itself (the calendars' own sources are added per cycle).
RULE_SOURCES: tuple[Source, ...] = (
    _src(
        "https://students-residents.aamc.org/applying-residencies-eras/publication-chapters/eras-timeline",
        "AAMC: ERAS timeline (programs begin reviewing applications in late September)",
        "2025-06-04",
    ),
    _src(
        "http://www.nrmp.org/residency/med-school-official/",
        "NRMP: applicants must be eligible to enter GME on 1 July of the Match year",
        "2025-09-15",
    ),
    _src(
        "https://www.ecfmg.org/news/2025/08/19/detailed-information-and-online-application-for-2026-pathways-now-available/",
        "ECFMG: 2026 Pathways; the clinical and communication skills requirement must be met to take part in the Match",
        "2025-08-19",
    ),
)

READINESS_RULE = (
    "To be ranked in the Match of year Y you must have passed Step 1 and Step 2 CK and met the "
    "clinical and communication skills requirement (an accepted Pathway) by the rank-list "
    "deadline (late February or early March of Y), and you need the ECFMG certificate before "
    "residency starts on 1 July Y. To be competitive, your Step 2 CK score should already be out "
    "when ERAS opens applications to programs in late September of Y-1, because programs screen "
    "on it and send most interview invitations soon after. This plan uses the competitive date "
    "for the exams."
)

#: Durations with no published number: the plan still needs a date, so it uses a stated
#: planning assumption (optimistic, typical, conservative, unit) and says so.
_PLANNING_ASSUMPTIONS: dict[str, tuple[float, float, float, str]] = {
    "study_step3": (1, 1.75, 3, "months"),
    "pathways_decision": (2, 6, 12, "weeks"),
    "study_step1": (3, 5.5, 12, "months"),
    "study_step2ck": (1.5, 3.5, 6, "months"),
    "score_release_step1": (3, 4, 8, "weeks"),
    "score_release_step2ck": (3, 4, 8, "weeks"),
    "score_release_step3": (3, 4, 8, "weeks"),
    "booking_step1_step2ck": (3, 7, 12, "weeks"),
    "booking_step3": (3, 5.5, 10, "weeks"),
    "oet_booking": (1, 3.5, 8, "weeks"),
    "oet_results": (10, 16, 17, "business_days"),
    "credential_verification": (7, 45, 90, "days"),
    "ecfmg_certificate_issue": (2, 2, 4, "weeks"),
    "state_licence_after_gme": (1.5, 3.5, 6, "months"),
    # The state pathways are new and few employers have hired through them: nothing is published.
    "pathway_job_search": (3, 9, 24, "months"),
    "pathway_licence_processing": (1.5, 3.5, 6, "months"),
}

#: When a Match calendar gives no date for an event, an explicit estimate (labelled as one).
_ROL_BEFORE_MATCH_DAYS = 21  # 2024: 28 Feb for 15 Mar (16 days); 2018: 21 Feb for 16 Mar (23 days)


# --------------------------------------------------------------------------- public model


@dataclass(frozen=True)
class Phase:
    """One step of the plan. `start` is the typical lane's start; each lane has its own end.

    An end of None means it cannot be known (the note says why). A milestone (Match Day) has
    start == end.
    """

    id: str
    label: str
    track: str
    start: date
    end_optimistic: date | None
    end_typical: date | None
    end_conservative: date | None
    estimated: bool
    projected: bool
    sources: tuple[Source, ...]
    note: str
    milestone: bool = False
    start_optimistic: date | None = None
    start_conservative: date | None = None

    def end(self, lane: str = "typical") -> date | None:
        return {"optimistic": self.end_optimistic, "typical": self.end_typical, "conservative": self.end_conservative}[
            lane
        ]


@dataclass(frozen=True)
class LanePlan:
    """Where one lane lands: its Match year and the sentence that explains the deadline."""

    lane: str
    match_year: int | None
    projected: bool  # the calendar of that Match year is projected, not published
    decided_by: str
    ready_on: date | None  # the day the last exam result is expected (None: nothing left)
    competitive_deadline: date | None  # ERAS opens to programs (late September of Y-1)
    rank_list_deadline: date | None
    rank_list_deadline_estimated: bool
    match_day: date | None
    residency_start: date | None


@dataclass(frozen=True)
class Timeline:
    on: date
    phases: tuple[Phase, ...]
    lanes: tuple[LanePlan, ...]
    earliest_match_year: int | None  # the typical lane's Match year
    decided_by: str
    rule: str
    rule_sources: tuple[Source, ...]
    assumptions: tuple[str, ...]
    notes: tuple[str, ...]
    residency_track: bool
    specialty_years: int | None = None
    target_state: str | None = None

    def lane(self, name: str) -> LanePlan:
        return next(lp for lp in self.lanes if lp.lane == name)

    def phase(self, phase_id: str) -> Phase:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(phase_id)

    def phase_ids(self) -> list[str]:
        return [p.id for p in self.phases]

    @property
    def match_day(self) -> date | None:
        return self.lane("typical").match_day

    @property
    def residency_start(self) -> date | None:
        return self.lane("typical").residency_start

    def lane_summary(self) -> str:
        parts = []
        for lp in self.lanes:
            year = f"the {lp.match_year} Match" if lp.match_year else "no Match year in reach"
            parts.append(f"{lp.lane}: {year}{' (projected calendar)' if lp.projected else ''}")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + "."

    def to_rows(self, *, as_text: bool = False) -> list[dict[str, Any]]:
        """One dict per phase for a table: phase, start, typical end, optimistic, conservative,
        estimate?, source. With `as_text`, dates are "3 Mar 2028" and an unknown end "unknown"."""

        def show(d: date | None) -> Any:
            if not as_text:
                return d
            return fmt(d) if d else "unknown"

        rows = []
        for p in self.phases:
            flags = []
            if p.projected:
                flags.append("projected")
            if p.estimated:
                flags.append("estimate")
            rows.append(
                {
                    "phase": p.label,
                    "track": p.track,
                    "start": show(p.start),
                    "typical end": show(p.end_typical),
                    "optimistic": show(p.end_optimistic),
                    "conservative": show(p.end_conservative),
                    "estimate?": ", ".join(flags) if as_text else bool(flags),
                    "source": "; ".join(dict.fromkeys(str(s.url) for s in p.sources)),
                    "note": p.note,
                }
            )
        return rows


def fmt(d: date) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


# --------------------------------------------------------------------------- durations


@dataclass(frozen=True)
class Span:
    """A duration in days for each lane, with where the numbers came from."""

    id: str
    label: str
    days: tuple[float, float, float]
    estimated: bool
    sources: tuple[Source, ...]
    assumption: str | None = None  # set when a lane had to be filled without a source

    def __getitem__(self, lane: int) -> float:
        return self.days[lane]


def _resolve_span(tables: Any, duration_id: str) -> Span:
    row = None
    if tables is not None:
        try:
            row = tables.duration(duration_id)
        except (KeyError, AttributeError):
            row = None
    fallback = _PLANNING_ASSUMPTIONS.get(duration_id)
    if row is None:
        lo, typ, hi, unit = fallback or (1, 1, 1, "weeks")
        k = _DAYS_PER_UNIT[unit]
        return Span(
            duration_id,
            duration_id.replace("_", " "),
            (lo * k, typ * k, hi * k),
            True,
            (),
            f"No duration data for '{duration_id}'; the plan assumes {typ:g} {unit.replace('_', ' ')} "
            f"({lo:g} to {hi:g}), a planning assumption with no source.",
        )
    k = _DAYS_PER_UNIT[row.unit]
    unit = row.unit.replace("_", " ")
    typ = row.typical
    if typ is not None and row.typical_high is not None:
        typ = (row.typical + row.typical_high) / 2
    filled: list[str] = []
    if typ is None:
        if row.min is not None and row.max is not None:
            typ = (row.min + row.max) / 2
            filled.append("typical = middle of the range")
        elif fallback is not None:
            lo, ftyp, hi, funit = fallback
            fk = _DAYS_PER_UNIT[funit]
            note = row.unknown_reason or "no published figure"
            return Span(
                row.id,
                row.label,
                (lo * fk, ftyp * fk, hi * fk),
                True,
                tuple(row.sources),
                f"{row.label}: {note.rstrip('.')}. The plan assumes {ftyp:g} "
                f"{funit.replace('_', ' ')} ({lo:g} to {hi:g}), a planning assumption, not a "
                "published number.",
            )
        else:
            typ = row.min or row.max or 1.0
    opt = row.min
    if opt is None:
        opt = row.typical if row.typical is not None else typ
        filled.append(f"optimistic = {opt:g} {unit} (no lower bound published)")
    cons = row.max
    if cons is None:
        cons = row.typical_high or row.typical or typ
        filled.append(f"conservative = {cons:g} {unit} (no upper bound published)")
    return Span(
        row.id,
        row.label,
        (opt * k, typ * k, cons * k),
        bool(row.estimate or filled),
        tuple(row.sources),
        f"{row.label}: {'; '.join(filled)}." if filled else None,
    )


# --------------------------------------------------------------------------- date helpers


def _plus(d: date, days: float) -> date:
    return d + timedelta(days=round(days))


def _add_years(d: date, years: float) -> date:
    whole = int(years)
    try:
        out = d.replace(year=d.year + whole)
    except ValueError:  # 29 Feb
        out = d.replace(year=d.year + whole, day=28)
    return _plus(out, (years - whole) * 365.25)


def _test_day(d: date) -> date:
    """USMLE gives no tests on 1-14 January; a test day there moves to 15 January."""
    if d.month == 1 and d.day < _FIRST_TEST_DAY_OF_YEAR:
        return d.replace(day=_FIRST_TEST_DAY_OF_YEAR)
    return d


def _wednesday_on_or_after(d: date) -> date:
    return d + timedelta(days=(2 - d.weekday()) % 7)


def _release(sit: date, lag_days: float) -> date:
    """USMLE scores are released in weekly batches on Wednesdays."""
    return _wednesday_on_or_after(_plus(sit, lag_days))


def _latest_sitting(deadline: date, lag_days: float) -> date:
    """The latest test day whose result (this lag, Wednesday batches) is out by `deadline`."""
    d = _plus(deadline, -lag_days)
    while _release(d, lag_days) > deadline:
        d -= timedelta(days=1)
    return d


def _dedupe(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(f"{s.url}|{s.title}", s)
    return tuple(seen.values())


# --------------------------------------------------------------------------- calendar access


@dataclass(frozen=True)
class _Event:
    value: date | None
    estimated: bool
    projected: bool
    sources: tuple[Source, ...]
    text: str = ""


class _Calendar:
    """Match cycles and Pathways seasons from the tables, with labelled estimates for gaps."""

    def __init__(self, tables: Any):
        self.tables = tables
        self._cycles: dict[int, Any] = {}

    def cycle(self, year: int) -> Any:
        if year not in self._cycles:
            try:
                self._cycles[year] = self.tables.cycle_or_projection(year)
            except Exception:
                self._cycles[year] = None
        return self._cycles[year]

    def event(self, year: int, name: str) -> _Event:
        cycle = self.cycle(year)
        if cycle is None:
            return _Event(None, True, True, ())
        fact = cycle.event(name)
        sources = tuple(fact.sources) or tuple(cycle.sources)
        projected = bool(cycle.projected)
        if fact.value is not None:
            return _Event(fact.value, bool(fact.estimated or projected), projected, sources, fact.rule or "")
        # Not published: a stated estimate where the pattern allows one.
        if name == "rank_list_deadline":
            md = self.event(year, "match_day")
            if md.value is not None:
                return _Event(
                    md.value - timedelta(days=_ROL_BEFORE_MATCH_DAYS),
                    True,
                    md.projected,
                    tuple(cycle.sources),
                    "not published; estimated as three weeks before Match Day (it has fallen "
                    "between 16 and 23 days before)",
                )
        if name == "ranking_opens":
            return _Event(
                date(year, 2, 1),
                True,
                projected,
                tuple(cycle.sources),
                "not published; estimated as 1 February (recent calendars)",
            )
        if name == "eras_programs_review":
            sub = self.event(year, "eras_submissions_open")
            if sub.value is not None:
                return _Event(
                    sub.value + timedelta(days=21),
                    True,
                    sub.projected,
                    tuple(cycle.sources),
                    "estimated as three weeks after submissions open",
                )
        return _Event(None, True, projected, tuple(cycle.sources), fact.unknown_reason or "")

    # Pathways ------------------------------------------------------------------------------
    def season_date(self, year: int, name: str) -> _Event:
        """A Pathways season date; an unannounced season is projected from the latest known one."""
        seasons = getattr(getattr(self.tables, "pathways_seasons", None), "seasons", ()) or ()
        own = next((s for s in seasons if s.match_year == year), None)
        if own is not None and getattr(own, name).value is not None:
            f = getattr(own, name)
            return _Event(f.value, bool(f.estimated), False, tuple(f.sources) or tuple(own.sources))
        known = [s for s in seasons if getattr(s, name).value is not None and s.match_year < year]
        if known:
            base = max(known, key=lambda s: s.match_year)
            value = getattr(base, name).value
            shift = year - base.match_year
            try:
                projected = value.replace(year=value.year + shift)
            except ValueError:
                projected = value.replace(year=value.year + shift, day=28)
            return _Event(
                projected,
                True,
                True,
                tuple(base.sources),
                f"not announced for {year}; projected from the {base.match_year} season",
            )
        return _Event(None, True, True, ())


# --------------------------------------------------------------------------- one lane


@dataclass
class _Seg:
    start: date
    end: date | None
    estimated: bool = False
    projected: bool = False
    sources: tuple[Source, ...] = ()


@dataclass
class _Exam:
    prep_start: date
    sit: date
    result: date
    scheduled: bool
    attempt: int


@dataclass
class _LaneResult:
    plan: LanePlan
    segs: dict[str, _Seg]
    info: dict[str, Any]


class _Planner:
    def __init__(self, profile: Profile, book: Any, on: date):
        self.p = profile
        self.book = book
        self.on = on
        self.tables = getattr(book, "data", None)
        self.cal = _Calendar(self.tables) if self.tables is not None else None
        self.assumptions: dict[str, None] = {}
        self.notes: dict[str, None] = {}
        self._spans: dict[str, Span] = {}

    # -- helpers ---------------------------------------------------------------------------
    def assume(self, text: str) -> None:
        self.assumptions.setdefault(text, None)

    def note(self, text: str) -> None:
        self.notes.setdefault(text, None)

    def span(self, duration_id: str) -> Span:
        if duration_id not in self._spans:
            s = _resolve_span(self.tables, duration_id)
            self._spans[duration_id] = s
            if s.assumption:
                self.assume(s.assumption)
        return self._spans[duration_id]

    def rule_sources(self, rule_id: str) -> tuple[Source, ...]:
        try:
            return tuple(self.book.rule(rule_id).sources)
        except Exception:
            return ()

    @property
    def certified(self) -> bool:
        return bool(self.p.exams.ecfmg_certified)

    def exam_status(self, name: str) -> ExamStatus:
        exam: StepExam = getattr(self.p.exams, name)
        if self.certified and name in ("step1", "step2ck"):
            return ExamStatus.passed
        if exam.status is None:
            title = {"step1": "Step 1", "step2ck": "Step 2 CK", "step3": "Step 3"}[name]
            self.assume(f"{title}: not answered, so the plan assumes you have not started it.")
            return ExamStatus.not_started
        return exam.status

    # -- blockers --------------------------------------------------------------------------
    def blockers(self) -> list[str]:
        out = []
        for name, title in (("step1", "Step 1"), ("step2ck", "Step 2 CK")):
            exam: StepExam = getattr(self.p.exams, name)
            if exam.status is not ExamStatus.passed and (exam.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP:
                out.append(
                    f"You have {exam.failed_attempts} failed attempts at {title} without a pass. "
                    f"USMLE allows {MAX_ATTEMPTS_PER_STEP} attempts at a Step, and someone with "
                    f"{MAX_ATTEMPTS_PER_STEP} failed attempts cannot apply for any Step, so ECFMG "
                    "certification and the residency route are closed. Look at the alternative "
                    "licence routes some states offer, and confirm your record with USMLE/FSMB."
                )
        if self.p.degree.wdoms_sponsor_note is not None and self.p.degree.wdoms_sponsor_note.value == "no":
            out.append(
                "You said your school has no ECFMG Sponsor Note in the World Directory, so ECFMG "
                "certification (and with it the residency route) is not open to your degree. "
                "Check the school's Sponsor Notes tab on wdoms.org; if the note exists after all, "
                "change your answer."
            )
        return out

    # -- pieces common to every lane ---------------------------------------------------------
    def credentials_done(self, lane: int) -> tuple[date, _Seg | None]:
        status = self.p.degree.credentials_verified
        if self.certified or (status is not None and status.value == "verified"):
            return self.on, None
        if status is None:
            self.assume("Credential verification: not answered, so the plan assumes it has not started.")
        elif status.value == "in_progress":
            self.assume(
                "Credential verification is in progress: the plan counts the full usual time from "
                "today, so it may finish sooner if your school has already replied."
            )
        s = self.span("credential_verification")
        end = _plus(self.on, s[lane])
        return end, _Seg(self.on, end, s.estimated, False, s.sources + self.rule_sources("ecfmg.credentials_verified"))

    def exam(self, name: str, lane: int, prep_from: date, register_from: date) -> _Exam | None:
        status = self.exam_status(name)
        if status is ExamStatus.passed:
            return None
        exam: StepExam = getattr(self.p.exams, name)
        attempt = (exam.failed_attempts or 0) + 1
        lag = self.span(f"score_release_{name}")
        if status is ExamStatus.scheduled and exam.date is not None:
            return _Exam(prep_from, exam.date, _release(exam.date, lag[lane]), True, attempt)
        if status is ExamStatus.scheduled:
            self.assume(f"{name}: scheduled without a date, so the plan uses the usual preparation time.")
        study = self.span(f"study_{name}")
        booking = self.span("booking_step3" if name == "step3" else "booking_step1_step2ck")
        sit = max(_plus(prep_from, study[lane]), _plus(register_from, booking[lane]))
        sit = _test_day(sit)
        return _Exam(prep_from, sit, _release(sit, lag[lane]), False, attempt)

    # -- one lane --------------------------------------------------------------------------
    def lane(self, lane: int) -> _LaneResult:
        segs: dict[str, _Seg] = {}
        info: dict[str, Any] = {}
        cred_end, cred_seg = self.credentials_done(lane)
        if cred_seg:
            segs["credentials"] = cred_seg
        # Study may start today; registration waits for verification (since Aug 2025).
        s1 = self.exam("step1", lane, self.on, cred_end)
        step2_from = s1.sit if s1 else self.on
        s2 = self.exam("step2ck", lane, step2_from, cred_end)
        for name, ex in (("step1", s1), ("step2ck", s2)):
            if ex is None:
                continue
            study = self.span(f"study_{name}")
            lag = self.span(f"score_release_{name}")
            booking = self.span("booking_step1_step2ck")
            if ex.sit > ex.prep_start:
                segs[f"{name}_prep"] = _Seg(
                    ex.prep_start, ex.sit, study.estimated or not ex.scheduled, False, study.sources + booking.sources
                )
            # A future score date is always an estimate, even for a booked test day.
            segs[f"{name}_exam"] = _Seg(ex.sit, ex.result, True, False, lag.sources)
            info[name] = ex
        results = [ex.result for ex in (s1, s2) if ex is not None]
        ready = max(results) if results else None
        exams_ready = max(ready or self.on, self.on)

        if self.cal is None:
            self.note("No Match calendar data is loaded, so the plan cannot place the Match.")
            plan = LanePlan(
                LANES[lane], None, False, "No Match calendar data is loaded.", ready, None, None, False, None, None
            )
            return _LaneResult(plan, segs, info)

        chosen = None
        misses: dict[int, str] = {}
        for year in range(self.on.year, self.on.year + _SEARCH_YEARS):
            attempt = self.try_year(year, lane, exams_ready, cred_end, info)
            if isinstance(attempt, str):
                misses[year] = attempt
                continue
            chosen = (year, attempt)
            break
        if chosen is None:
            plan = LanePlan(
                LANES[lane],
                None,
                False,
                f"No Match within {_SEARCH_YEARS} years fits these durations.",
                ready,
                None,
                None,
                False,
                None,
                None,
            )
            return _LaneResult(plan, segs, info)
        year, (ysegs, yinfo) = chosen
        yinfo["missed_previous"] = misses.get(year - 1)
        segs.update(ysegs)
        info.update(yinfo)
        review: _Event = yinfo["review"]
        rol: _Event = yinfo["rol"]
        md: _Event = yinfo["match_day"]
        start: _Event = yinfo["residency_start"]
        plan = LanePlan(
            lane=LANES[lane],
            match_year=year,
            projected=bool(yinfo["projected"]),
            decided_by=self.decided_by(year, lane, info, yinfo),
            ready_on=ready,
            competitive_deadline=review.value,
            rank_list_deadline=rol.value,
            rank_list_deadline_estimated=rol.estimated,
            match_day=md.value,
            residency_start=start.value,
        )
        return _LaneResult(plan, segs, info)

    def try_year(
        self, year: int, lane: int, exams_ready: date, cred_end: date, info: dict[str, Any]
    ) -> tuple[dict[str, _Seg], dict[str, Any]] | str:
        """The plan for the `year` Match, or why that Match is out of reach ("past", "exams",
        "clinical_skills", "certificate", "calendar")."""
        cal = self.cal
        assert cal is not None
        review = cal.event(year, "eras_programs_review")
        rol = cal.event(year, "rank_list_deadline")
        md = cal.event(year, "match_day")
        opens = cal.event(year, "eras_season_opens")
        ranking = cal.event(year, "ranking_opens")
        start = cal.event(year, "residency_start")
        if start.value is None:
            start = _Event(date(year, 7, 1), False, True, RULE_SOURCES[1:2])
        if review.value is None or rol.value is None or md.value is None:
            return "calendar"
        # 1. competitive: exam results out by the day programs start reviewing (and not past).
        if review.value < self.on:
            return "past"
        if exams_ready > review.value:
            return "exams"
        segs: dict[str, _Seg] = {}
        yinfo: dict[str, Any] = {
            "review": review,
            "rol": rol,
            "match_day": md,
            "residency_start": start,
            "ranking": ranking,
            "opens": opens,
        }
        # 2. clinical skills by the rank-list deadline.
        cs = self.clinical_skills(year, lane, segs, yinfo)
        if cs is None or cs > rol.value:
            return "clinical_skills"
        # 3. ECFMG certificate before 1 July.
        cert_end = self.certificate(year, lane, cred_end, max(exams_ready, cs), segs, yinfo)
        if cert_end is not None and cert_end > start.value:
            return "certificate"
        self.cycle_phases(year, lane, segs, yinfo)
        self.after_match(year, lane, cert_end, segs, yinfo, info)
        cycle = cal.cycle(year)
        yinfo["projected"] = bool(getattr(cycle, "projected", False))
        return segs, yinfo

    def clinical_skills(self, year: int, lane: int, segs: dict[str, _Seg], yinfo: dict[str, Any]) -> date | None:
        """The day the clinical-skills requirement is met for the `year` Match, or None if the
        season's window cannot be met."""
        route = self.p.exams.clinical_skills
        if self.certified or route in (ClinicalSkillsRoute.pathway_accepted, ClinicalSkillsRoute.step2cs_passed):
            return self.on
        cal = self.cal
        assert cal is not None
        decision = self.span("pathways_decision")
        cs_sources = self.rule_sources("ecfmg.clinical_skills")
        if route is ClinicalSkillsRoute.pathway_applied:
            end = _plus(self.on, decision[lane])
            segs["pathways"] = _Seg(self.on, end, True, False, decision.sources + cs_sources)
            yinfo["pathways_submit"] = self.on
            return end
        if route is None:
            self.assume("Clinical skills: not answered, so the plan assumes you still need a Pathway and OET.")
        season_opens = cal.season_date(year, "application_opens")
        season_closes = cal.season_date(year, "application_closes")
        cutoff = cal.season_date(year, "oet_taken_on_or_after")
        if season_opens.value is None:
            season_opens = _Event(
                date(year - 1, 8, 15), True, True, (), "no season dates published; assumed mid-August"
            )
        yinfo["season_opens"] = season_opens
        yinfo["season_closes"] = season_closes
        yinfo["oet_cutoff"] = cutoff
        oet = self.p.exams.oet
        oet_ok = value_of("oet_meets_ecfmg_scores", Context(self.p, self.on, self.tables)) is True
        if oet_ok and cutoff.value is not None and oet.date is not None and oet.date < cutoff.value:
            oet_ok = False
            yinfo["oet_too_old"] = True
        booking, results = self.span("oet_booking"), self.span("oet_results")
        if oet_ok:
            oet_done = self.on
        elif (
            oet.status is OetStatus.scheduled
            and oet.date is not None
            and (cutoff.value is None or oet.date >= cutoff.value)
        ):
            oet_done = _plus(oet.date, results[lane])
            segs["oet"] = _Seg(oet.date, oet_done, results.estimated, False, results.sources)
        else:
            total = booking[lane] + results[lane]
            begin = max(self.on, cutoff.value or self.on, _plus(season_opens.value, -total))
            oet_done = _plus(begin, total)
            segs["oet"] = _Seg(
                begin, oet_done, True, cutoff.projected, booking.sources + results.sources + cutoff.sources
            )
        submit = max(oet_done, season_opens.value, self.on)
        if season_closes.value is not None and submit > season_closes.value:
            return None
        end = _plus(submit, decision[lane])
        segs["pathways"] = _Seg(
            submit, end, True, season_opens.projected, decision.sources + season_opens.sources + cs_sources
        )
        yinfo["pathways_submit"] = submit
        return end

    def graduation(self) -> date | None:
        d = self.p.degree
        if d.enrolment is Enrolment.student:
            if d.graduation_year is None:
                self.assume("Graduation year: not answered; the plan cannot check that you graduate before residency.")
                return None
            self.assume(f"You are a student: the plan assumes you graduate by 30 June {d.graduation_year}.")
            return date(d.graduation_year, 6, 30)
        return None

    def certificate(
        self, year: int, lane: int, cred_end: date, last_req: date, segs: dict[str, _Seg], yinfo: dict[str, Any]
    ) -> date | None:
        if self.certified:
            return None
        issue = self.span("ecfmg_certificate_issue")
        start = max(cred_end, last_req, self.on)
        grad = self.graduation()
        if grad is not None:
            # The final diploma is verified only after graduation.
            diploma = _plus(max(grad, self.on), self.span("credential_verification")[lane])
            start = max(start, diploma)
        end = _plus(start, issue[lane])
        segs["ecfmg_certificate"] = _Seg(
            start, end, issue.estimated, False, issue.sources + self.rule_sources("ecfmg.certificate_held")
        )
        return end

    def cycle_phases(self, year: int, lane: int, segs: dict[str, _Seg], yinfo: dict[str, Any]) -> None:
        opens, review, ranking, rol, md = (yinfo[k] for k in ("opens", "review", "ranking", "rol", "match_day"))
        eras_start = max(opens.value or review.value, self.on)
        segs["eras"] = _Seg(
            eras_start,
            review.value,
            opens.estimated or review.estimated,
            review.projected,
            _dedupe(opens.sources + review.sources),
        )
        interviews_end = ranking.value if ranking.value and ranking.value > review.value else rol.value
        segs["interviews"] = _Seg(review.value, interviews_end, True, review.projected, review.sources)
        rank_start = ranking.value if ranking.value and ranking.value < rol.value else interviews_end
        segs["rank_list"] = _Seg(
            rank_start,
            rol.value,
            rol.estimated or ranking.estimated,
            rol.projected,
            _dedupe(ranking.sources + rol.sources),
        )
        segs["match_day"] = _Seg(md.value, md.value, md.estimated, md.projected, md.sources)

    def wants_h1b(self) -> bool:
        return self.p.status.us_status is UsStatus.needs_visa and self.p.status.visa_preference is VisaPreference.h1b

    def after_match(
        self,
        year: int,
        lane: int,
        cert_end: date | None,
        segs: dict[str, _Seg],
        yinfo: dict[str, Any],
        info: dict[str, Any],
    ) -> None:
        start: _Event = yinfo["residency_start"]
        res_start = start.value
        assert res_start is not None
        # Residency
        length, length_max, spec = self.residency_length()
        end = None
        if length is not None:
            years = length_max if (lane == 2 and length_max) else length
            end = _add_years(res_start, years) - timedelta(days=1)
        segs["residency"] = _Seg(
            res_start,
            end,
            bool(start.estimated),
            start.projected,
            _dedupe(start.sources + (tuple(spec.sources) if spec else ())),
        )
        yinfo["residency_years"] = length
        # Step 3
        status = self.exam_status("step3")
        step3_result = None
        if status is not ExamStatus.passed:
            lag = self.span("score_release_step3")
            study = self.span("study_step3")
            booking = self.span("booking_step3")
            exam: StepExam = self.p.exams.step3
            if status is ExamStatus.scheduled and exam.date is not None:
                sit = exam.date
                begin = min(self.on, sit)
                step3_result = _release(sit, lag[lane])
            elif self.wants_h1b():
                s2: _Exam | None = info.get("step2ck")
                prep_from = s2.sit if s2 else self.on
                cert_ready = cert_end or self.on
                sit = _test_day(max(_plus(prep_from, study[lane]), _plus(cert_ready, booking[lane])))
                begin = prep_from
                step3_result = _release(sit, lag[lane])
                yinfo["step3_h1b"] = True
            else:
                # USMLE recommends Step 3 at or near the end of PGY-1.
                begin = res_start
                typical_end = _add_years(res_start, 1) - timedelta(days=1)
                quick = _release(_plus(res_start, study[0] + booking[0]), lag[0])
                step3_result = (quick, typical_end, _add_years(res_start, 1.5))[lane]
                sit = step3_result
            segs["step3"] = _Seg(
                begin,
                step3_result,
                True,
                start.projected and not yinfo.get("step3_h1b"),
                study.sources + booking.sources + lag.sources,
            )
        yinfo["step3_result"] = step3_result
        # Full licence
        gme_years, gme_sources, reason = self.state_gme_years()
        yinfo["gme_years"] = gme_years
        yinfo["gme_reason"] = reason
        state = self.p.target.state
        if state is None:
            return
        processing = self.span("state_licence_after_gme")
        if gme_years is None:
            segs["licence"] = _Seg(res_start, None, True, start.projected, gme_sources + processing.sources)
            return
        eligible = _add_years(res_start, gme_years)
        if step3_result is not None:
            eligible = max(eligible, step3_result)
        step3_blocked = (
            self.p.exams.step3.failed_attempts or 0
        ) >= MAX_ATTEMPTS_PER_STEP and status is not ExamStatus.passed
        end = None if step3_blocked else _plus(eligible, processing[lane])
        segs["licence"] = _Seg(res_start, end, True, start.projected, _dedupe(gme_sources + processing.sources))

    def residency_length(self) -> tuple[int | None, int | None, Any]:
        code = self.p.target.specialty
        if code is None:
            self.assume("Specialty: not chosen, so the residency length is not shown.")
            return None, None, None
        spec = self.specialty(code)
        if spec is None:
            return None, None, None
        return spec.length_years, spec.length_years_max, spec

    def specialty(self, code: str) -> Any:
        """The specialty record, or None (the tables return None or raise for unknown ids)."""
        try:
            return self.tables.specialty(code) if self.tables is not None else None
        except (KeyError, AttributeError):
            return None

    def state_gme_years(self) -> tuple[int | None, tuple[Source, ...], str | None]:
        code = self.p.target.state
        if code is None:
            self.assume("Target state: not chosen, so the full-licence date is not shown.")
            return None, (), "no target state chosen"
        states = getattr(self.book, "states", None)
        if states is None:
            return None, (), "the per-state licensing data is not loaded"
        try:
            record = states.get(code)
        except Exception:
            return None, (), f"no licensing record for {code}"
        fact = record.gme.img_years
        if fact.value is None:
            return None, tuple(fact.sources), fact.unknown_reason or "not known"
        return int(fact.value), tuple(fact.sources), None

    # -- sentences -------------------------------------------------------------------------
    def decided_by(self, year: int, lane: int, info: dict[str, Any], yinfo: dict[str, Any]) -> str:
        review: _Event = yinfo["review"]
        rol: _Event = yinfo["rol"]
        proj = (
            " (projected dates: that calendar is not published yet)"
            if yinfo.get("projected") or review.projected
            else ""
        )
        est = "about " if review.estimated else ""
        pending = [(n, t) for n, t in (("step2ck", "Step 2 CK"), ("step1", "Step 1")) if n in info]
        parts = []
        if pending:
            name, title = max(pending, key=lambda nt: info[nt[0]].sit)
            ex: _Exam = info[name]
            lag = self.span(f"score_release_{name}")[lane]
            sit_by = _latest_sitting(review.value, lag)
            verb = "sit" if ex.scheduled else "pass"
            parts.append(
                f"If you {verb} {title} by {fmt(sit_by)} (scores released before ERAS opens to "
                f"programs on {est}{fmt(review.value)}), you can apply in the {year} Match{proj}."
            )
        else:
            parts.append(
                f"Your Step 1 and Step 2 CK are done, so the next Match you can enter is {year}: "
                f"ERAS opens to programs on {est}{fmt(review.value)}{proj}."
            )
        if yinfo.get("pathways_submit"):
            rol_word = "about " if rol.estimated else ""
            parts.append(f"Your Pathway must be accepted by the rank-list deadline ({rol_word}{fmt(rol.value)}).")
        parts.extend(self.why_not_sooner(year, lane, info, yinfo))
        return " ".join(parts)

    def why_not_sooner(self, year: int, lane: int, info: dict[str, Any], yinfo: dict[str, Any]) -> list[str]:
        """Why the Match a year earlier is out of reach in this lane, in one sentence."""
        missed = yinfo.get("missed_previous")
        if missed is None or missed in ("past", "calendar") or self.cal is None:
            return []
        prev = year - 1
        review = self.cal.event(prev, "eras_programs_review")
        rol = self.cal.event(prev, "rank_list_deadline")
        if missed == "exams" and review.value is not None:
            pending = [(n, t) for n, t in (("step2ck", "Step 2 CK"), ("step1", "Step 1")) if n in info]
            if pending:
                name, title = max(pending, key=lambda nt: info[nt[0]].result)
                ex: _Exam = info[name]
                lag = self.span(f"score_release_{name}")[lane]
                sit_by = _latest_sitting(review.value, lag)
                when = "before today" if sit_by < self.on else f"by {fmt(sit_by)}"
                return [
                    f"The {prev} Match is out of reach in this lane: your {title} result is expected "
                    f"about {fmt(ex.result)}, after ERAS opens to programs on "
                    f"{'about ' if review.estimated else ''}{fmt(review.value)}; you would have to "
                    f"sit it {when}."
                ]
        if missed == "clinical_skills" and rol.value is not None:
            return [
                f"The {prev} Match is out of reach in this lane: a Pathway could not be accepted "
                f"before its rank-list deadline ({'about ' if rol.estimated else ''}{fmt(rol.value)}) "
                "or its application season."
            ]
        if missed == "certificate":
            return [
                f"The {prev} Match is out of reach in this lane: the ECFMG certificate could not be "
                f"issued before residency starts on 1 July {prev}."
            ]
        return []


# --------------------------------------------------------------------------- labels and notes

_ORDER = (
    "credentials",
    "step1_prep",
    "step1_exam",
    "step2ck_prep",
    "step2ck_exam",
    "oet",
    "pathways",
    "ecfmg_certificate",
    "eras",
    "interviews",
    "rank_list",
    "match_day",
    "step3",
    "residency",
    "licence",
)


def _label(pid: str, planner: _Planner, info: dict[str, Any], yinfo: dict[str, Any]) -> str:
    p = planner.p
    for name, title in (("step1", "Step 1"), ("step2ck", "Step 2 CK")):
        if pid.startswith(name):
            ex: _Exam | None = info.get(name)
            retake = ex is not None and ex.attempt > 1
            if pid.endswith("_prep"):
                return f"{title} {'retake ' if retake else ''}study"
            return f"{title} {'retake' if retake else 'test'} → result"
    labels = {
        "credentials": "Credential verification",
        "oet": "OET Medicine",
        "pathways": "Pathways application",
        "ecfmg_certificate": "ECFMG certificate",
        "eras": "ERAS application",
        "interviews": "Interviews",
        "rank_list": "Rank list",
        "match_day": "Match Day",
        "step3": "Step 3 (before Match)" if yinfo.get("step3_h1b") else "Step 3",
    }
    if pid in labels:
        return labels[pid]
    if pid == "residency":
        years = yinfo.get("residency_years")
        return f"Residency ({years} y)" if years else "Residency"
    if pid == "licence":
        return f"Full licence ({p.target.state})"
    return pid


def _note(pid: str, planner: _Planner, info: dict[str, Any], yinfo: dict[str, Any], seg: _Seg) -> str:
    p = planner.p
    if pid == "credentials":
        return (
            "ECFMG verifies your diploma and transcript with your school. Since August 2025 "
            "this must be finished before you can register for Step 1 or Step 2 CK; you can "
            "study meanwhile. Timing depends on how fast your school replies."
        )
    for name in ("step1", "step2ck"):
        if pid.startswith(name):
            ex: _Exam = info[name]
            exam: StepExam = getattr(p.exams, name)
            left = MAX_ATTEMPTS_PER_STEP - (ex.attempt - 1)
            bits = []
            if pid.endswith("_prep"):
                bits.append("Study time is an estimate (commercial figures, no IMG survey).")
                if ex.attempt > 1:
                    bits.append(
                        f"A failed attempt must be retaken: this is attempt {ex.attempt} of {MAX_ATTEMPTS_PER_STEP}."
                    )
                bits.append("You can register only once credential verification is complete.")
            else:
                if ex.scheduled:
                    bits.append(f"Test date as you gave it: {fmt(ex.sit)}.")
                bits.append("Scores usually come about 4 weeks after the test (allow 8), released on Wednesdays.")
                if ex.attempt > 1:
                    bits.append(f"Attempt {ex.attempt} of {MAX_ATTEMPTS_PER_STEP}.")
                if left == 1:
                    bits.append("This is your last permitted attempt.")
                if (exam.failed_attempts or 0) == 3:
                    bits.append(
                        "Older USMLE rules required a 4th attempt to be at least 12 months "
                        "after the first and 6 months after the most recent: check the "
                        "current USMLE Bulletin."
                    )
            return " ".join(bits)
    if pid == "oet":
        cutoff: _Event | None = yinfo.get("oet_cutoff")
        text = (
            "OET Medicine for the Pathways: Listening, Reading and Speaking 350, Writing 300, in "
            "one sitting. Booking and results only; add your own preparation."
        )
        if cutoff is not None and cutoff.value is not None:
            text += (
                f" For the {yinfo['match_year']} season the test must be taken on or after "
                f"{fmt(cutoff.value)}{' (estimated)' if cutoff.estimated else ''}."
            )
        elif cutoff is not None:
            text += " The OET date window for this season is not published."
        if yinfo.get("oet_too_old"):
            text += " Your OET result is older than the season accepts, so plan a new sitting."
        return text
    if pid == "pathways":
        opens: _Event | None = yinfo.get("season_opens")
        text = (
            "ECFMG publishes no processing time for Pathways; the decision date is a planning "
            "assumption. It must come before the rank-list deadline."
        )
        if opens is not None and opens.value is not None:
            text += (
                f" The {yinfo['match_year']} season opens "
                f"{'about ' if opens.estimated else ''}{fmt(opens.value)}"
                f"{' (' + opens.text + ')' if opens.text else ''}."
            )
        return text
    if pid == "ecfmg_certificate":
        return (
            "Issued about two weeks after the last requirement is met; you need it before residency starts on 1 July."
        )
    if pid == "eras":
        sub = planner.cal.event(yinfo["match_year"], "eras_submissions_open") if planner.cal else None
        review: _Event = yinfo["review"]
        text = f"The ERAS season opens {fmt(seg.start)}"
        if sub is not None and sub.value is not None:
            text += f"; submit from {fmt(sub.value)}"
        text += f"; programs start reviewing {fmt(review.value)}."
        return text
    if pid == "interviews":
        return "Estimate: invitations come from late September; most interviews run October to January."
    if pid == "rank_list":
        rol: _Event = yinfo["rol"]
        return (
            f"Rank-list deadline {'about ' if rol.estimated else ''}{fmt(rol.value)}"
            f"{' (' + rol.text + ')' if rol.text else ''}. Step 1, Step 2 CK and the clinical "
            "skills requirement must be met by then."
        )
    if pid == "match_day":
        return f"Match Day of the {yinfo['match_year']} Main Residency Match."
    if pid == "step3":
        if yinfo.get("step3_h1b"):
            text = (
                "You prefer an H-1B: programs that sponsor it usually need Step 3 passed "
                "before they rank you or file the petition. Step 3 needs the ECFMG certificate "
                "and is given only at US test centres."
            )
            res = yinfo.get("step3_result")
            rol = yinfo["rol"]
            if res is not None and rol.value is not None and res > rol.value:
                text += (
                    f" In this lane the result ({fmt(res)}) comes after the rank-list deadline "
                    "(" + fmt(rol.value) + "): consider a J-1, or a later Match."
                )
            return text
        return (
            "USMLE recommends Step 3 at or near the end of PGY-1 (some states set their own "
            "deadline). Study time for Step 3 has no published source; dates are estimates."
        )
    if pid == "residency":
        years = yinfo.get("residency_years")
        spec = p.target.specialty
        if spec is None:
            return "Residency starts 1 July. Choose a specialty to see how long it lasts."
        s = planner.specialty(spec)
        if s is None:
            return f"Residency starts 1 July. The length of '{spec}' is not in our data."
        if years is None:
            return (
                f"Residency starts 1 July. The length of {s.name} is not known: "
                f"{s.length_unknown_reason or 'it varies'}."
            )
        text = f"{s.name}: {years} years from 1 July (ACGME length)."
        if s.length_years_max:
            text += f" Some programs last {s.length_years_max} years (conservative lane)."
        if s.separate_pgy1_needed:
            text += " Many programs start at PGY-2 and need a separate preliminary or transitional year."
        if s.match_route != "eras_nrmp":
            text += (
                " This specialty does not use the usual ERAS/NRMP route"
                f"{': ' + s.match_note if s.match_note else ''}; its calendar may differ."
            )
        return text
    if pid == "licence":
        gme = yinfo.get("gme_years")
        state = p.target.state
        if gme is None:
            return (
                f"Full licence in {state}: the years of US training the board requires of IMGs "
                f"are not known to us ({yinfo.get('gme_reason')}); check with the board."
            )
        text = (
            f"{state} requires {gme} year{'s' if gme != 1 else ''} of accredited US training "
            "(GME) for IMGs, plus Step 3; then the board's processing time (estimate). Many "
            "residents apply during their last required year, so it can come sooner."
        )
        if seg.end is None:
            text += (
                " Step 3 has no attempts left, so a full licence through this route is not open; check with the board."
            )
        return text
    return ""


# --------------------------------------------------------------------------- the state-pathway track

_CAN_APPLY_LATER = (ImplementationStatus.law_only, ImplementationStatus.rules_pending)


def _target_pathway(planner: _Planner) -> Assessment | None:
    """The target state's best-fitting full pathway, judged as the plan judges it."""
    code = planner.p.target.state
    states = getattr(planner.book, "states", None)
    if code is None or not isinstance(states, StateBook) or code not in states:
        return None
    if not states.get(code).full_pathways:
        return None
    return best_for(assess_state(planner.p, states, code, on=planner.on), code)


def _stage(a: Assessment, label: str) -> Any:
    return next((s for s in a.stages if s.label == label), None)


def _alt_sources(a: Assessment, *parts: tuple[Source, ...]) -> tuple[Source, ...]:
    return _dedupe([s for part in parts for s in part] or a.sources)


def _alternative_track(planner: _Planner) -> list[Phase]:
    """Phases on `ALTERNATIVE_TRACK` when the person appears to fit the target state's pathway
    (or would with a job offer only); otherwise none, with a note when the pathway is still open.

    Dates run from the evaluation date. Nothing here is published as a duration: the job search
    and the board's processing are planning assumptions (labelled), the provisional years and the
    years to a full licence come from the state record, and an unknown stays an unknown end.
    """
    a = _target_pathway(planner)
    if a is None:
        return []
    where = f"{a.state_name}'s {a.pathway}"
    other_pieces = [c for c in a.checks if c.status is Check.missing and c.key != "job_offer"]
    if a.verdict is Verdict.unknown:
        planner.note(
            f"Whether you qualify for {where} (a licence without a US residency) is unknown, so the "
            "timeline does not date that route: the “Your state licence” part of your plan says "
            "what decides it."
        )
        return []
    if a.verdict is Verdict.could_qualify and other_pieces:
        pieces = "; ".join(p for c in other_pieces for p in c.pieces)
        planner.note(
            f"You could qualify for {where} once you have: {pieces}. The timeline does not date that route until then."
        )
        return []
    if a.verdict is not Verdict.qualifies and not a.only_missing_job_offer:
        return []

    code = a.code
    on = planner.on
    job_check = next((c for c in a.checks if c.key == "job_offer"), None)
    job_sources = job_check.sources if job_check else ()
    phases: list[Phase] = []
    starts = [on, on, on]

    # 1. A job offer from a qualifying employer, when it is still missing.
    if job_check is not None and job_check.status is Check.missing:
        search = planner.span("pathway_job_search")
        ends = [_plus(on, search[i]) for i in range(len(LANES))]
        phases.append(
            Phase(
                id="pathway_job_offer",
                label=f"{ALTERNATIVE_PREFIX}job offer",
                track=ALTERNATIVE_TRACK,
                start=on,
                end_optimistic=ends[0],
                end_typical=ends[1],
                end_conservative=ends[2],
                estimated=True,
                projected=False,
                sources=_alt_sources(a, job_sources, a.status_sources),
                note=(
                    f"Find an employer in {a.state_name} the law accepts and get a job offer; the "
                    f"state asks: {job_check.state.rstrip('.')}. No time for this is published: these pathways "
                    "are new and few employers have hired through them yet, so the dates are a "
                    "planning assumption, not a published number."
                ),
            )
        )
        starts = ends

    # 2. The board's application for the provisional licence.
    processing = planner.span("pathway_licence_processing")
    status = a.status
    if status in _CAN_APPLY_LATER:
        applied: list[date | None] = [None, None, None]
        when = (
            f"{a.state_name}'s board is not taking applications yet ({a.status_label}), so when "
            "you can apply is unknown."
        )
    else:
        applied = [_plus(starts[i], processing[i]) for i in range(len(LANES))]
        when = "The board's processing time is not published: a planning assumption, not a published number."
        if status is ImplementationStatus.unknown:
            planner.assume(
                f"{a.state_name}: whether the board is taking applications for its pathway is not "
                "confirmed; the pathway dates assume it is."
            )
            when += " Whether the board is taking applications is not confirmed."
    phases.append(
        Phase(
            id="pathway_application",
            label=f"{ALTERNATIVE_PREFIX}apply to the board",
            track=ALTERNATIVE_TRACK,
            start=starts[TYPICAL],
            end_optimistic=applied[0],
            end_typical=applied[1],
            end_conservative=applied[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, a.status_sources, a.law_sources),
            note=f"You apply with your employer. Status: {a.status_label}. {when}",
            start_optimistic=starts[0],
            start_conservative=starts[2],
        )
    )

    # 3. The provisional licence, for the years the state sets.
    years = a.provisional_years
    stage = _stage(a, "Provisional stage")
    prov_end = [_add_years(d, years) if d is not None and years is not None else None for d in applied]
    length = stage.text if stage is not None else "unknown — not published/confirmed"
    begins = applied[TYPICAL] or starts[TYPICAL]
    phases.append(
        Phase(
            id="pathway_provisional",
            label=f"{ALTERNATIVE_PREFIX}provisional licence",
            track=ALTERNATIVE_TRACK,
            start=begins,
            end_optimistic=prov_end[0],
            end_typical=prov_end[1],
            end_conservative=prov_end[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, stage.sources if stage else (), a.law_sources),
            note=(
                f"{where}; law: {a.law or 'unknown — not published/confirmed'}. A provisional licence "
                f"tied to your employer. Provisional stage: {length}."
                + ("" if applied[TYPICAL] is not None else " It cannot start before the board opens applications.")
            ),
            start_optimistic=applied[0],
            start_conservative=applied[2],
        )
    )

    # 4. The full licence.
    full = _stage(a, "Years to a full licence")
    to_full = a.years_to_full
    full_at = [_add_years(d, to_full) if d is not None and to_full is not None else None for d in applied]
    note = (
        "Years from the provisional licence to a full one: "
        + (full.text if full is not None else "unknown — not published/confirmed")
        + ". The board must still grant the full licence."
    )
    step3 = _stage(a, "Step 3 for the full licence")
    if step3 is not None and step3.known and step3.value and planner.exam_status("step3") is not ExamStatus.passed:
        note += " Step 3 is required for the full licence and you have not passed it yet."
    elif step3 is not None and not step3.known:
        note += " Whether Step 3 is required for it is not published."
    milestone = full_at[TYPICAL] is not None
    phases.append(
        Phase(
            id="pathway_full_licence",
            label=f"{ALTERNATIVE_PREFIX}full licence ({code})",
            track=ALTERNATIVE_TRACK,
            start=full_at[TYPICAL] or prov_end[TYPICAL] or begins,
            end_optimistic=full_at[0],
            end_typical=full_at[1],
            end_conservative=full_at[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, full.sources if full else (), step3.sources if step3 else (), a.law_sources),
            note=note,
            milestone=milestone,
            start_optimistic=full_at[0] if milestone else None,
            start_conservative=full_at[2] if milestone else None,
        )
    )
    planner.note(
        f"The rows starting “{ALTERNATIVE_PREFIX.strip()}” are a second route beside residency, not after it: "
        f"{where}, a licence without a US residency. It gives no visa or work authorization."
    )
    return phases


# --------------------------------------------------------------------------- entry point


def build_timeline(profile: Profile, book: Any, *, on: date) -> Timeline:
    """The remaining phases, dated in three lanes, for these answers on `on`."""
    planner = _Planner(profile, book, on)
    blockers = planner.blockers()
    if blockers:
        alternative = _alternative_track(planner)
        return Timeline(
            on=on,
            phases=tuple(alternative),
            lanes=tuple(
                LanePlan(lane, None, False, blockers[0], None, None, None, False, None, None) for lane in LANES
            ),
            earliest_match_year=None,
            decided_by=blockers[0],
            rule=READINESS_RULE,
            rule_sources=RULE_SOURCES,
            assumptions=tuple(planner.assumptions),
            notes=tuple(dict.fromkeys([*blockers, *planner.notes])),
            residency_track=False,
            target_state=profile.target.state,
        )
    results = [planner.lane(i) for i in range(len(LANES))]
    typical = results[TYPICAL]
    rule_sources = list(RULE_SOURCES)
    phases: list[Phase] = []
    ids = [pid for pid in _ORDER if pid in typical.segs]
    for pid in ids:
        seg = typical.segs[pid]
        others = [r.segs.get(pid) for r in results]
        yinfo = dict(typical.info)
        yinfo["match_year"] = typical.plan.match_year
        est = any(s.estimated for s in others if s)
        proj = any(s.projected for s in others if s)
        phases.append(
            Phase(
                id=pid,
                label=_label(pid, planner, typical.info, yinfo),
                track=RESIDENCY_TRACK,
                start=seg.start,
                end_optimistic=others[0].end if others[0] else seg.end,
                end_typical=seg.end,
                end_conservative=others[2].end if others[2] else seg.end,
                estimated=est,
                projected=proj,
                sources=_dedupe(seg.sources),
                note=_note(pid, planner, typical.info, yinfo, seg),
                milestone=pid == "match_day",
                start_optimistic=others[0].start if others[0] else None,
                start_conservative=others[2].start if others[2] else None,
            )
        )
    phases.sort(key=lambda ph: (ph.start, _ORDER.index(ph.id)))
    _explain(planner, results, on)
    phases.extend(_alternative_track(planner))  # its own rows, after the residency track
    tp = typical.plan
    if tp.match_year is not None:
        cycle = planner.cal.cycle(tp.match_year) if planner.cal else None
        rule_sources.extend(getattr(cycle, "sources", ()) or ())
    return Timeline(
        on=on,
        phases=tuple(phases),
        lanes=tuple(r.plan for r in results),
        earliest_match_year=tp.match_year,
        decided_by=tp.decided_by,
        rule=READINESS_RULE,
        rule_sources=_dedupe(rule_sources),
        assumptions=tuple(planner.assumptions),
        notes=tuple(planner.notes),
        residency_track=True,
        specialty_years=typical.info.get("residency_years"),
        target_state=profile.target.state,
    )


def _explain(planner: _Planner, results: list[_LaneResult], on: date) -> None:
    """Notes a person needs to read the plan honestly."""
    p = planner.p
    typical = results[TYPICAL]
    years = [r.plan.match_year for r in results]
    if len(set(years)) > 1:
        planner.note(
            "The lanes land in different Match cycles: "
            + ", ".join(f"{LANES[i]} {y or 'none'}" for i, y in enumerate(years))
            + ". Each lane uses its own study and processing times."
        )
    y = typical.plan.match_year
    if y is None or planner.cal is None:
        return
    if typical.plan.projected:
        planner.note(
            f"The {y} Match calendar is not published yet; its dates are projected from "
            "the usual yearly pattern and shown as projected."
        )
    # Strictly eligible for the previous Match but not competitive: say so.
    prev = y - 1
    prev_review = planner.cal.event(prev, "eras_programs_review")
    prev_rol = planner.cal.event(prev, "rank_list_deadline")
    ready = typical.plan.ready_on or on
    if prev_review.value and prev_rol.value and prev_review.value < max(ready, on) <= prev_rol.value:
        if typical.plan.ready_on is None:
            planner.note(
                f"If you have already applied in the current season (the {prev} Match), you can "
                f"still be ranked if every requirement is met by the rank-list deadline "
                f"({'about ' if prev_rol.estimated else ''}{fmt(prev_rol.value)}). This plan assumes "
                "you have not applied yet."
            )
        else:
            planner.note(
                f"Strictly, results by the {prev} rank-list deadline "
                f"({'about ' if prev_rol.estimated else ''}{fmt(prev_rol.value)}) would let you be "
                f"ranked in the {prev} Match, but programs begin reviewing in September and rarely "
                f"interview applicants without a Step 2 CK score, so the plan aims at {y}."
            )
    target = p.target.match_year
    if target is not None and target < y:
        planner.note(
            f"You aim for the {target} Match. On typical timings that is not reachable; the typical lane lands in {y}."
        )
    elif target is not None and target > y:
        planner.note(f"You aim for the {target} Match; on typical timings you could be ready for {y}.")
    if p.status.us_status is UsStatus.needs_visa:
        planner.note(
            "A visa does not change the exam dates; between Match Day and 1 July the "
            "visa process (J-1 through ECFMG, or H-1B) has to fit."
        )


__all__ = [
    "ALTERNATIVE_PREFIX",
    "ALTERNATIVE_TRACK",
    "LANES",
    "READINESS_RULE",
    "RESIDENCY_TRACK",
    "RULE_SOURCES",
    "LanePlan",
    "Phase",
    "Span",
    "Timeline",
    "build_timeline",
    "fmt",
]
