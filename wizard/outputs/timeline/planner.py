"""What every part of the timeline reads while planning: the answers, the rule book and the
evaluation date, plus the assumptions and notes collected on the way.

Owns: `Planner` (the answers as the plan reads them: a missing answer becomes a stated
assumption), `Seg` (one dated piece of one lane), and `blockers` (answers that close the
residency route).

Must not know: the order of the phases, the cycle-alignment rule, how phases are worded,
Streamlit or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.domain.profile import (
    MAX_ATTEMPTS_PER_STEP,
    Enrolment,
    ExamStatus,
    Profile,
    StepExam,
    UsStatus,
    VisaPreference,
)
from wizard.engine.provenance import Source
from wizard.outputs.timeline.durations import Span, resolve_span
from wizard.outputs.timeline.match_calendar import MatchCalendar

STEP_TITLES = {"step1": "Step 1", "step2ck": "Step 2 CK", "step3": "Step 3"}


@dataclass
class Seg:
    """One dated piece of one lane, before it becomes a `Phase`."""

    start: date
    end: date | None
    estimated: bool = False
    projected: bool = False
    sources: tuple[Source, ...] = ()


class Planner:
    def __init__(self, profile: Profile, book: Any, on: date):
        self.p = profile
        self.book = book
        self.on = on
        self.tables = getattr(book, "data", None)
        self.cal = MatchCalendar(self.tables) if self.tables is not None else None
        self.assumptions: dict[str, None] = {}
        self.notes: dict[str, None] = {}
        self._spans: dict[str, Span] = {}

    def assume(self, text: str) -> None:
        self.assumptions.setdefault(text, None)

    def note(self, text: str) -> None:
        self.notes.setdefault(text, None)

    def span(self, duration_id: str) -> Span:
        if duration_id not in self._spans:
            s = resolve_span(self.tables, duration_id)
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
        exams = self.p.exams
        if exams.ecfmg_certified is None and exams.step3.status in (ExamStatus.scheduled, ExamStatus.passed):
            # rules/implications.json settles this for a known IMG; with the school kind unanswered
            # the timeline plans for an IMG (as everywhere else) and says what it assumed.
            self.assume(
                "ECFMG certificate: not answered; you have a Step 3 date or pass, which an international "
                "graduate can have only once certified, so the plan takes your certificate as in hand."
            )
            return True
        return bool(exams.ecfmg_certified)

    def exam_status(self, name: str) -> ExamStatus:
        exam: StepExam = getattr(self.p.exams, name)
        if exam.status is None:
            self.assume(f"{STEP_TITLES[name]}: not answered, so the plan assumes you have not started it.")
            return ExamStatus.not_started
        return exam.status

    def graduation(self) -> date | None:
        d = self.p.degree
        if d.enrolment is Enrolment.student:
            if d.graduation_year is None:
                self.assume("Graduation year: not answered; the plan cannot check that you graduate before residency.")
                return None
            self.assume(f"You are a student: the plan assumes you graduate by 30 June {d.graduation_year}.")
            return date(d.graduation_year, 6, 30)
        return None

    def wants_h1b(self) -> bool:
        return self.p.status.us_status is UsStatus.needs_visa and self.p.status.visa_preference is VisaPreference.h1b

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


def blockers(p: Profile) -> list[str]:
    """Answers that close the residency route, each as the sentence the person reads.

    Blockers declared in the rule book (a rule whose gate "blocks") are added by `build_timeline`.
    """
    out = []
    for name in ("step1", "step2ck"):
        exam: StepExam = getattr(p.exams, name)
        if exam.status is not ExamStatus.passed and (exam.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP:
            out.append(
                f"You have {exam.failed_attempts} failed attempts at {STEP_TITLES[name]} without a pass. "
                f"USMLE allows {MAX_ATTEMPTS_PER_STEP} attempts at a Step, and someone with "
                f"{MAX_ATTEMPTS_PER_STEP} failed attempts cannot apply for any Step, so ECFMG "
                "certification and the residency route are closed. Look at the alternative "
                "licence routes some states offer, and confirm your record with USMLE/FSMB."
            )
    return out
