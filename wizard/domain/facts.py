"""The fact vocabulary rules may test: every answer, plus facts derived from answers and a date.

Owns: the registry `FACTS` (name → type, allowed values, label, which questions it asks
for, how to read it) and the pure functions that derive facts. A derived fact is a
function of (answers, evaluation date, reference data); it returns `None` when it cannot
be known, and the engine then says which questions would make it known.

Must not know: Streamlit, the clock, or any particular rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from types import UnionType
from typing import Any, Protocol, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from wizard.domain.profile import (
    MAX_ATTEMPTS_PER_STEP,
    ClinicalSkillsRoute,
    Enrolment,
    ExamStatus,
    OetStatus,
    Profile,
    StepExam,
    UsStatus,
)
from wizard.domain.questions import BY_PATH
from wizard.domain.states import StateBook
from wizard.engine.vocabulary import Fact, FactType


class ReferenceData(Protocol):
    """What derived facts may read besides the answers: tabular facts, loaded with the rules."""

    def season(self, match_year: int) -> Any: ...
    def restriction_for(self, country_code: str, on: date) -> Any: ...
    def specialty(self, specialty_id: str) -> Any: ...
    def next_match_year(self, on: date) -> int | None: ...


@dataclass(frozen=True)
class Context:
    profile: Profile
    on: date
    data: ReferenceData | None = None
    states: StateBook | None = None  # per-state licensing data, read by state facts


Getter = Callable[[Context], Any]


FACTS: dict[str, Fact] = {}


def _register(fact: Fact) -> Fact:
    if fact.name in FACTS:
        raise ValueError(f"fact {fact.name!r} registered twice")
    FACTS[fact.name] = fact
    return fact


# ---------------------------------------------------------------- answers as facts


def _unwrap(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _fact_type(annotation: Any) -> tuple[FactType, tuple[str, ...]]:
    base = _unwrap(annotation)
    base = getattr(base, "__origin__", base)  # Annotated[str, ...] → str
    if isinstance(base, type) and issubclass(base, Enum):
        return FactType.enum, tuple(str(m.value) for m in base)
    if base is bool:
        return FactType.bool, ()
    if base in (int, float):
        return FactType.number, ()
    if base is date:
        return FactType.date, ()
    return FactType.code, ()


def _reader(path: tuple[str, ...]) -> Getter:
    def read(ctx: Context) -> Any:
        node: Any = ctx.profile
        for part in path:
            node = getattr(node, part)
        return node

    return read


def _register_answers(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> None:
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        annotation = _unwrap(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _register_answers(annotation, path)
            continue
        dotted = ".".join(path)
        if dotted in ("schema_version", "about.name"):
            continue  # not facts about the person's path; a name never feeds a rule
        kind, values = _fact_type(info.annotation)
        question = BY_PATH.get(dotted)
        _register(
            Fact(
                name=dotted,
                type=kind,
                label=question.noun if question else dotted,
                asks=(dotted,),
                get=_reader(path),
                values=values,
                option_label=question.option_label if question else None,
            )
        )


_register_answers(Profile)


# ---------------------------------------------------------------- derived facts


_G = TypeVar("_G", bound=Getter)


def derived(
    name: str, type: FactType, label: str, asks: tuple[str, ...], values: tuple[str, ...] = ()
) -> Callable[[_G], _G]:
    def wrap(fn: _G) -> _G:
        _register(Fact(name, type, label, asks, fn, values, derived=True))
        return fn

    return wrap


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _step(ctx: Context, step: str) -> StepExam:
    return ctx.profile.exams.step(step)


def _passed(ctx: Context, step: str) -> bool | None:
    status = _step(ctx, step).status
    return None if status is None else status is ExamStatus.passed


def failed_attempts(exam: StepExam) -> int | None:
    """Failed attempts so far; someone who has not started has none."""
    if exam.failed_attempts is not None:
        return exam.failed_attempts
    if exam.status is ExamStatus.not_started:
        return 0
    return None


def attempts_left(exam: StepExam) -> int | None:
    if exam.status is ExamStatus.passed:
        return 0
    failed = failed_attempts(exam)
    return None if failed is None else max(0, MAX_ATTEMPTS_PER_STEP - failed)


for _name, _title in (("step1", "Step 1"), ("step2ck", "Step 2 CK"), ("step3", "Step 3")):
    derived(
        f"{_name}_passed",
        FactType.bool,
        f"{_title} passed",
        (f"exams.{_name}.status",),
    )(lambda ctx, s=_name: _passed(ctx, s))
    derived(
        f"{_name}_attempts_left",
        FactType.number,
        f"{_title} attempts left",
        (f"exams.{_name}.status", f"exams.{_name}.failed_attempts"),
    )(lambda ctx, s=_name: attempts_left(_step(ctx, s)))


@derived(
    "usmle_barred",
    FactType.bool,
    "Four failed attempts at a Step without a pass",
    tuple(f"exams.{s}.{f}" for s in ("step1", "step2ck", "step3") for f in ("status", "failed_attempts")),
)
def _usmle_barred(ctx: Context) -> bool | None:
    verdicts: list[bool | None] = []
    for step in ("step1", "step2ck", "step3"):
        exam = _step(ctx, step)
        if exam.status is ExamStatus.passed:
            verdicts.append(False)
            continue
        failed = failed_attempts(exam)
        verdicts.append(None if failed is None else failed >= MAX_ATTEMPTS_PER_STEP)
    return _any(verdicts)


@derived(
    "usmle_failed_attempts",
    FactType.number,
    "Failed or incomplete USMLE attempts, all Steps",
    tuple(f"exams.{s}.{f}" for s in ("step1", "step2ck", "step3") for f in ("status", "failed_attempts")),
)
def _usmle_failed_attempts(ctx: Context) -> int | None:
    """Failed attempts known across the Steps; unknown while none is known and some Step's count is missing."""
    counts = [failed_attempts(_step(ctx, step)) for step in ("step1", "step2ck", "step3")]
    known = sum(c for c in counts if c is not None)
    if known == 0 and None in counts:
        return None
    return known


@derived(
    "exams_for_certification_passed",
    FactType.bool,
    "Step 1 and Step 2 CK passed",
    ("exams.step1.status", "exams.step2ck.status"),
)
def _exams_passed(ctx: Context) -> bool | None:
    return _all([_passed(ctx, "step1"), _passed(ctx, "step2ck")])


@derived(
    "clinical_skills_met",
    FactType.bool,
    "Clinical and communication skills requirement met",
    ("exams.clinical_skills",),
)
def _clinical_skills_met(ctx: Context) -> bool | None:
    route = ctx.profile.exams.clinical_skills
    if route is None:
        return None
    return route in (ClinicalSkillsRoute.pathway_accepted, ClinicalSkillsRoute.step2cs_passed)


@derived(
    "is_img",
    FactType.bool,
    "An international medical graduate (school outside the US and Canada)",
    ("degree.school_kind", "degree.graduation_year"),
)
def _is_img(ctx: Context) -> bool | None:
    return ctx.profile.degree.is_img()


@derived("is_graduate", FactType.bool, "Graduated from medical school", ("degree.enrolment",))
def _is_graduate(ctx: Context) -> bool | None:
    enrolment = ctx.profile.degree.enrolment
    return None if enrolment is None else enrolment is Enrolment.graduate


@derived(
    "years_since_graduation",
    FactType.number,
    "Years since graduation",
    ("degree.enrolment", "degree.graduation_year"),
)
def _years_since_graduation(ctx: Context) -> int | None:
    degree = ctx.profile.degree
    if degree.enrolment is Enrolment.student:
        return 0
    if degree.graduation_year is None:
        return None
    return max(0, ctx.on.year - degree.graduation_year)


#: ECFMG minimums for OET Medicine; Writing fell to 300 for tests on or after 1 Apr 2022.
OET_MINIMUMS = {"listening": 350, "reading": 350, "speaking": 350, "writing": 300}
OET_WRITING_300_FROM = date(2022, 4, 1)


@derived(
    "oet_meets_ecfmg_scores",
    FactType.bool,
    "OET Medicine scores meet ECFMG's minimums in one sitting",
    ("exams.oet.status", "exams.oet.date", *(f"exams.oet.{p}" for p in OET_MINIMUMS)),
)
def _oet_meets(ctx: Context) -> bool | None:
    oet = ctx.profile.exams.oet
    if oet.status in (OetStatus.not_taken, OetStatus.scheduled):
        return False
    if oet.status is None:
        return None
    scores = {part: getattr(oet, part) for part in OET_MINIMUMS}
    if any(v is None for v in scores.values()):
        return False if oet.status is OetStatus.failed else None
    writing_min = 350 if oet.date and oet.date < OET_WRITING_300_FROM else 300
    minimums = {**OET_MINIMUMS, "writing": writing_min}
    return all(scores[p] >= minimums[p] for p in minimums)


@derived(
    "pathways_season",
    FactType.number,
    "Pathways season (Match year) that applies to you",
    ("target.match_year",),
)
def _pathways_season(ctx: Context) -> int | None:
    if ctx.profile.target.match_year is not None:
        return ctx.profile.target.match_year
    next_year = getattr(ctx.data, "next_match_year", None)
    return next_year(ctx.on) if callable(next_year) else None  # no table helper: unknown, not a crash


@derived(
    "oet_recent_for_season",
    FactType.bool,
    "OET result recent enough for the Pathways season you aim at",
    ("exams.oet.status", "exams.oet.date", "target.match_year"),
)
def _oet_recent(ctx: Context) -> bool | None:
    oet = ctx.profile.exams.oet
    if oet.status in (OetStatus.not_taken, OetStatus.scheduled, OetStatus.failed):
        return False
    if oet.status is None or oet.date is None:
        return None
    season_year = _pathways_season(ctx)
    if season_year is None or ctx.data is None:
        return None
    season = ctx.data.season(season_year)
    cutoff = _published_oet_cutoff(season)
    if not isinstance(cutoff, date):
        return None  # the season's cut-off is not published: unknown, not "no"
    return oet.date >= cutoff


@derived("needs_visa", FactType.bool, "Needs a visa to train in the USA", ("status.us_status",))
def _needs_visa(ctx: Context) -> bool | None:
    status = ctx.profile.status.us_status
    return None if status is None else status is UsStatus.needs_visa


@derived(
    "citizenship_visa_restricted",
    FactType.bool,
    "Citizenship under a current US visa restriction",
    ("status.citizenship",),
)
def _visa_restricted(ctx: Context) -> bool | None:
    country = ctx.profile.status.citizenship
    if country is None or ctx.data is None:
        return None
    return ctx.data.restriction_for(country, ctx.on) is not None


#: Facts read from a volatile table, with the day that table had to be re-read by once it has
#: passed (the plan says so beside every item that tests one of these facts).
def overdue_table_review(fact_name: str, data: Any, on: date) -> date | None:
    if data is None or fact_name not in ("citizenship_visa_restricted", "citizenship_j_visa_restricted"):
        return None
    return data.visa_restrictions.review_by if data.visa_review_overdue(on) else None


@derived(
    "us_clinical_months",
    FactType.number,
    "Months of US clinical exposure (hands-on and observership)",
    ("experience.usce_hands_on_months", "experience.observership_months"),
)
def _us_clinical_months(ctx: Context) -> float | None:
    exp = ctx.profile.experience
    if exp.usce_hands_on_months is None or exp.observership_months is None:
        return None
    return exp.usce_hands_on_months + exp.observership_months


@derived(
    "specialty_img_share",
    FactType.number,
    "Share of the specialty's PGY-1 positions filled by IMGs (%)",
    ("target.specialty",),
)
def _specialty_img_share(ctx: Context) -> float | None:
    code = ctx.profile.target.specialty
    if code is None or ctx.data is None:
        return None
    spec = ctx.data.specialty(code)
    share = getattr(spec, "img_share_pct", None) if spec else None
    return getattr(share, "value", share)


def value_of(name: str, ctx: Context) -> Any:
    """Read one fact; a derived fact that cannot be computed is `None` (unknown)."""
    value = FACTS[name].get(ctx)
    return value.value if isinstance(value, Enum) else value


# ---------------------------------------------------------------- Pathways season and specialty route


def _published_oet_cutoff(season: Any) -> date | None:
    """The season's earliest accepted OET date, only when published (an estimate is not a rule)."""
    if season is None:
        return None
    cutoff = getattr(season, "oet_taken_on_or_after", None) or getattr(season, "oet_on_or_after", None)
    if getattr(cutoff, "estimated", False):
        return None
    value = getattr(cutoff, "value", cutoff)
    return value if isinstance(value, date) else None


@derived(
    "pathways_oet_cutoff_published",
    FactType.bool,
    "ECFMG has published the earliest OET date for your Pathways season",
    ("target.match_year",),
)
def _oet_cutoff_published(ctx: Context) -> bool | None:
    season_year = _pathways_season(ctx)
    if season_year is None or ctx.data is None:
        return None
    return _published_oet_cutoff(ctx.data.season(season_year)) is not None


MATCH_ROUTES = ("eras_nrmp", "other_service_nrmp", "sf_match", "aua_match", "mixed", "not_applicable")


@derived(
    "specialty_match_route",
    FactType.enum,
    "How your target specialty takes applications and matches",
    ("target.specialty",),
    MATCH_ROUTES,
)
def _specialty_match_route(ctx: Context) -> str | None:
    code = ctx.profile.target.specialty
    if code is None or ctx.data is None:
        return None
    try:
        spec = ctx.data.specialty(code)
    except KeyError:
        return None  # a specialty the table does not list: unknown, not "ERAS"
    route = getattr(spec, "match_route", None) if spec else None
    return route if route in MATCH_ROUTES else None


# ---------------------------------------------------------------- visa restriction covering the J-1


@derived(
    "citizenship_j_visa_restricted",
    FactType.bool,
    "Citizenship under a current US restriction that covers J (exchange visitor) visas",
    ("status.citizenship",),
)
def _j_visa_restricted(ctx: Context) -> bool | None:
    """True when a restriction in force covers J visas (full bans and J-listing partial bans);
    False for no restriction or an immigrant-visa-only one, which leaves the residency J-1 open."""
    country = ctx.profile.status.citizenship
    if country is None or ctx.data is None:
        return None
    restriction = ctx.data.restriction_for(country, ctx.on)
    if restriction is None:
        return False
    affects = getattr(restriction, "affects", None)
    return bool(affects("J")) if callable(affects) else None


# The state-licence facts live in their own module; importing it registers them here, so the
# registry is whole whoever imports this module first.
from wizard.domain import state_facts  # noqa: E402,F401
