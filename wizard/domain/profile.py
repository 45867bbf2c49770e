"""The answers a user gives, one small model per wizard step, composed into `Profile`.

Owns: the shape of the answers file (`schema_version`), what counts as an impossible
answer, and the sentences that explain why. Every field may be `None` ("not answered
yet") so that partial answers still evaluate. Derived facts live in `wizard.domain.facts`.

Must not know: rules, the UI, or today's date. Checks that need "today" (a pass date in
the future) read it from the validation context: `Profile.model_validate(data,
context={"today": date})`; `parse_profile` always supplies it.

Why one module of some 570 lines: it is the answers file's schema, read top to bottom in the
order the wizard asks; the step models share the refusal helpers and validators above them,
and splitting them would scatter one file format over several.
"""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION: Final = 1
MAX_ATTEMPTS_PER_STEP = 4
STEP1_PASS_FAIL_SINCE = Date(2022, 1, 26)
EARLIEST_GRADUATION_YEAR = 1950
OET_SCALE = (0, 500)
USMLE_SCORE_RANGE = (1, 300)

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]


def _refuse(kind: str, message: str, *, field: str | None = None, **ctx: Any) -> PydanticCustomError:
    """A validation error whose message is a sentence a person understands.

    `field` names the field (relative to the model raising it) the message belongs beside,
    for checks that look at several fields at once.
    """
    if field:
        ctx["field"] = field
    return PydanticCustomError(kind, message, ctx)


def _today(info: ValidationInfo) -> Date | None:
    ctx = info.context or {}
    today = ctx.get("today")
    return today if isinstance(today, Date) else None


class Answers(BaseModel):
    """Base for every step: unknown keys are refused so a mistyped file never passes silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, frozen=True)


class YesNoUnsure(StrEnum):
    yes = "yes"
    no = "no"
    not_sure = "not_sure"


class Enrolment(StrEnum):
    student = "student"
    graduate = "graduate"


class SchoolKind(StrEnum):
    """Where the degree comes from, in the terms ECFMG, the NRMP and the state boards use.

    ECFMG counts as an international medical graduate anyone whose basic medical degree comes
    from a school located outside the United States and Canada (the areas whose citizens get US
    or Canadian passports, so Puerto Rico and the other US territories count as the US).
    """

    outside_us_canada = "outside_us_canada"  # an international medical graduate (IMG)
    us_md_lcme = "us_md_lcme"  # an LCME-accredited MD program in the US or a US territory
    us_do_coca = "us_do_coca"  # a COCA-accredited college of osteopathic medicine
    canada_cacms = "canada_cacms"  # a CACMS-accredited (formerly also LCME) Canadian MD program
    not_sure = "not_sure"  # a branch campus abroad, a school that moved, or simply not known


#: The last Canadian class graduating under joint LCME accreditation (it ended on 30 June 2025).
CANADA_LAST_LCME_CLASS = 2025
NOT_IMG_SCHOOLS = frozenset({SchoolKind.us_md_lcme, SchoolKind.us_do_coca, SchoolKind.canada_cacms})
#: The passport-granting areas of the United States: the states, DC and the inhabited territories.
US_AREAS = frozenset({"US", "PR", "GU", "VI", "AS", "MP"})


class Verification(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    verified = "verified"


class About(Answers):
    """Optional: only printed on the user's own PDF; never used by any rule."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None


class Degree(Answers):
    school_country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    school_kind: SchoolKind | None = None
    wdoms_sponsor_note: YesNoUnsure | None = None
    enrolment: Enrolment | None = None
    graduation_year: int | None = Field(
        default=None, description="Year of graduation, or expected graduation for a student."
    )
    credentials_verified: Verification | None = None
    postgrad_training_years_abroad: float | None = Field(default=None, ge=0, le=20)
    licensed_abroad: bool | None = None
    practice_years_abroad: float | None = Field(default=None, ge=0, le=60)
    specialist_certified_abroad: bool | None = None

    @field_validator("graduation_year")
    @classmethod
    def _plausible_year(cls, year: int | None, info: ValidationInfo) -> int | None:
        if year is None:
            return None
        today = _today(info)
        latest = (today.year if today else 2100) + 8
        if year < EARLIEST_GRADUATION_YEAR or year > latest:
            raise _refuse(
                "graduation_year",
                "A graduation year of {year} is not possible here: enter a year between {low} and {high}.",
                year=year,
                low=EARLIEST_GRADUATION_YEAR,
                high=latest,
            )
        return year

    def is_img(self) -> bool | None:
        """ECFMG's definition: the school's location and accreditation decide, never citizenship.

        'Not sure' stays unknown. Canadian schools were accredited jointly with the LCME until
        30 June 2025; the AFMC says Canadian graduates of 2026 onward are international graduates
        for the United States, so for them the graduation year decides.
        """
        kind = self.school_kind
        if kind is None or kind is SchoolKind.not_sure:
            return None
        if kind is SchoolKind.canada_cacms:
            return None if self.graduation_year is None else self.graduation_year > CANADA_LAST_LCME_CLASS
        return kind not in NOT_IMG_SCHOOLS

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Degree:
        today = _today(info)
        if today and self.graduation_year is not None and self.enrolment is not None:
            if self.enrolment is Enrolment.graduate and self.graduation_year > today.year:
                raise _refuse(
                    "graduated_in_future",
                    "You said you have graduated, but {year} is in the future: choose 'student' or correct the year.",
                    year=self.graduation_year,
                    field="graduation_year",
                )
        if self.school_country and self.school_kind in NOT_IMG_SCHOOLS:
            canadian = self.school_kind is SchoolKind.canada_cacms
            if (self.school_country == "CA") != canadian or (not canadian and self.school_country not in US_AREAS):
                raise _refuse(
                    "school_kind_country",
                    "LCME and COCA accredit schools only in the United States and its territories, and CACMS only "
                    "in Canada: check the country of your school, or choose 'not sure' if your campus is elsewhere.",
                    field="school_kind",
                )
        if self.licensed_abroad is False and self.practice_years_abroad:
            raise _refuse(
                "practice_without_licence",
                "You said you are not licensed abroad, so years of independent practice should be 0.",
                field="practice_years_abroad",
            )
        return self


class ExamStatus(StrEnum):
    not_started = "not_started"
    preparing = "preparing"
    scheduled = "scheduled"
    passed = "passed"
    failed = "failed"


class StepExam(Answers):
    """One USMLE Step. `failed_attempts` counts failed and incomplete attempts."""

    status: ExamStatus | None = None
    date: Date | None = Field(default=None, description="The test date if scheduled, or the date passed/last failed.")
    score: int | None = None
    failed_attempts: int | None = Field(default=None, ge=0)

    @field_validator("failed_attempts")
    @classmethod
    def _at_most_four(cls, n: int | None) -> int | None:
        if n is not None and n > MAX_ATTEMPTS_PER_STEP:
            raise _refuse(
                "too_many_attempts",
                "USMLE allows at most {limit} attempts at a Step, so {n} failed attempts is not possible.",
                limit=MAX_ATTEMPTS_PER_STEP,
                n=n,
            )
        return n

    @field_validator("score")
    @classmethod
    def _score_in_range(cls, score: int | None) -> int | None:
        low, high = USMLE_SCORE_RANGE
        if score is not None and not low <= score <= high:
            raise _refuse(
                "score_out_of_range",
                "USMLE three-digit scores run from {low} to {high}; {score} is outside that.",
                low=low,
                high=high,
                score=score,
            )
        return score

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> StepExam:
        today = _today(info)
        failed = self.failed_attempts or 0
        if self.status is ExamStatus.passed and failed >= MAX_ATTEMPTS_PER_STEP:
            raise _refuse(
                "fifth_attempt",
                "A pass after {n} failed attempts would be a fifth attempt, which USMLE "
                "does not allow. Check the number of failed attempts.",
                n=failed,
                field="failed_attempts",
            )
        if self.status is ExamStatus.failed and self.failed_attempts == 0:
            raise _refuse(
                "failed_without_attempt",
                "You said you failed this Step, so failed attempts must be at least 1.",
                field="failed_attempts",
            )
        if self.date and today:
            if self.status in (ExamStatus.passed, ExamStatus.failed) and self.date > today:
                raise _refuse(
                    "result_in_future",
                    "A result dated {when} is in the future. Enter the date you sat the exam.",
                    when=self.date.isoformat(),
                    field="date",
                )
            if self.status is ExamStatus.scheduled and self.date < today:
                raise _refuse(
                    "scheduled_in_past",
                    "A test date of {when} has already passed: if you sat it, choose "
                    "'passed' or 'failed' (or 'preparing' if it was moved).",
                    when=self.date.isoformat(),
                    field="date",
                )
        if self.score is not None and self.status is not ExamStatus.passed:
            raise _refuse(
                "score_without_pass",
                "A score is asked only for a Step you have passed.",
                field="score",
            )
        return self


class Step1(StepExam):
    @model_validator(mode="after")
    def _pass_fail(self) -> Step1:
        if self.score is not None and (self.date is None or self.date >= STEP1_PASS_FAIL_SINCE):
            raise _refuse(
                "step1_pass_fail",
                "Step 1 has been reported as pass/fail since 26 January 2022, so it has no "
                "score unless you passed it before that date.",
                field="score",
            )
        return self


class OetStatus(StrEnum):
    not_taken = "not_taken"
    scheduled = "scheduled"
    passed = "passed"
    failed = "failed"


OetScore = Annotated[int, Field(ge=OET_SCALE[0], le=OET_SCALE[1])]


class Oet(Answers):
    """OET Medicine: the four sub-scores of one sitting, on OET's 0–500 scale."""

    status: OetStatus | None = None
    date: Date | None = None
    listening: int | None = None
    reading: int | None = None
    writing: int | None = None
    speaking: int | None = None

    @field_validator("listening", "reading", "writing", "speaking")
    @classmethod
    def _on_scale(cls, score: int | None, info: ValidationInfo) -> int | None:
        low, high = OET_SCALE
        if score is not None and not low <= score <= high:
            raise _refuse(
                "oet_scale",
                "OET sub-scores run from {low} to {high}; {score} is outside that scale.",
                low=low,
                high=high,
                score=score,
            )
        return score

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Oet:
        today = _today(info)
        if self.status in (OetStatus.passed, OetStatus.failed) and self.date and today:
            if self.date > today:
                raise _refuse(
                    "result_in_future",
                    "An OET result dated {when} is in the future. Enter the test date.",
                    when=self.date.isoformat(),
                    field="date",
                )
        return self


class ClinicalSkillsRoute(StrEnum):
    not_applied = "not_applied"
    pathway_applied = "pathway_applied"
    pathway_accepted = "pathway_accepted"
    step2cs_passed = "step2cs_passed"


class Exams(Answers):
    step1: Step1 = Field(default_factory=Step1)
    step2ck: StepExam = Field(default_factory=StepExam)
    step3: StepExam = Field(default_factory=StepExam)
    oet: Oet = Field(default_factory=Oet)
    clinical_skills: ClinicalSkillsRoute | None = None
    pathway_number: int | None = Field(default=None, ge=1, le=6)
    ecfmg_certified: bool | None = None
    ecfmg_certified_date: Date | None = None

    def step(self, name: str) -> StepExam:
        """One USMLE Step by its field name ("step1", "step2ck", "step3")."""
        steps: dict[str, StepExam] = {"step1": self.step1, "step2ck": self.step2ck, "step3": self.step3}
        return steps[name]

    @field_validator("pathway_number", mode="before")
    @classmethod
    def _pathway_range(cls, n: Any) -> Any:
        if isinstance(n, int) and not isinstance(n, bool) and not 1 <= n <= 6:
            raise _refuse("pathway_number", "ECFMG Pathways are numbered 1 to 6.")
        return n

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Exams:
        today = _today(info)
        if self.ecfmg_certified_date and today and self.ecfmg_certified_date > today:
            raise _refuse(
                "certificate_in_future",
                "A certificate dated {when} is in the future.",
                when=self.ecfmg_certified_date.isoformat(),
                field="ecfmg_certified_date",
            )
        if self.ecfmg_certified and (
            self.step1.status not in (None, ExamStatus.passed) or self.step2ck.status not in (None, ExamStatus.passed)
        ):
            raise _refuse(
                "certified_without_exams",
                "ECFMG certification needs Step 1 and Step 2 CK passed; check your exam "
                "answers or the certificate answer.",
                field="ecfmg_certified",
            )
        return self


class UsStatus(StrEnum):
    citizen = "citizen"
    permanent_resident = "permanent_resident"
    needs_visa = "needs_visa"
    other_work_authorization = "other_work_authorization"


class VisaPreference(StrEnum):
    j1 = "j1"
    h1b = "h1b"
    undecided = "undecided"


class Target(Answers):
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    specialty: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{2,40}$")] | None = None
    match_year: int | None = Field(default=None, ge=2021, le=2045)
    open_to_underserved: bool | None = None
    job_offer_in_state: bool | None = None
    # Only the cost estimate reads it (ERAS charges per program); unanswered gives a range.
    programs_to_apply: int | None = Field(default=None, ge=1, le=300)

    @field_validator("match_year")
    @classmethod
    def _not_past(cls, year: int | None, info: ValidationInfo) -> int | None:
        today = _today(info)
        if year is not None and today and year < today.year:
            raise _refuse(
                "match_year_past",
                "The {year} Match has already taken place: choose {now} or later.",
                year=year,
                now=today.year,
            )
        return year


class Status(Answers):
    us_status: UsStatus | None = None
    citizenship: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    visa_preference: VisaPreference | None = None


class Experience(Answers):
    usce_hands_on_months: float | None = Field(default=None, ge=0, le=120)
    observership_months: float | None = Field(default=None, ge=0, le=120)
    us_research_months: float | None = Field(default=None, ge=0, le=240)
    us_letters: int | None = Field(default=None, ge=0, le=20)


STEP_MODELS: dict[str, type[Answers]] = {
    "about": About,
    "degree": Degree,
    "exams": Exams,
    "target": Target,
    "status": Status,
    "experience": Experience,
}


class RuleBookStamp(Answers):
    """Which rule book made the plan when the file was saved, and a fingerprint of each plan item,
    so a later visit can say what changed. Written by the wizard, never asked."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)+$", max_length=20)]
    date: Date
    items: dict[Annotated[str, StringConstraints(max_length=80)], Annotated[str, StringConstraints(max_length=16)]] = (
        Field(default_factory=dict, max_length=400)
    )


class Profile(Answers):
    """Everything a user has answered so far. The same shape is saved, resumed and batch-read."""

    schema_version: Literal[1] = SCHEMA_VERSION
    about: About = Field(default_factory=About)
    degree: Degree = Field(default_factory=Degree)
    exams: Exams = Field(default_factory=Exams)
    target: Target = Field(default_factory=Target)
    status: Status = Field(default_factory=Status)
    experience: Experience = Field(default_factory=Experience)
    rule_book: RuleBookStamp | None = None

    @model_validator(mode="after")
    def _across_steps(self, info: ValidationInfo) -> Profile:
        grad = self.degree.graduation_year
        for name in ("step1", "step2ck", "step3"):
            step: StepExam = getattr(self.exams, name)
            if step.status is ExamStatus.passed and step.date and grad and step.date.year < grad - 8:
                raise _refuse(
                    "exam_long_before_school",
                    "An exam passed in {year} is years before your graduation in {grad}; check both dates.",
                    year=step.date.year,
                    grad=grad,
                    field=f"exams.{name}.date",
                )
        return self


def answer_at(profile: Profile, path: str) -> Any:
    """The answer at a dotted path ("exams.step1.status"), an enum as its plain value; None when
    empty. Raises KeyError for a path that is not a single answer."""
    node: Any = profile
    for part in path.split("."):
        if not isinstance(node, BaseModel) or part not in type(node).model_fields:
            raise KeyError(path)
        node = getattr(node, part)
    if isinstance(node, BaseModel):
        raise KeyError(path)
    return node.value if isinstance(node, StrEnum) else node


def with_answers(profile: Profile, fills: dict[str, Any] | Any, today: Date) -> Profile:
    """The profile with these paths set, checked again as a whole (raises ValidationError)."""
    data = profile.model_dump(mode="json", exclude_none=True)
    for path, value in fills.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return parse_profile(data, today=today)


def parse_profile(data: Any, *, today: Date) -> Profile:
    """Validate a dict or JSON text into a `Profile`, checking dates against `today`."""
    if isinstance(data, (str, bytes, bytearray)):
        return Profile.model_validate_json(data, context={"today": today})
    return Profile.model_validate(data, context={"today": today})


def empty_profile() -> Profile:
    return Profile()


# Pydantic's own messages are written for programmers; these are for the person typing.
_PLAIN: dict[str, str] = {
    "greater_than_equal": "Enter a number of at least {ge}.",
    "greater_than": "Enter a number above {gt}.",
    "less_than_equal": "Enter a number no larger than {le}.",
    "less_than": "Enter a number below {lt}.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "float_type": "Enter a number.",
    "date_parsing": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_parsing": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_inexact": "Enter a date without a time.",
    "date_type": "Enter a date as YYYY-MM-DD.",
    "bool_parsing": "Answer yes or no.",
    "bool_type": "Answer yes or no.",
    "enum": "Choose one of the options offered.",
    "literal_error": "This value is not one the wizard knows.",
    "string_pattern_mismatch": "Choose one of the options offered.",
    "string_too_long": "Keep this to {max_length} characters or fewer.",
    "string_type": "Enter text.",
    "extra_forbidden": "This is not one of the wizard's questions.",
    "model_type": "This section should be a group of answers.",
    "model_attributes_type": "This section should be a group of answers.",
    "json_invalid": "This is not a valid answers file (it is not readable JSON).",
    "json_type": "This is not a valid answers file.",
    "missing": "This answer is required.",
}


def field_errors(exc: Exception) -> dict[str, str]:
    """Map a validation error to {dotted field path: one plain sentence}, first error wins.

    The path is where the message belongs on screen, e.g. "exams.step1.failed_attempts".
    Raw input is never echoed, so nothing a user typed ends up in a log or message.
    """
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return {"": "These answers could not be read."}
    out: dict[str, str] = {}
    for err in exc.errors(include_input=False, include_url=False):
        ctx = err.get("ctx") or {}
        parts = [str(p) for p in err["loc"] if not isinstance(p, int)]
        if isinstance(ctx.get("field"), str):
            field = ctx["field"]
            parts = field.split(".") if "." in field else [*parts, field]
        path = ".".join(parts)
        template = _PLAIN.get(err["type"])
        if template is None:
            message = err["msg"]
        else:
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = err["msg"]
        out.setdefault(path, message)
    return out
