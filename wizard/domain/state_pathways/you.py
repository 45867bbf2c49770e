"""The answers the requirement checks read, with their knock-on meanings spelled out once.

Owns: `You` (a student has no practice or training abroad; an unanswered ECFMG question of a
student is "not certified"; "trained" means residency-length training or specialist
certification) and `step_state` (a USMLE Step as met / missing / not met / unknown).

Must not know: the states' requirements, how a verdict is reached, or the clock.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from wizard.domain.profile import MAX_ATTEMPTS_PER_STEP, Enrolment, ExamStatus, OetStatus, Profile, UsStatus
from wizard.domain.state_pathways.verdicts import Check

#: The shortest ACGME residencies (family medicine, internal medicine, pediatrics) are 3 years;
#: this many years of postgraduate training abroad is read as a completed residency-length
#: training. The board still judges whether it is "substantially similar".
RESIDENCY_LENGTH_YEARS = 3.0


STEP_FIELD = {"1": "step1", "2CK": "step2ck", "3": "step3"}
STEP_NAME = {"1": "USMLE Step 1", "2CK": "USMLE Step 2 CK", "3": "USMLE Step 3"}


@dataclass(frozen=True)
class You:
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
    def of(cls, p: Profile) -> You:
        d = p.degree
        student = d.enrolment is Enrolment.student
        practice: float | None
        training: float | None
        specialist: bool | None
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
        steps = tuple(step_state(self, s) for s in STEP_FIELD)
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


def step_state(you: You, step: str) -> Check:
    exam = getattr(you.profile.exams, STEP_FIELD[step])
    if exam.status is ExamStatus.passed:
        return Check.met
    if exam.status is None:
        return Check.unknown
    if (exam.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP:
        return Check.not_met
    return Check.missing
