"""What a judgement of one pathway is: the verdicts, the requirement checks and the assessment.

Owns: `Verdict` (appears to qualify / could qualify / does not qualify / unknown) and how it follows
from the checks (`verdict_of`, `fits`), `Check` and `RequirementCheck` (one requirement against one
person), `StageFact`, `Assessment` (everything one view shows about one pathway for one person),
and the notes said beside every pathway (`NO_VISA`, `LAG_NOTE`) and the labels of statuses.

Must not know: the answers model, how a requirement is checked, or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from wizard.domain.states import ImplementationStatus, PathwayKind
from wizard.engine.provenance import Source

#: Said beside every pathway, in every view.
NO_VISA = (
    "These state pathways give no visa and no work authorization. Getting permission to work in "
    "the USA (for example an H-1B petition filed by the employer, or a green card) is yours to "
    "arrange, usually with the employer and an immigration attorney."
)
#: Said wherever a pathway's status is shown.
LAG_NOTE = (
    "A law on the books is not a licence you can apply for: boards often need a year or more to "
    "write rules and open applications, and few licences have been issued so far."
)

STATUS_LABELS: dict[ImplementationStatus, str] = {
    ImplementationStatus.law_only: "law passed, no rules yet",
    ImplementationStatus.rules_pending: "rules being written",
    ImplementationStatus.accepting_applications: "accepting applications",
    ImplementationStatus.licences_issued: "licences issued",
    ImplementationStatus.unknown: "status unknown",
}


class Verdict(StrEnum):
    qualifies = "qualifies"
    could_qualify = "could_qualify"
    does_not_qualify = "does_not_qualify"
    unknown = "unknown"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.qualifies: "appears to qualify",
    Verdict.could_qualify: "could qualify",
    Verdict.does_not_qualify: "does not qualify",
    Verdict.unknown: "unknown",
}
VERDICT_RANK = {Verdict.qualifies: 0, Verdict.could_qualify: 1, Verdict.unknown: 2, Verdict.does_not_qualify: 3}


class Check(StrEnum):
    met = "met"
    missing = "missing"  # something the person can still get: named in `pieces`
    not_met = "not_met"  # rules the person out for now
    unknown = "unknown"
    not_required = "not_required"


class UnknownBecause(StrEnum):
    answer = "answer"  # the person has not answered
    state = "state"  # the state has not published it, or it was not confirmed


@dataclass(frozen=True)
class RequirementCheck:
    key: str
    label: str
    status: Check
    yours: str
    state: str
    detail: str = ""
    pieces: tuple[str, ...] = ()
    unknown_because: UnknownBecause | None = None
    decisive: bool = True  # for unknowns: could it change the verdict for this person?
    asks: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class StageFact:
    """One fact about the provisional stage or the full licence, as words, with its sources."""

    label: str
    value: Any
    text: str
    known: bool
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Assessment:
    code: str
    state_name: str
    pathway: str
    kind: PathwayKind
    verdict: Verdict
    headline: str
    checks: tuple[RequirementCheck, ...]
    missing_pieces: tuple[str, ...]
    blockers: tuple[str, ...]
    to_confirm: tuple[str, ...]
    answers_needed: tuple[str, ...]
    law: str | None
    law_sources: tuple[Source, ...]
    summary: str | None
    status: ImplementationStatus
    status_label: str
    status_note: str | None
    status_sources: tuple[Source, ...]
    can_apply_now: bool | None
    stages: tuple[StageFact, ...]
    provisional_years: float | None
    years_to_full: float | None
    location_limits: str | None
    sources: tuple[Source, ...]
    oldest_as_of: date | None
    stale: bool
    is_target: bool
    visa_note: str = NO_VISA
    lag_note: str = LAG_NOTE

    @property
    def limited(self) -> bool:
        return self.kind is PathwayKind.limited

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def only_missing_job_offer(self) -> bool:
        return self.verdict is Verdict.could_qualify and fits(list(self.checks), self.verdict)


def verdict_of(checks: list[RequirementCheck]) -> Verdict:
    if any(c.status is Check.not_met for c in checks):
        return Verdict.does_not_qualify
    if any(c.status is Check.unknown and c.decisive for c in checks):
        return Verdict.unknown
    if any(c.status is Check.missing for c in checks):
        return Verdict.could_qualify
    return Verdict.qualifies


def fits(checks: list[RequirementCheck], verdict: Verdict) -> bool:
    """Appears to qualify, or would with a job offer only."""
    if verdict is Verdict.qualifies:
        return True
    return verdict is Verdict.could_qualify and all(c.key == "job_offer" for c in checks if c.status is Check.missing)
