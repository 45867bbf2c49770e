"""The requirement checks: one state pathway's requirements against one person's answers.

Owns: the seven checks (practice abroad, training abroad, ECFMG certificate, USMLE Steps, job
offer, English, work authorization), each remembered per (requirement, the few answers it
reads), and `judge`, which runs them and gives the verdict.

Honesty rules:
* A requirement whose state value is null is "unknown — not published/confirmed", never met.
* An unanswered question is "unknown — answer …", never "no".
* An unknown decides the verdict ("unknown") when it could change the outcome for this person;
  it is still listed when it could not (e.g. the state has not named its exams, but you have
  passed every Step).

Must not know: how the result is worded for a view (headlines, stages, summaries), Streamlit or
the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from wizard.domain.profile import OetStatus, UsStatus
from wizard.domain.state_pathways.verdicts import Check, RequirementCheck, UnknownBecause, Verdict, verdict_of
from wizard.domain.state_pathways.wording import (
    UNKNOWN,
    dedupe_sources,
    number_text,
    reason_of,
    unknown_text,
    with_note,
    years_text,
)
from wizard.domain.state_pathways.you import STEP_FIELD, STEP_NAME, You, step_state
from wizard.domain.states import Fact, Pathway, Requirements, StateRecord

# --------------------------------------------------------------------------- the checks
#
# Each check reads only a few answers. The engine asks about every state's pathway on every
# evaluation, so each check is remembered per (requirement, the answers it reads): the
# results are immutable and hold no answers beyond those few values, so they are safe to
# share between sessions.

CHECK_CACHE_LIMIT = 50_000


_Check = TypeVar("_Check", bound=Callable[..., RequirementCheck])


def _remembered(answers_read: Callable[..., Hashable]) -> Callable[[_Check], _Check]:
    def wrap(check: _Check) -> _Check:
        cache: dict[tuple[int, Hashable], tuple[Requirements, RequirementCheck]] = {}

        def run(req: Requirements, you: You, *rest: Any) -> RequirementCheck:
            key = (id(req), answers_read(you, *rest))
            hit = cache.get(key)
            if hit is None or hit[0] is not req:
                if len(cache) > CHECK_CACHE_LIMIT:
                    cache.clear()
                hit = cache[key] = (req, check(req, you, *rest))
            return hit[1]

        return cast(_Check, run)  # same arguments and result as the check it remembers

    return wrap


@_remembered(lambda you, most: (you.student, you.practice, most))
def _practice(req: Requirements, you: You, most: float | None) -> RequirementCheck:
    fact: Fact[float] = req.min_years_practice_abroad
    label = "Years of practice abroad"
    mine = "still a student" if you.student else "not answered" if you.practice is None else years_text(you.practice)
    asks = ("degree.licensed_abroad", "degree.practice_years_abroad")
    src = tuple(fact.sources)
    if fact.value is None:
        decisive = not (you.practice is not None and most is not None and you.practice >= most)
        detail = reason_of(fact)
        if not decisive:
            detail += (
                f"; you have {years_text(you.practice)}, and no state that publishes a minimum asks "
                f"for more than {years_text(most)}"
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
    wanted = with_note(f"at least {years_text(need)}", fact)
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
            f"{why}; this pathway is for physicians with {years_text(need)} of practice",
            sources=src,
        )
    piece = f"{years_text(need)} of practice abroad (you have {number_text(you.practice)})"
    return RequirementCheck("practice", label, Check.missing, mine, wanted, piece, (piece,), sources=src)


@_remembered(lambda you: (you.student, you.training, you.specialist, you.practice))
def _training(req: Requirements, you: You) -> RequirementCheck:
    fact: Fact[bool] = req.training_abroad_required
    label = "Postgraduate training abroad"
    if you.student:
        mine = "still a student"
    elif you.training is None and you.specialist is None:
        mine = "not answered"
    else:
        mine = f"{years_text(you.training)} of training" if you.training is not None else "training not answered"
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
            reason_of(fact),
            unknown_because=UnknownBecause.state,
            decisive=decisive,
            sources=src,
        )
    if fact.value is False:
        wanted = with_note("not required on its own (training or practice abroad)", fact)
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
    wanted = with_note("a residency or substantially similar training", fact)
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
        f"whether {years_text(you.training)} of training counts is for the board to decide",
        unknown_because=UnknownBecause.state,
        sources=src,
    )


@_remembered(lambda you: you.ecfmg)
def _ecfmg(req: Requirements, you: You) -> RequirementCheck:
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
            reason_of(fact),
            unknown_because=UnknownBecause.state,
            decisive=you.ecfmg is not True,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("ecfmg", label, Check.not_required, mine, with_note("not required", fact), sources=src)
    wanted = with_note("required", fact)
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


@_remembered(lambda you: tuple(step_state(you, s) for s in STEP_FIELD))
def _usmle(req: Requirements, you: You) -> RequirementCheck:
    fact = req.usmle_steps
    label = "USMLE Steps"
    states = {s: step_state(you, s) for s in ("1", "2CK", "3")}
    passed = [STEP_NAME[s].removeprefix("USMLE ") for s, c in states.items() if c is Check.met]
    mine = ("passed " + ", ".join(passed)) if passed else "none passed (or not answered)"
    src = tuple(fact.sources)
    if fact.value is None:
        every = all(c is Check.met for c in states.values())
        if not every and all(c in (Check.met, Check.missing) for c in states.values()):
            # The law names no Steps. Whatever it requires, passing the rest can only help: this
            # person could qualify once those are passed, so say that rather than "unknown".
            pieces = tuple(
                f"{STEP_NAME[s]}, if the board requires it (the law does not name the Steps)"
                for s, c in states.items()
                if c is Check.missing
            )
            return RequirementCheck(
                "usmle",
                label,
                Check.missing,
                mine,
                UNKNOWN,
                "; ".join(pieces) + f". {reason_of(fact)}",
                pieces,
                sources=src,
            )
        return RequirementCheck(
            "usmle",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            reason_of(fact),
            unknown_because=UnknownBecause.state,
            decisive=not every,
            sources=src,
        )
    steps = tuple(fact.value)
    if not steps:
        return RequirementCheck("usmle", label, Check.not_required, mine, with_note("none named", fact), sources=src)
    wanted = with_note(", ".join(STEP_NAME[s] for s in steps), fact)
    needed = {s: states[s] for s in steps}
    if any(c is Check.not_met for c in needed.values()):
        barred = [STEP_NAME[s] for s, c in needed.items() if c is Check.not_met]
        return RequirementCheck(
            "usmle",
            label,
            Check.not_met,
            mine,
            wanted,
            f"{', '.join(barred)}: four failed attempts without a pass",
            sources=src,
        )
    missing = tuple(STEP_NAME[s] for s, c in needed.items() if c is Check.missing)
    if missing:
        return RequirementCheck("usmle", label, Check.missing, mine, wanted, "; ".join(missing), missing, sources=src)
    if any(c is Check.unknown for c in needed.values()):
        asks = tuple(f"exams.{STEP_FIELD[s]}.status" for s, c in needed.items() if c is Check.unknown)
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
def _job_offer(req: Requirements, you: You, record: StateRecord) -> RequirementCheck:
    fact: Fact[bool] = req.job_offer_required
    employer: Fact[str] = req.employer_type
    label = "Job offer"
    here = you.target == record.code
    if here:
        mine = {True: f"yes, in {record.name}", False: "no", None: "not answered"}[you.job_offer]
    else:
        mine = "not asked (your job-offer answer is about your target state)" if you.target else "not asked"
    src = dedupe_sources((*fact.sources, *employer.sources))
    employer_text = employer.value if employer.value is not None else "employer type " + unknown_text(employer)
    if fact.value is None:
        decisive = not (here and you.job_offer is True)
        return RequirementCheck(
            "job_offer",
            label,
            Check.unknown,
            mine,
            UNKNOWN,
            reason_of(fact),
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
def _english(req: Requirements, you: You) -> RequirementCheck:
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
            reason_of(fact),
            unknown_because=UnknownBecause.state,
            decisive=not shown,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("english", label, Check.not_required, mine, "not required", sources=src)
    wanted = with_note("required", fact)
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
def _work(req: Requirements, you: You) -> RequirementCheck:
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
            reason_of(fact),
            unknown_because=UnknownBecause.state,
            decisive=False,
            sources=src,
        )
    if fact.value is False:
        return RequirementCheck("work", label, Check.not_required, mine, "not required by the licence law", sources=src)
    wanted = with_note("required", fact)
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


def judge(
    you: You, record: StateRecord, p: Pathway, most_practice: float | None
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
    return checks, verdict_of(checks)
