"""Facts about the target state's licence and the state pathways that need no US residency.

Owns: the derived facts that read the per-state data (the target state's pathway, how the
person fits it, its status, how many states fit, the target state's GME years). They join the
registry in `wizard.domain.facts` when that module is imported.
Must not know: Streamlit, the clock, or any particular rule.
"""

from __future__ import annotations

from wizard.domain.facts import Context, derived
from wizard.domain.states import StateRecord
from wizard.engine.vocabulary import FactType

_PATHWAY_ASKS = (
    "target.state",
    "target.job_offer_in_state",
    "degree.enrolment",
    "degree.licensed_abroad",
    "degree.practice_years_abroad",
    "degree.postgrad_training_years_abroad",
    "degree.specialist_certified_abroad",
    "exams.ecfmg_certified",
    "exams.step1.status",
    "exams.step2ck.status",
    "exams.step3.status",
    "exams.oet.status",
    "status.us_status",
)
PATHWAY_FITS = ("qualifies", "could_qualify", "does_not_qualify", "unknown", "no_pathway")
PATHWAY_STATUSES = ("law_only", "rules_pending", "accepting_applications", "licences_issued", "unknown", "no_pathway")


def _target_record(ctx: Context) -> StateRecord | None:
    """The target state's record, or None when no state is chosen or no state data is loaded."""
    code = ctx.profile.target.state
    if code is None or ctx.states is None or code not in ctx.states:
        return None
    return ctx.states.get(code)


@derived(
    "target_state_alt_pathway",
    FactType.bool,
    "Your target state has a law for a full licence without a US residency",
    ("target.state",),
)
def _target_alt_pathway(ctx: Context) -> bool | None:
    record = _target_record(ctx)
    if record is None:
        return None
    if record.full_pathways:
        return True
    return False if record.alternative_pathway_law.value is False else None


@derived(
    "target_state_pathway_fit",
    FactType.enum,
    "How you fit your target state's licence pathway without a US residency",
    _PATHWAY_ASKS,
    PATHWAY_FITS,
)
def _target_pathway_fit(ctx: Context) -> str | None:
    record = _target_record(ctx)
    if record is None or ctx.states is None:
        return None
    if not record.full_pathways:
        return "no_pathway" if record.alternative_pathway_law.value is False else None
    from wizard.domain.state_pathways import best_verdict

    verdict = best_verdict(ctx.profile, ctx.states, record.code)
    return verdict.value if verdict else None


@derived(
    "target_state_pathway_status",
    FactType.enum,
    "How far your target state's pathway without a US residency has got",
    ("target.state",),
    PATHWAY_STATUSES,
)
def _target_pathway_status(ctx: Context) -> str | None:
    record = _target_record(ctx)
    if record is None:
        return None
    if not record.full_pathways:
        return "no_pathway" if record.alternative_pathway_law.value is False else None
    return record.full_pathways[0].status.value.value


@derived(
    "qualifying_pathway_states_count",
    FactType.number,
    "States where you appear to qualify for a licence without a US residency, or would with a job offer",
    _PATHWAY_ASKS,
)
def _qualifying_states(ctx: Context) -> int | None:
    if ctx.states is None:
        return None
    from wizard.domain.state_pathways import count_fitting_states

    return count_fitting_states(ctx.profile, ctx.states)


@derived(
    "target_state_gme_years_img",
    FactType.number,
    "Years of US residency (GME) your target state requires of IMGs for a full licence",
    ("target.state",),
)
def _target_gme_years(ctx: Context) -> int | None:
    record = _target_record(ctx)
    return None if record is None else record.gme.img_years.value
