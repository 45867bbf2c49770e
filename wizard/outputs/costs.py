"""What the road still costs this person: the fees of the fee table that they have not paid yet,
by phase and by year, each line with why it applies and its source.

Owns: `estimate_costs` (pure: answers, fee table, the Match year and the date are arguments),
`costs_for` (the same for a rule book, taking the Match year from the timeline: what the plan, the
PDF, the CLI, the cohort and a what-if comparison call), `CostLine`, `CostEstimate` and its plain
data form. The small API a what-if needs: `costs_for(profile, book, on=...)` gives `.low` and
`.high` (US dollars, applicant-paid, known fees only) and `.unknown` (the fees nobody has
published), so two answer sets compare as two totals.

Honesty rules:
* Only what is still to pay: a passed or booked exam, a Pathway already applied for, an ECFMG
  certificate held are not charged again; an unanswered question is counted as still to pay and
  says so.
* A fee nobody has published is listed as unknown, never added as a guess; the total says which
  fees it leaves out.
* A range only where the person's own choice decides it (how many programs; J-1 or H-1B).
* Fees the employer pays (H-1B petition fees) are shown, never added to the person's total.

Must not know: Streamlit or the clock (`on` is an argument).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wizard.domain.profile import MAX_ATTEMPTS_PER_STEP, ClinicalSkillsRoute, ExamStatus, OetStatus, Profile, UsStatus
from wizard.domain.profile import VisaPreference as Visa
from wizard.domain.tables import Fee, FeesFile, Tables
from wizard.engine.provenance import Source

PHASES: dict[str, str] = {
    "exams": "Exams",
    "certification": "ECFMG certification",
    "application": "Applying and the Match",
    "visa": "Visa",
    "licence": "Step 3 and the licence",
}

#: What no line counts, said wherever a total is shown.
NOT_INCLUDED: tuple[str, ...] = (
    "travel to interviews, to Step 3 (taken in the USA only) and to the USA",
    "preparation courses, question banks and books",
    "US clinical experience, observerships and electives",
    "living costs, relocation and health insurance",
    "document translation, notarisation, courier and bank charges",
    "rescheduling, extension and region-change fees",
    "fees paid in another currency (they are listed, not converted)",
)

#: Below this many programs ERAS charges its lowest price; the low end of the range when the
#: number is not answered.
CHEAPEST_TIER_PROGRAMS = 30


@dataclass(frozen=True)
class CostLine:
    fee_id: str
    label: str
    phase: str
    year: int | None  # None: the year is not known yet
    low: float | None  # US dollars; None: the amount is unknown
    high: float | None
    why: str
    sources: tuple[Source, ...]
    in_total: bool = True  # False: shown, but paid by the employer or in another currency
    amount_text: str = ""  # how the amount is shown when it is not plain US dollars
    unknown_reason: str | None = None
    note: str | None = None
    stale: bool = False

    @property
    def known(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class CostEstimate:
    on: date
    lines: tuple[CostLine, ...]
    programs: int | None  # the answered number of programs, or None (a range is shown)
    programs_hint: int | None
    programs_hint_label: str
    programs_hint_sources: tuple[Source, ...]
    not_included: tuple[str, ...] = NOT_INCLUDED
    notes: tuple[str, ...] = field(default=())

    @property
    def counted(self) -> tuple[CostLine, ...]:
        return tuple(line for line in self.lines if line.in_total)

    @property
    def low(self) -> float:
        return sum(line.low for line in self.counted if line.low is not None)

    @property
    def high(self) -> float:
        return sum(line.high for line in self.counted if line.high is not None)

    @property
    def unknown(self) -> tuple[str, ...]:
        """The fees the total leaves out because nobody has published them."""
        return tuple(line.label for line in self.counted if not line.known)

    def by_year(self) -> list[tuple[int | None, float, float]]:
        """(year, low, high) for each year with a counted fee, in order; None (year unknown) last."""
        years: dict[int | None, list[float]] = {}
        for line in self.counted:
            if line.known:
                low_high = years.setdefault(line.year, [0.0, 0.0])
                low_high[0] += line.low or 0.0
                low_high[1] += line.high or 0.0
        order = sorted((y for y in years if y is not None), key=int) + ([None] if None in years else [])
        return [(y, years[y][0], years[y][1]) for y in order]

    def by_phase(self) -> list[tuple[str, float, float]]:
        out: list[tuple[str, float, float]] = []
        for key, name in PHASES.items():
            lines = [line for line in self.counted if line.phase == key and line.known]
            if lines:
                out.append((name, sum(x.low or 0.0 for x in lines), sum(x.high or 0.0 for x in lines)))
        return out


# --------------------------------------------------------------------------- building lines


def _usd(x: float) -> str:
    return f"US${x:,.0f}"


def money(low: float | None, high: float | None) -> str:
    """A fee or a total as words: "US$985", "US$330 to US$1,700", or "unknown"."""
    if low is None or high is None:
        return "unknown"
    return _usd(low) if low == high else f"{_usd(low)} to {_usd(high)}"


class _Lines:
    def __init__(self, fees: FeesFile, on: date) -> None:
        self.fees = fees
        self.on = on
        self.out: list[CostLine] = []

    def add(
        self,
        fee_id: str,
        why: str,
        year: int | None,
        *,
        label: str | None = None,
        fee: Fee | None = None,
        chosen: bool = True,
    ) -> None:
        """One line for `fee_id`; `chosen` False when a choice not yet made decides it (low end 0)."""
        fee = fee or self.fees.fee(fee_id)
        if fee is None:  # the table is checked at load; a missing record is a table edit in progress
            return
        foreign = fee.currency != "USD"
        employer = fee.payer == "employer"
        amount = fee.amount
        high = None if amount is None or foreign else amount
        low = high if chosen or high is None else 0.0
        text = ""
        if foreign and amount is not None:
            text = f"{fee.currency} {amount:,.0f} (not converted)"
        if employer:
            why += " Paid by the employer who files the petition, so not in your total."
        self.out.append(
            CostLine(
                fee_id=fee.id,
                label=label or fee.label,
                phase=fee.phase,
                year=year,
                low=low,
                high=high,
                why=why + (f" Contested: {fee.contested}" if fee.contested else ""),
                sources=tuple(fee.sources),
                in_total=not (foreign or employer),
                amount_text=text,
                unknown_reason=fee.unknown_reason,
                note=fee.note,
                stale=any(s.is_stale(self.on) for s in fee.sources),
            )
        )


def _step_line(lines: _Lines, p: Profile, step: str, fee_id: str, name: str, year: int) -> None:
    exam = p.exams.step(step)
    if exam.status is ExamStatus.passed:
        return
    if exam.status is ExamStatus.scheduled:
        return  # booked: the fee is paid with the application
    if exam.status is ExamStatus.failed:
        if (exam.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP:
            return  # no further attempt is allowed: nothing to pay, and the plan says why
        lines.add(fee_id, f"You have not passed {name} yet: another attempt is a new application and fee.", year)
        return
    if exam.status is None:
        lines.add(fee_id, f"Your {name} result is not answered, so it is counted as still to pay.", year)
        return
    lines.add(fee_id, f"You still have to take {name}.", year)


def _needs_pathway(p: Profile) -> bool:
    return p.exams.ecfmg_certified is not True and p.exams.clinical_skills not in (
        ClinicalSkillsRoute.pathway_accepted,
        ClinicalSkillsRoute.step2cs_passed,
    )


def _exam_lines(lines: _Lines, p: Profile, year: int, application_year: int | None) -> None:
    certified = p.exams.ecfmg_certified is True
    if not certified:
        steps = (p.exams.step1.status, p.exams.step2ck.status)
        if all(s in (None, ExamStatus.not_started, ExamStatus.preparing) for s in steps):
            lines.add(
                "ecfmg_application",
                "Needed before your first USMLE application; you have not registered for a Step yet.",
                year,
            )
        _step_line(lines, p, "step1", "usmle_step1", "Step 1", year)
        _step_line(lines, p, "step2ck", "usmle_step2ck", "Step 2 CK", year)
        if any(line.fee_id in ("usmle_step1", "usmle_step2ck") for line in lines.out):
            lines.add(
                "usmle_international_surcharge",
                "Added to each Step 1 or Step 2 CK taken outside the USA and Canada.",
                year,
            )
    if not _needs_pathway(p):
        return
    when = application_year if application_year is not None else year
    oet = p.exams.oet.status
    if oet not in (OetStatus.passed, OetStatus.scheduled):
        why = "The Pathways require OET Medicine" + (
            "; your last sitting did not reach the scores, so another sitting is a new fee."
            if oet is OetStatus.failed
            else "; you have not booked or passed it."
        )
        lines.add("oet_medicine", why, when)
    if p.exams.clinical_skills is not ClinicalSkillsRoute.pathway_applied:
        lines.add(
            "pathways_application",
            "You meet ECFMG's clinical skills requirement through a Pathway, applied for in the season "
            "before your Match.",
            when,
        )


def _programs_line(lines: _Lines, p: Profile, hint: int | None, year: int | None) -> None:
    eras = lines.fees.fee("eras_applications")
    if eras is None:
        return
    chosen = p.target.programs_to_apply
    low: float | None
    high: float | None
    if chosen is not None:
        cost = eras.for_programs(chosen)
        why = f"You plan to apply to {chosen} programs (one specialty)."
        low = high = cost
    elif hint is not None:
        low, high = eras.for_programs(min(CHEAPEST_TIER_PROGRAMS, hint)), eras.for_programs(hint)
        why = (
            f"Depends on how many programs you apply to (not answered): from {min(CHEAPEST_TIER_PROGRAMS, hint)} "
            f"programs (ERAS's lowest price) to {hint}, the typical number for IMGs (see its source)."
        )
    else:
        low = high = None
        why = "Depends on how many programs you apply to, which is not answered."
    lines.out.append(
        CostLine(
            fee_id=eras.id,
            label=eras.label,
            phase=eras.phase,
            year=year,
            low=low,
            high=high,
            why=why,
            sources=tuple(eras.sources),
            note=eras.note,
            stale=any(s.is_stale(lines.on) for s in eras.sources),
        )
    )


def _visa_lines(lines: _Lines, p: Profile, match_year: int | None, training_years: int | None) -> None:
    if p.status.us_status is not UsStatus.needs_visa:
        return
    start = match_year
    preference = p.status.visa_preference
    if preference is Visa.h1b:
        lines.add("visa_application_h", "You prefer an H-1B: the visa application at a US consulate.", start)
        for fee_id in ("h1b_petition", "h1b_asylum_program", "h1b_acwia", "h1b_fraud_prevention"):
            lines.add(fee_id, "The residency program files an H-1B petition for you.", start)
        lines.add(
            "h1b_proclamation_payment",
            "Applies to a new petition for someone outside the USA without a valid H-1B visa.",
            start,
        )
        return
    j1 = preference is Visa.j1
    prefix = (
        "You prefer a J-1, sponsored by ECFMG for residents: "
        if j1
        else "If you take a J-1 (your visa choice is not made yet, so the range runs from nothing to this): "
    )
    lines.add("sevis_i901_j", prefix + "the SEVIS fee, once.", start, chosen=j1)
    lines.add("visa_application_j", prefix + "the visa application at a US consulate.", start, chosen=j1)
    length = f" of {training_years})." if training_years else "; the length of your training is not known)."
    for i in range(training_years or 1):
        lines.add(
            "ecfmg_j1_sponsorship",
            prefix + f"ECFMG's sponsorship application, renewed every training year (year {i + 1}{length}",
            None if start is None else start + i,
            chosen=j1,
        )


def estimate_costs(
    profile: Profile,
    fees: FeesFile,
    *,
    on: date,
    match_year: int | None,
    training_years: int | None = None,
    gme_years: int | None = None,
) -> CostEstimate:
    """The fees this person still has to pay, from `on` to a full licence.

    `match_year` is the Match the plan aims at (None when it is not known: application-phase
    fees then have no year); `training_years` the length of residency (J-1 sponsorship is paid
    every year); `gme_years` the years of US training the target state requires before a full
    licence (when its licence fee falls due).
    """
    lines = _Lines(fees, on)
    now = on.year
    application = None if match_year is None else max(now, match_year - 1)
    _exam_lines(lines, profile, now, application)
    lines.add("eras_token", "Needed to open your ERAS application, once per season.", application)
    lines.add("eras_usmle_transcript", "ERAS sends your USMLE transcript to programs, once per season.", application)
    _programs_line(lines, profile, fees.programs_hint.value, application)
    lines.add("nrmp_registration", "Registering for the Main Residency Match, once per Match.", application)
    h1b = profile.status.us_status is UsStatus.needs_visa and profile.status.visa_preference is Visa.h1b
    _visa_lines(lines, profile, match_year, training_years)
    step3 = profile.exams.step3.status
    if step3 not in (ExamStatus.passed, ExamStatus.scheduled):
        if h1b:
            lines.add(
                "usmle_step3",
                "An H-1B for residency needs Step 3 passed before the petition, so before the Match.",
                application,
            )
        else:
            lines.add(
                "usmle_step3",
                "Every state requires Step 3 for a full licence; most residents take it in the first training years.",
                None if match_year is None else match_year + 1,
            )
    _licence_line(lines, profile, fees, match_year, gme_years)
    return CostEstimate(
        on=on,
        lines=tuple(lines.out),
        programs=profile.target.programs_to_apply,
        programs_hint=fees.programs_hint.value,
        programs_hint_label=fees.programs_hint.label,
        programs_hint_sources=tuple(fees.programs_hint.sources),
    )


def _licence_line(lines: _Lines, p: Profile, fees: FeesFile, match_year: int | None, gme_years: int | None) -> None:
    state = p.target.state
    when = None if match_year is None or gme_years is None else match_year + gme_years
    fee = fees.licence_fee(state) if state else None
    if fee is not None:
        training = f"{gme_years} years of US training" if gme_years else "the US training it requires"
        lines.add(fee.id, f"The licence application in your target state, after {training}.", when, fee=fee)
        return
    reason = (
        "no target state chosen" if state is None else f"{state}'s licence fee is not recorded in the fee table yet"
    )
    lines.out.append(
        CostLine(
            fee_id="licence_application",
            label="State licence application" + (f" ({state})" if state else ""),
            phase="licence",
            year=when,
            low=None,
            high=None,
            why="A full licence is applied for and paid in the state where you will practise.",
            sources=(),
            unknown_reason=reason,
        )
    )


def costs_for(profile: Profile, book: Any, *, on: date, timeline: Any = None) -> CostEstimate | None:
    """The estimate for a rule book (its fee table, its state data) and the plan's timeline.

    None when the rule book has no fee table. `timeline` is the person's timeline when the caller
    has it already; otherwise it is built here.
    """
    tables: Tables | None = getattr(book, "data", None)
    if tables is None or getattr(tables, "fees", None) is None:
        return None
    if timeline is None:
        from wizard.outputs.timeline import build_timeline

        timeline = build_timeline(profile, book, on=on)
    gme = None
    states = getattr(book, "states", None)
    if states is not None and profile.target.state and profile.target.state in states:
        gme = states.get(profile.target.state).gme.img_years.value
    return estimate_costs(
        profile,
        tables.fees,
        on=on,
        match_year=timeline.earliest_match_year,
        training_years=timeline.specialty_years,
        gme_years=gme,
    )


# --------------------------------------------------------------------------- plain data


def _source(s: Source) -> dict[str, Any]:
    return s.model_dump(mode="json", exclude_none=True)


def costs_as_dict(estimate: CostEstimate) -> dict[str, Any]:
    """The estimate as JSON-ready data (the CLI's `evaluate --format json` carries it as `costs`)."""
    return {
        "currency": "USD",
        "total_low": estimate.low,
        "total_high": estimate.high,
        "unknown_fees": list(estimate.unknown),
        "by_year": [{"year": y, "low": lo, "high": hi} for y, lo, hi in estimate.by_year()],
        "by_phase": [{"phase": ph, "low": lo, "high": hi} for ph, lo, hi in estimate.by_phase()],
        "programs_to_apply": estimate.programs,
        "lines": [
            {
                "fee": line.fee_id,
                "label": line.label,
                "phase": PHASES[line.phase],
                "year": line.year,
                "low": line.low,
                "high": line.high,
                "in_total": line.in_total,
                "amount_text": line.amount_text or money(line.low, line.high),
                "why": line.why,
                "unknown_reason": line.unknown_reason,
                "possibly_stale": line.stale,
                "sources": [_source(s) for s in line.sources],
            }
            for line in estimate.lines
        ],
        "not_included": list(estimate.not_included),
    }


def summary(estimate: CostEstimate) -> str:
    """One sentence: the total still to pay, with what it leaves out."""
    text = f"Still to pay in fees: {money(estimate.low, estimate.high)}"
    if estimate.unknown:
        text += f", plus fees not yet published ({_join(estimate.unknown)})"
    return text + "."


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)
