"""State licence routes without a US residency, judged against one person's answers.

Owns: `assess` (every alternative full-licence pathway, and separately every limited-licence
program, checked requirement by requirement against the answers), the verdicts (appears to
qualify / could qualify with named missing pieces / does not qualify / unknown), the GME years a
state requires of IMGs (`gme_requirement`), the summary the plan page and the PDF show
(`state_pathways_for`), and the rough "years to a full licence" estimates the compare page charts
(`route_estimates`).

Honesty rules:
* A requirement whose state value is null is "unknown — not published/confirmed", never met.
* An unanswered question is "unknown — answer …", never "no".
* An unknown decides the verdict ("unknown") when it could change the outcome for this person;
  it is still listed when it could not (e.g. the state has not named its exams, but you have
  passed every Step).
* The pathways give no visa: every assessment says so.

Must not know: Streamlit or the clock (the caller passes `on`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from wizard.domain.profile import MAX_ATTEMPTS_PER_STEP, Enrolment, ExamStatus, OetStatus, Profile, UsStatus
from wizard.domain.states import (
    Fact,
    ImplementationStatus,
    Pathway,
    PathwayKind,
    StateBook,
    StateRecord,
    iter_sources,
)
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
#: The shortest ACGME residencies (family medicine, internal medicine, pediatrics) are 3 years;
#: this many years of postgraduate training abroad is read as a completed residency-length
#: training. The board still judges whether it is "substantially similar".
RESIDENCY_LENGTH_YEARS = 3.0

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
_RANK = {Verdict.qualifies: 0, Verdict.could_qualify: 1, Verdict.unknown: 2, Verdict.does_not_qualify: 3}


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
        return self.verdict is Verdict.could_qualify and _fits(list(self.checks), self.verdict)


# --------------------------------------------------------------------------- helpers


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _years(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{_num(x)} year" + ("" if x == 1 else "s")


UNKNOWN = "unknown — not published/confirmed"


def _unknown_text(fact: Fact[Any]) -> str:
    reason = _reason(fact)
    return UNKNOWN + (f" ({reason})" if reason else "")


def _reason(fact: Fact[Any]) -> str:
    return (fact.unknown_reason or "").strip() or "not stated in the sources read"


def _with_note(text: str, fact: Fact[Any]) -> str:
    return f"{text}. {fact.note}" if fact.note else text


def _dedupe(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for s in sources:
        seen.setdefault((str(s.url), s.title), s)
    return tuple(seen.values())


_STEP_FIELD = {"1": "step1", "2CK": "step2ck", "3": "step3"}
_STEP_NAME = {"1": "USMLE Step 1", "2CK": "USMLE Step 2 CK", "3": "USMLE Step 3"}


@dataclass(frozen=True)
class _You:
    """The answers the checks read, with the knock-on meanings spelled out once."""

    student: bool
    practice: float | None
    training: float | None
    specialist: bool | None
    ecfmg: bool | None
    target: str | None
    job_offer: bool | None
    us_status: UsStatus | None
    oet: OetStatus | None
    profile: Profile

    @classmethod
    def of(cls, p: Profile) -> _You:
        d = p.degree
        student = d.enrolment is Enrolment.student
        if student:
            practice, training, specialist = 0.0, 0.0, False
        else:
            practice = 0.0 if d.licensed_abroad is False else d.practice_years_abroad
            training, specialist = d.postgrad_training_years_abroad, d.specialist_certified_abroad
        ecfmg = p.exams.ecfmg_certified
        if ecfmg is None and student:
            ecfmg = False
        return cls(
            student=student,
            practice=practice,
            training=training,
            specialist=specialist,
            ecfmg=ecfmg,
            target=p.target.state,
            job_offer=p.target.job_offer_in_state,
            us_status=p.status.us_status,
            oet=p.exams.oet.status,
            profile=p,
        )

    @property
    def trained(self) -> bool | None:
        """Completed residency-length training abroad (as far as the answers show)."""
        if self.specialist is True or (self.training or 0) >= RESIDENCY_LENGTH_YEARS:
            return True
        if self.training is None and self.specialist is None:
            return None
        return False

    @property
    def judged_answers(self) -> Hashable:
        """Every answer any check reads: equal for two people means the same judgement."""
        steps = tuple(_step_state(self, s) for s in _STEP_FIELD)
        return (
            self.student,
            self.practice,
            self.training,
            self.specialist,
            self.ecfmg,
            self.target,
            self.job_offer,
            self.us_status,
            self.oet,
            steps,
        )

    @property
    def any_experience(self) -> bool | None:
        if (self.training or 0) > 0 or (self.practice or 0) > 0 or self.specialist:
            return True
        if self.training is None or self.practice is None:
            return None
        return False


# --------------------------------------------------------------------------- the checks
#
# Each check reads only a few answers. The engine asks about every state's pathway on every
# evaluation, so each check is remembered per (requirement, the answers it reads): the
# results are immutable and hold no answers beyond those few values, so they are safe to
# share between sessions.

_CHECK_CACHE_LIMIT = 50_000


def _remembered(answers_read: Callable[..., Hashable]):
    def wrap(check: Callable[..., RequirementCheck]) -> Callable[..., RequirementCheck]:
        cache: dict[tuple[int, Hashable], tuple[Any, RequirementCheck]] = {}

        def run(req: Any, you: _You, *rest: Any) -> RequirementCheck:
            key = (id(req), answers_read(you, *rest))
            hit = cache.get(key)
            if hit is None or hit[0] is not req:
                if len(cache) > _CHECK_CACHE_LIMIT:
                    cache.clear()
                hit = cache[key] = (req, check(req, you, *rest))
            return hit[1]

        return run

    return wrap


@_remembered(lambda you, most: (you.student, you.practice, most))
def _practice(req: Any, you: _You, most: float | None) -> RequirementCheck:
    fact: Fact[float] = req.min_years_practice_abroad
    label = "Years of practice abroad"
    mine = "still a student" if you.student else "not answered" if you.practice is None else _years(you.practice)
    asks = ("degree.licensed_abroad", "degree.practice_years_abroad")
    src = tuple(fact.sources)
    if fact.value is None:
        decisive = not (you.practice is not None and most is not None and you.practice >= most)
        detail = _reason(fact)
        if not decisive:
            detail += (
                f"; you have {_years(you.practice)}, and no state that publishes a minimum asks "
                f"for more than {_years(most)}"
            )
        return RequirementCheck(
            "practice",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            detail,
            unknown_because=UnknownBecause.state,
            decisive=decisive,
            sources=src,
        )
    need = float(fact.value)
    wanted = _with_note(f"at least {_years(need)}", fact)
    if need <= 0:
        return RequirementCheck("practice", label, Check.not_required, mine, wanted, sources=src)
    if you.practice is None:
        return RequirementCheck(
            "practice",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer how many years you have practised abroad",
            unknown_because=UnknownBecause.answer,
            asks=asks,
            sources=src,
        )
    if you.practice >= need:
        return RequirementCheck("practice", label, Check.met, mine, wanted, sources=src)
    if you.practice <= 0:
        why = "you are still a student" if you.student else "you have no independent practice abroad"
        return RequirementCheck(
            "practice",
            label,
            Check.not_met,
            mine,
            wanted,
            f"{why}; this pathway is for physicians with {_years(need)} of practice",
            sources=src,
        )
    piece = f"{_years(need)} of practice abroad (you have {_num(you.practice)})"
    return RequirementCheck("practice", label, Check.missing, mine, wanted, piece, (piece,), sources=src)


@_remembered(lambda you: (you.student, you.training, you.specialist, you.practice))
def _training(req: Any, you: _You) -> RequirementCheck:
    fact: Fact[bool] = req.training_abroad_required
    label = "Postgraduate training abroad"
    if you.student:
        mine = "still a student"
    elif you.training is None and you.specialist is None:
        mine = "not answered"
    else:
        mine = f"{_years(you.training)} of training" if you.training is not None else "training not answered"
        if you.specialist:
            mine += "; specialist certified"
    src = tuple(fact.sources)
    asks = ("degree.postgrad_training_years_abroad", "degree.specialist_certified_abroad")
    if fact.value is None:
        decisive = you.trained is not True
        return RequirementCheck(
            "training",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=decisive,
            sources=src,
        )
    if fact.value is False:
        wanted = _with_note("not required on its own (training or practice abroad)", fact)
        if you.any_experience is False:
            return RequirementCheck(
                "training",
                label,
                Check.not_met,
                mine,
                wanted,
                "you have neither postgraduate training nor practice abroad",
                sources=src,
            )
        return RequirementCheck("training", label, Check.not_required, mine, wanted, sources=src)
    wanted = _with_note("a residency or substantially similar training", fact)
    trained = you.trained
    if trained is True:
        return RequirementCheck(
            "training",
            label,
            Check.met,
            mine,
            wanted,
            "the board judges whether your training is substantially similar to a US residency",
            sources=src,
        )
    if trained is None:
        return RequirementCheck(
            "training",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer your years of training abroad and whether you are specialist certified",
            unknown_because=UnknownBecause.answer,
            asks=asks,
            sources=src,
        )
    if not you.training:
        return RequirementCheck(
            "training", label, Check.not_met, mine, wanted, "you have no postgraduate training abroad", sources=src
        )
    return RequirementCheck(
        "training",
        label,
        Check.unknown,
        mine,
        wanted,
        f"whether {_years(you.training)} of training counts is for the board to decide",
        unknown_because=UnknownBecause.state,
        sources=src,
    )


@_remembered(lambda you: you.ecfmg)
def _ecfmg(req: Any, you: _You) -> RequirementCheck:
    fact: Fact[bool] = req.ecfmg_certificate_required
    label = "ECFMG certificate"
    mine = {True: "certified", False: "not certified", None: "not answered"}[you.ecfmg]
    src = tuple(fact.sources)
    if fact.value is None:
        return RequirementCheck(
            "ecfmg",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=you.ecfmg is not True,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("ecfmg", label, Check.not_required, mine, _with_note("not required", fact), sources=src)
    wanted = _with_note("required", fact)
    if you.ecfmg is True:
        return RequirementCheck("ecfmg", label, Check.met, mine, wanted, sources=src)
    if you.ecfmg is None:
        return RequirementCheck(
            "ecfmg",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer whether you hold an ECFMG certificate",
            unknown_because=UnknownBecause.answer,
            asks=("exams.ecfmg_certified",),
            sources=src,
        )
    return RequirementCheck(
        "ecfmg", label, Check.missing, mine, wanted, "ECFMG certification", ("ECFMG certification",), sources=src
    )


def _step_state(you: _You, step: str) -> Check:
    exam = getattr(you.profile.exams, _STEP_FIELD[step])
    if exam.status is ExamStatus.passed:
        return Check.met
    if exam.status is None:
        return Check.unknown
    if (exam.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP:
        return Check.not_met
    return Check.missing


@_remembered(lambda you: tuple(_step_state(you, s) for s in _STEP_FIELD))
def _usmle(req: Any, you: _You) -> RequirementCheck:
    fact: Fact[tuple[str, ...]] = req.usmle_steps
    label = "USMLE Steps"
    states = {s: _step_state(you, s) for s in ("1", "2CK", "3")}
    passed = [_STEP_NAME[s].removeprefix("USMLE ") for s, c in states.items() if c is Check.met]
    mine = ("passed " + ", ".join(passed)) if passed else "none passed (or not answered)"
    src = tuple(fact.sources)
    if fact.value is None:
        every = all(c is Check.met for c in states.values())
        if not every and all(c in (Check.met, Check.missing) for c in states.values()):
            # The law names no Steps. Whatever it requires, passing the rest can only help: this
            # person could qualify once those are passed, so say that rather than "unknown".
            pieces = tuple(
                f"{_STEP_NAME[s]}, if the board requires it (the law does not name the Steps)"
                for s, c in states.items()
                if c is Check.missing
            )
            return RequirementCheck(
                "usmle",
                label,
                Check.missing,
                mine,
                UNKNOWN,
                "; ".join(pieces) + f". {_reason(fact)}",
                pieces,
                sources=src,
            )
        return RequirementCheck(
            "usmle",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=not every,
            sources=src,
        )
    steps = tuple(fact.value)
    if not steps:
        return RequirementCheck("usmle", label, Check.not_required, mine, _with_note("none named", fact), sources=src)
    wanted = _with_note(", ".join(_STEP_NAME[s] for s in steps), fact)
    needed = {s: states[s] for s in steps}
    if any(c is Check.not_met for c in needed.values()):
        barred = [_STEP_NAME[s] for s, c in needed.items() if c is Check.not_met]
        return RequirementCheck(
            "usmle",
            label,
            Check.not_met,
            mine,
            wanted,
            f"{', '.join(barred)}: four failed attempts without a pass",
            sources=src,
        )
    missing = tuple(_STEP_NAME[s] for s, c in needed.items() if c is Check.missing)
    if missing:
        return RequirementCheck("usmle", label, Check.missing, mine, wanted, "; ".join(missing), missing, sources=src)
    if any(c is Check.unknown for c in needed.values()):
        asks = tuple(f"exams.{_STEP_FIELD[s]}.status" for s, c in needed.items() if c is Check.unknown)
        return RequirementCheck(
            "usmle",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer your USMLE results",
            unknown_because=UnknownBecause.answer,
            asks=asks,
            sources=src,
        )
    return RequirementCheck("usmle", label, Check.met, mine, wanted, sources=src)


@_remembered(lambda you, record: (you.target == record.code, you.target is None, you.job_offer))
def _job_offer(req: Any, you: _You, record: StateRecord) -> RequirementCheck:
    fact: Fact[bool] = req.job_offer_required
    employer: Fact[str] = req.employer_type
    label = "Job offer"
    here = you.target == record.code
    if here:
        mine = {True: f"yes, in {record.name}", False: "no", None: "not answered"}[you.job_offer]
    else:
        mine = "not asked (your job-offer answer is about your target state)" if you.target else "not asked"
    src = _dedupe((*fact.sources, *employer.sources))
    employer_text = employer.value if employer.value is not None else "employer type " + _unknown_text(employer)
    if fact.value is None:
        decisive = not (here and you.job_offer is True)
        return RequirementCheck(
            "job_offer",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=decisive,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("job_offer", label, Check.not_required, mine, "not required", sources=src)
    wanted = f"required; {employer_text}"
    if here and you.job_offer is True:
        return RequirementCheck(
            "job_offer", label, Check.met, mine, wanted, "check that your employer is one the law accepts", sources=src
        )
    if here and you.job_offer is None:
        return RequirementCheck(
            "job_offer",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer whether you have a job offer there",
            unknown_because=UnknownBecause.answer,
            asks=("target.job_offer_in_state",),
            sources=src,
        )
    piece = f"a job offer from a qualifying employer in {record.name}"
    return RequirementCheck("job_offer", label, Check.missing, mine, wanted, piece, (piece,), sources=src)


@_remembered(lambda you: (you.oet, you.ecfmg))
def _english(req: Any, you: _You) -> RequirementCheck:
    fact: Fact[bool] = req.english_required
    label = "English proficiency"
    mine = {
        OetStatus.passed: "OET Medicine passed",
        OetStatus.failed: "OET Medicine not passed",
        OetStatus.scheduled: "OET Medicine booked",
        OetStatus.not_taken: "OET Medicine not taken",
        None: "not answered",
    }[you.oet]
    src = tuple(fact.sources)
    shown = you.oet is OetStatus.passed or you.ecfmg is True
    if fact.value is None:
        return RequirementCheck(
            "english",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=not shown,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("english", label, Check.not_required, mine, "not required", sources=src)
    wanted = _with_note("required", fact)
    if you.oet is OetStatus.passed:
        return RequirementCheck(
            "english", label, Check.met, mine, wanted, "check that the board accepts OET Medicine", sources=src
        )
    if you.oet is None:
        return RequirementCheck(
            "english",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer your OET Medicine status",
            unknown_because=UnknownBecause.answer,
            asks=("exams.oet.status",),
            sources=src,
        )
    piece = "proof of English proficiency the board accepts (for example OET Medicine)"
    return RequirementCheck("english", label, Check.missing, mine, wanted, piece, (piece,), sources=src)


_AUTHORISED = (UsStatus.citizen, UsStatus.permanent_resident, UsStatus.other_work_authorization)


@_remembered(lambda you: you.us_status)
def _work(req: Any, you: _You) -> RequirementCheck:
    fact: Fact[bool] = req.work_authorization_required
    label = "US work authorization"
    mine = {
        UsStatus.citizen: "US citizen",
        UsStatus.permanent_resident: "permanent resident",
        UsStatus.other_work_authorization: "other work authorization",
        UsStatus.needs_visa: "needs a visa",
        None: "not answered",
    }[you.us_status]
    src = tuple(fact.sources)
    if fact.value is None:
        # Not decisive: anyone working in the USA needs authorization anyway (said beside every pathway).
        return RequirementCheck(
            "work",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            _reason(fact),
            unknown_because=UnknownBecause.state,
            decisive=False,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("work", label, Check.not_required, mine, "not required by the licence law", sources=src)
    wanted = _with_note("required", fact)
    if you.us_status in _AUTHORISED:
        return RequirementCheck("work", label, Check.met, mine, wanted, sources=src)
    if you.us_status is None:
        return RequirementCheck(
            "work",
            label,
            Check.unknown,
            mine,
            wanted,
            "answer your status in the USA",
            unknown_because=UnknownBecause.answer,
            asks=("status.us_status",),
            sources=src,
        )
    piece = "US work authorization (the licence brings no visa)"
    return RequirementCheck("work", label, Check.missing, mine, wanted, piece, (piece,), sources=src)


# --------------------------------------------------------------------------- one pathway


def _stage(label: str, fact: Fact[Any], fmt=None) -> StageFact:
    if fact.value is None:
        return StageFact(label, None, _unknown_text(fact), False, tuple(fact.sources))
    text = fmt(fact.value) if fmt else str(fact.value)
    if fact.note and fmt:
        text = f"{text} ({fact.note})"
    return StageFact(label, fact.value, text, True, tuple(fact.sources))


def _stages(p: Pathway) -> tuple[StageFact, ...]:
    out: list[StageFact] = []
    if p.provisional is not None:
        out += [
            _stage("Provisional stage", p.provisional.years, _years),
            _stage("Supervision", p.provisional.supervision),
            _stage("Renewals", p.provisional.renewals),
            _stage("Where you may practise", p.provisional.location_limits),
        ]
    if p.full_licence is not None:
        out += [
            _stage("Years to a full licence", p.full_licence.years_to_full, _years),
            _stage(
                "Step 3 for the full licence",
                p.full_licence.step3_required,
                lambda v: "required" if v else "not required",
            ),
        ]
    return tuple(out)


def _verdict(checks: list[RequirementCheck]) -> Verdict:
    if any(c.status is Check.not_met for c in checks):
        return Verdict.does_not_qualify
    if any(c.status is Check.unknown and c.decisive for c in checks):
        return Verdict.unknown
    if any(c.status is Check.missing for c in checks):
        return Verdict.could_qualify
    return Verdict.qualifies


def _join(items: Iterable[str]) -> str:
    items = list(items)
    return "; ".join(items)


def _headline(
    verdict: Verdict, record: StateRecord, p: Pathway, pieces, blockers, confirm, answers, limited: bool
) -> str:
    where = f"{record.name}'s {p.name}"
    if limited and p.requirements is None:
        return (
            f"{where} is a limited licence: it does not lead to a full licence by itself. Its eligibility "
            "rules are not recorded here in a form the wizard can check, so whether you fit is unknown; "
            "read the summary and ask the board."
        )
    if verdict is Verdict.does_not_qualify:
        return f"You do not qualify for {where} now: {_join(blockers)}."
    if verdict is Verdict.qualifies:
        text = f"You appear to qualify for {where}, on what {record.name} has published."
        if confirm:
            text += f" Still to confirm with the board: {_join(confirm)}."
        return text
    if verdict is Verdict.could_qualify:
        text = f"You could qualify for {where} once you have: {_join(pieces)}."
        if confirm:
            text += f" Still to confirm with the board: {_join(confirm)}."
        return text
    parts = []
    if answers:
        parts.append(f"your answers to: {_join(answers)}")
    decisive_confirm = [c for c in confirm if c]
    if decisive_confirm:
        parts.append(f"facts {record.name} has not published or we could not confirm: {_join(decisive_confirm)}")
    text = f"Whether you qualify for {where} is unknown; it turns on " + " and on ".join(parts) + "."
    if pieces:
        text += f" You would also need: {_join(pieces)}."
    return text


# Shared by every session, and safe to share: it holds facts of the frozen state data, never answers.
_SOURCES: dict[int, tuple[Pathway, tuple[Source, ...], date | None]] = {}


def _pathway_sources(p: Pathway) -> tuple[tuple[Source, ...], date | None]:
    """Every source of a pathway, deduplicated, and the oldest as-of (computed once per pathway)."""
    entry = _SOURCES.get(id(p))
    if entry is None or entry[0] is not p:
        if len(_SOURCES) > 10_000:
            _SOURCES.clear()
        sources = _dedupe(s for _, s in iter_sources(p))
        entry = (p, sources, min((s.as_of for s in sources), default=None))
        _SOURCES[id(p)] = entry
    return entry[1], entry[2]


def _judge(
    you: _You, record: StateRecord, p: Pathway, most_practice: float | None
) -> tuple[list[RequirementCheck], Verdict]:
    """The requirement checks and the verdict: the decision, without the words around it."""
    if p.requirements is None:
        return [], Verdict.unknown
    req = p.requirements
    checks = [
        _practice(req, you, most_practice),
        _training(req, you),
        _ecfmg(req, you),
        _usmle(req, you),
        _job_offer(req, you, record),
        _english(req, you),
        _work(req, you),
    ]
    return checks, _verdict(checks)


def _fits(checks: list[RequirementCheck], verdict: Verdict) -> bool:
    """Appears to qualify, or would with a job offer only."""
    if verdict is Verdict.qualifies:
        return True
    return verdict is Verdict.could_qualify and all(c.key == "job_offer" for c in checks if c.status is Check.missing)


def assess_pathway(
    profile: Profile, record: StateRecord, p: Pathway, *, on: date, most_practice: float | None = None
) -> Assessment:
    checks, verdict = _judge(_You.of(profile), record, p, most_practice)
    pieces = tuple(dict.fromkeys(piece for c in checks if c.status is Check.missing for piece in c.pieces))
    blockers = tuple(f"{c.label}: {c.detail}" for c in checks if c.status is Check.not_met)
    unknowns = [c for c in checks if c.status is Check.unknown]
    confirm_state = [c for c in unknowns if c.unknown_because is UnknownBecause.state]
    to_confirm = tuple(f"{c.label} ({c.detail})" if c.detail else c.label for c in confirm_state)
    answers = tuple(dict.fromkeys(a for c in unknowns if c.unknown_because is UnknownBecause.answer for a in c.asks))
    decisive_confirm = tuple(f"{c.label} ({c.detail})" for c in confirm_state if c.decisive)
    if verdict is Verdict.unknown:
        answer_labels = tuple(dict.fromkeys(c.label for c in unknowns if c.unknown_because is UnknownBecause.answer))
        headline = _headline(
            verdict, record, p, pieces, blockers, decisive_confirm, answer_labels, p.kind is PathwayKind.limited
        )
    else:
        headline = _headline(verdict, record, p, pieces, blockers, to_confirm, (), p.kind is PathwayKind.limited)
    status = p.status.value
    can_apply = {
        ImplementationStatus.accepting_applications: True,
        ImplementationStatus.licences_issued: True,
        ImplementationStatus.law_only: False,
        ImplementationStatus.rules_pending: False,
        ImplementationStatus.unknown: None,
    }[status]
    sources, oldest = _pathway_sources(p)
    years_to_full = p.full_licence.years_to_full.value if p.full_licence else None
    provisional_years = p.provisional.years.value if p.provisional else None
    limits = p.provisional.location_limits.value if p.provisional else None
    return Assessment(
        code=record.code,
        state_name=record.name,
        pathway=p.name,
        kind=p.kind,
        verdict=verdict,
        headline=headline,
        checks=tuple(checks),
        missing_pieces=pieces,
        blockers=blockers,
        to_confirm=to_confirm,
        answers_needed=answers,
        law=p.law.value,
        law_sources=tuple(p.law.sources),
        summary=p.summary.value,
        status=status,
        status_label=STATUS_LABELS[status],
        status_note=p.status.note or p.status.unknown_reason,
        status_sources=tuple(p.status.sources),
        can_apply_now=can_apply,
        stages=_stages(p),
        provisional_years=provisional_years,
        years_to_full=years_to_full,
        location_limits=limits,
        sources=sources,
        oldest_as_of=oldest,
        stale=any(s.is_stale(on) for s in sources),
        is_target=record.code == (profile.target.state or ""),
    )


def _most_practice(states: StateBook) -> float | None:
    """The largest minimum years of practice any state publishes for its full pathway."""
    cached = _MOST_PRACTICE.get(id(states))
    if cached is None or cached[0] is not states:
        cached = _MOST_PRACTICE[id(states)] = (states, _largest_practice_minimum(states))
    return cached[1]


# Shared by every session, and safe to share: one number per loaded state book, no answers.
_MOST_PRACTICE: dict[int, tuple[StateBook, float | None]] = {}


def _largest_practice_minimum(states: StateBook) -> float | None:
    known = [
        float(p.requirements.min_years_practice_abroad.value)
        for r in states.with_alternative_pathway()
        for p in r.full_pathways
        if p.requirements is not None and p.requirements.min_years_practice_abroad.value is not None
    ]
    return max(known) if known else None


def assess(profile: Profile, states: StateBook, *, on: date) -> list[Assessment]:
    """Every full pathway (best fit first), then every limited-licence program (labelled `limited`)."""
    most = _most_practice(states)
    full = [
        assess_pathway(profile, r, p, on=on, most_practice=most)
        for r in states.with_alternative_pathway()
        for p in r.full_pathways
    ]
    limited = [
        assess_pathway(profile, r, p, on=on, most_practice=most)
        for r in states.with_limited_licence()
        for p in r.limited_pathways
    ]
    full.sort(key=lambda a: (not a.is_target, _RANK[a.verdict]))
    limited.sort(key=lambda a: not a.is_target)
    return full + limited


def assess_state(profile: Profile, states: StateBook, code: str, *, on: date) -> list[Assessment]:
    """The full pathways of one state only (judged exactly as `assess` judges them)."""
    most = _most_practice(states)
    record = states.get(code)
    return [assess_pathway(profile, record, p, on=on, most_practice=most) for p in record.full_pathways]


def best_for(assessments: Iterable[Assessment], code: str) -> Assessment | None:
    """The best-fitting full pathway of one state, or None if it has none."""
    mine = [a for a in assessments if a.code == code and not a.limited]
    return min(mine, key=lambda a: _RANK[a.verdict]) if mine else None


def best_verdict(profile: Profile, states: StateBook, code: str) -> Verdict | None:
    """The verdict of one state's best-fitting full pathway (as `best_for` would pick it), cheaply."""
    record = states.get(code)
    you = _You.of(profile)
    most = _most_practice(states)
    verdicts = [_judge(you, record, p, most)[1] for p in record.full_pathways]
    return min(verdicts, key=_RANK.__getitem__) if verdicts else None


def count_fitting_states(profile: Profile, states: StateBook) -> int | None:
    """How many states' full pathways this person appears to fit, or would with a job offer only.

    None when there are none yet but an unanswered question could add some (unknown, not 0).
    The same judgement as `assess` + `fitting_states`, without building the explanations: the
    rule engine asks for this count on every evaluation, so it must stay cheap.
    """
    you = _You.of(profile)
    key = (id(states), you.judged_answers)
    hit = _COUNTS.get(key)
    if hit is not None and hit[0] is states:
        return hit[1]
    if len(_COUNTS) > _CHECK_CACHE_LIMIT:
        _COUNTS.clear()
    count = _count_fitting(you, states)
    _COUNTS[key] = (states, count)
    return count


# Shared by every session: counts keyed by the few answers the checks read (no name, nothing
# that identifies anyone), so a person's plan is not re-judged on every page draw.
_COUNTS: dict[tuple[int, Hashable], tuple[StateBook, int | None]] = {}


def _count_fitting(you: _You, states: StateBook) -> int | None:
    most = _most_practice(states)
    fitting: set[str] = set()
    open_answers = False
    for r in states.with_alternative_pathway():
        for p in r.full_pathways:
            checks, verdict = _judge(you, r, p, most)
            if _fits(checks, verdict):
                fitting.add(r.code)
            elif verdict is Verdict.unknown and any(
                c.status is Check.unknown and c.unknown_because is UnknownBecause.answer and c.asks for c in checks
            ):
                open_answers = True
    if not fitting and open_answers:
        return None
    return len(fitting)


def fitting_states(assessments: Iterable[Assessment]) -> tuple[str, ...]:
    """States where the person appears to qualify, or could with a job offer only."""
    out: dict[str, None] = {}
    for a in assessments:
        if not a.limited and (a.verdict is Verdict.qualifies or a.only_missing_job_offer):
            out.setdefault(a.code, None)
    return tuple(out)


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
        us = f" (US graduates: {_years(self.us_years)})" if self.us_years is not None else ""
        return f"{self.state_name}: {_years(self.years)} of accredited US or Canadian GME for IMGs{us}"


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

    `book` is a RuleBook (its `.states` is used) or a StateBook.
    """
    states = _book_states(book)
    target = profile.target.state
    if states is None:
        return StatePathways(on, target, None, None, (), (), 0, (), gme_requirement(profile, None))
    all_ = tuple(assess(profile, states, on=on))
    name = states.get(target).name if target and target in states else None
    has = None
    if name is not None:
        record = states.get(target)
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
                    f"{_num(lead)} years until residency starts + {_years(training)} ({what})",
                )
            )
        fits = [
            a
            for a in by_code.get(r.code, [])
            if not a.limited and a.verdict in (Verdict.qualifies, Verdict.could_qualify)
        ]
        if fits:
            best = min(fits, key=lambda a: (_RANK[a.verdict], a.years_to_full if a.years_to_full is not None else 99))
            if best.years_to_full is None:
                out.append(RouteEstimate(r.code, "pathway", None, "years to a full licence not published"))
            else:
                out.append(
                    RouteEstimate(
                        r.code,
                        "pathway",
                        float(best.years_to_full),
                        f"{_years(best.years_to_full)} from the provisional licence to a full one; finding the job and "
                        f"being licensed not counted ({best.verdict_label})",
                    )
                )
    return out
