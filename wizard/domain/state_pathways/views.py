"""What the plan, the PDF and the compare page show of the state pathways.

Owns: the GME years a state requires of IMGs (`gme_requirement`), the summary the plan page and
the PDF show (`state_pathways_for`), the plain-data form of an assessment (`assessment_as_dict`)
and the rough "years to a full licence" estimates the compare page charts (`route_estimates`).

Must not know: how a requirement is checked or a verdict reached (it reads `judgement`'s
assessments), Streamlit or the clock (the caller passes `on`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wizard.domain.profile import Profile
from wizard.domain.state_pathways.judgement import assess, fitting_states
from wizard.domain.state_pathways.verdicts import LAG_NOTE, NO_VISA, VERDICT_RANK, Assessment, Verdict
from wizard.domain.state_pathways.wording import number_text, years_text
from wizard.domain.states import StateBook
from wizard.engine.implications import apply_implications
from wizard.engine.provenance import Source
from wizard.engine.rulebook import RuleBook

# --------------------------------------------------------------------------- GME


@dataclass(frozen=True)
class GmeRequirement:
    code: str | None
    state_name: str | None
    years: int | None
    us_years: int | None
    sources: tuple[Source, ...]
    note: str | None
    unknown_reason: str | None
    training_abroad_counts: bool | None = None

    @property
    def known(self) -> bool:
        return self.years is not None

    def text(self) -> str:
        if self.code is None:
            return self.unknown_reason or "unknown"
        if self.years is None:
            return f"{self.state_name}: GME years for IMGs unknown — {self.unknown_reason}"
        us = f" (US graduates: {years_text(self.us_years)})" if self.us_years is not None else ""
        return f"{self.state_name}: {years_text(self.years)} of accredited US or Canadian GME for IMGs{us}"


def gme_requirement(profile: Profile | None, states: StateBook | None, code: str | None = None) -> GmeRequirement:
    """Years of US/Canadian GME the state (default: the target state) requires of IMGs."""
    code = code or (profile.target.state if profile is not None else None)
    if code is None:
        return GmeRequirement(None, None, None, None, (), None, "no target state chosen")
    if states is None:
        return GmeRequirement(code, None, None, None, (), None, "the state licensing data is not loaded")
    if code not in states:
        return GmeRequirement(code, None, None, None, (), None, f"{code} is not one of the 54 jurisdictions")
    r = states.get(code)
    f = r.gme.img_years
    return GmeRequirement(
        code=r.code,
        state_name=r.name,
        years=f.value,
        us_years=r.gme.us_years.value,
        sources=tuple(f.sources),
        note=f.note,
        unknown_reason=f.unknown_reason,
        training_abroad_counts=r.gme.training_abroad_counts.value,
    )


# --------------------------------------------------------------------------- what the plan shows


@dataclass(frozen=True)
class StatePathways:
    on: date
    target: str | None
    target_name: str | None
    target_has_pathway: bool | None
    for_target: tuple[Assessment, ...]  # the target state's full pathways, then its limited ones
    elsewhere: tuple[Assessment, ...]  # full pathways in other states that fit (qualifies / job offer only)
    fitting_count: int
    assessments: tuple[Assessment, ...] = field(repr=False)
    gme: GmeRequirement | None = None
    visa_note: str = NO_VISA
    lag_note: str = LAG_NOTE


def _book_states(book: Any) -> StateBook | None:
    if isinstance(book, StateBook):
        return book
    return getattr(book, "states", None)


def state_pathways_for(profile: Profile, book: Any, *, on: date) -> StatePathways:
    """The pathway part of a plan: the target state's routes, other states that fit, GME years.

    `book` is a RuleBook (its `.states` is used, and what other answers settle counts as
    answered, see rules/implications.json) or a StateBook.
    """
    if isinstance(book, RuleBook):
        profile = apply_implications(book, profile, on).answers
    states = _book_states(book)
    target = profile.target.state
    if states is None:
        return StatePathways(on, target, None, None, (), (), 0, (), gme_requirement(profile, None))
    all_ = tuple(assess(profile, states, on=on))
    name = None
    has = None
    if target and target in states:
        record = states.get(target)
        name = record.name
        has = True if record.full_pathways else (False if record.alternative_pathway_law.value is False else None)
    mine = tuple(a for a in all_ if a.is_target)
    fitting = fitting_states(all_)
    elsewhere = tuple(a for a in all_ if not a.limited and not a.is_target and a.code in fitting)
    return StatePathways(
        on=on,
        target=target,
        target_name=name,
        target_has_pathway=has,
        for_target=mine,
        elsewhere=elsewhere,
        fitting_count=len(fitting),
        assessments=all_,
        gme=gme_requirement(profile, states),
    )


# --------------------------------------------------------------------------- plain data


def _source_dict(s: Source) -> dict[str, Any]:
    return s.model_dump(mode="json", exclude_none=True)


def assessment_as_dict(a: Assessment) -> dict[str, Any]:
    return {
        "state": a.code,
        "state_name": a.state_name,
        "pathway": a.pathway,
        "kind": a.kind.value,
        "verdict": a.verdict.value,
        "verdict_label": a.verdict_label,
        "headline": a.headline,
        "missing": list(a.missing_pieces),
        "blockers": list(a.blockers),
        "to_confirm": list(a.to_confirm),
        "answers_needed": list(a.answers_needed),
        "requirements": [
            {
                "requirement": c.label,
                "status": c.status.value,
                "yours": c.yours,
                "state": c.state,
                "detail": c.detail,
                **({"unknown_because": c.unknown_because.value} if c.unknown_because else {}),
            }
            for c in a.checks
        ],
        "law": a.law,
        "status": a.status.value,
        "status_label": a.status_label,
        "can_apply_now": a.can_apply_now,
        "stages": {s.label: s.text for s in a.stages},
        "provisional_years": a.provisional_years,
        "years_to_full": a.years_to_full,
        "location_limits": a.location_limits,
        "visa": a.visa_note,
        "oldest_as_of": a.oldest_as_of.isoformat() if a.oldest_as_of else None,
        "possibly_stale": a.stale,
        "sources": [_source_dict(s) for s in a.sources],
    }


# --------------------------------------------------------------------------- estimates for the compare page


@dataclass(frozen=True)
class RouteEstimate:
    code: str
    route: str  # "residency" or "pathway"
    years: float | None
    why: str


def years_until(start: date | None, on: date) -> float | None:
    if start is None:
        return None
    return max(0.0, round((start - on).days / 365.25, 1))


def route_estimates(
    profile: Profile,
    book: Any,
    codes: Iterable[str],
    *,
    on: date,
    residency_start: date | None,
    specialty_years: int | None = None,
    board_certification: bool = False,
    assessments: Iterable[Assessment] | None = None,
) -> list[RouteEstimate]:
    """Rough years from `on` to a full licence in each state, on each route, for this person.

    Residency route: years until `residency_start` (from the timeline) plus the state's GME years
    for IMGs, or the specialty's length when the person wants board certification. Pathway route:
    the provisional years to a full licence, only where the person appears to qualify or could.
    Unknown stays None (shown as unknown), never 0.
    """
    states = _book_states(book)
    if states is None:
        return []
    lead = years_until(residency_start, on)
    by_code: dict[str, list[Assessment]] = {}
    for a in assessments if assessments is not None else assess(profile, states, on=on):
        by_code.setdefault(a.code, []).append(a)
    out: list[RouteEstimate] = []
    for code in codes:
        if code not in states:
            continue
        r = states.get(code)
        gme = r.gme.img_years.value
        training = specialty_years if board_certification else gme
        if lead is None:
            out.append(RouteEstimate(r.code, "residency", None, "earliest residency start unknown"))
        elif training is None:
            what = "specialty length" if board_certification else "GME years for IMGs"
            out.append(RouteEstimate(r.code, "residency", None, f"{what} unknown"))
        else:
            what = "specialty length" if board_certification else "state GME years"
            out.append(
                RouteEstimate(
                    r.code,
                    "residency",
                    round(lead + training, 1),
                    f"{number_text(lead)} years until residency starts + {years_text(training)} ({what})",
                )
            )
        fits = [
            a
            for a in by_code.get(r.code, [])
            if not a.limited and a.verdict in (Verdict.qualifies, Verdict.could_qualify)
        ]
        if fits:
            best = min(
                fits, key=lambda a: (VERDICT_RANK[a.verdict], a.years_to_full if a.years_to_full is not None else 99)
            )
            if best.years_to_full is None:
                out.append(RouteEstimate(r.code, "pathway", None, "years to a full licence not published"))
            else:
                out.append(
                    RouteEstimate(
                        r.code,
                        "pathway",
                        float(best.years_to_full),
                        f"{years_text(best.years_to_full)} from the provisional licence to a full one; finding the job and "
                        f"being licensed not counted ({best.verdict_label})",
                    )
                )
    return out
