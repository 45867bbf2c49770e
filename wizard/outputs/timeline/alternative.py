"""The alternative licence track: a licence in the target state without a US residency.

When the person appears to fit the target state's full pathway (or would with a job offer
only), a second track beside residency: find a qualifying employer, the board's application,
the provisional licence, the full licence.

Owns: when that track is shown, its phases and dates (planning assumptions where nothing is
published), and the notes when the pathway is still open but not yet dated.

Must not know: the residency track or the Match, how the state pathways are judged (it asks
`wizard.domain.state_pathways`), Streamlit or the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wizard.domain.profile import ExamStatus
from wizard.domain.state_pathways import Assessment, Check, Verdict, assess_state, best_for
from wizard.domain.states import ImplementationStatus, StateBook
from wizard.engine.provenance import Source
from wizard.outputs.timeline.durations import add_years, plus
from wizard.outputs.timeline.model import ALTERNATIVE_PREFIX, ALTERNATIVE_TRACK, LANES, TYPICAL, Phase, dedupe
from wizard.outputs.timeline.planner import Planner

_CAN_APPLY_LATER = (ImplementationStatus.law_only, ImplementationStatus.rules_pending)


def _target_pathway(planner: Planner) -> Assessment | None:
    """The target state's best-fitting full pathway, judged as the plan judges it."""
    code = planner.p.target.state
    states = getattr(planner.book, "states", None)
    if code is None or not isinstance(states, StateBook) or code not in states:
        return None
    if not states.get(code).full_pathways:
        return None
    return best_for(assess_state(planner.p, states, code, on=planner.on), code)


def _stage(a: Assessment, label: str) -> Any:
    return next((s for s in a.stages if s.label == label), None)


def _alt_sources(a: Assessment, *parts: tuple[Source, ...]) -> tuple[Source, ...]:
    return dedupe([s for part in parts for s in part] or a.sources)


def alternative_track(planner: Planner) -> list[Phase]:
    """Phases on `ALTERNATIVE_TRACK` when the person appears to fit the target state's pathway
    (or would with a job offer only); otherwise none, with a note when the pathway is still open.

    Dates run from the evaluation date. Nothing here is published as a duration: the job search
    and the board's processing are planning assumptions (labelled), the provisional years and the
    years to a full licence come from the state record, and an unknown stays an unknown end.
    """
    a = _target_pathway(planner)
    if a is None:
        return []
    where = f"{a.state_name}'s {a.pathway}"
    other_pieces = [c for c in a.checks if c.status is Check.missing and c.key != "job_offer"]
    if a.verdict is Verdict.unknown:
        planner.note(
            f"Whether you qualify for {where} (a licence without a US residency) is unknown, so the "
            "timeline does not date that route: the “Your state licence” part of your plan says "
            "what decides it."
        )
        return []
    if a.verdict is Verdict.could_qualify and other_pieces:
        pieces = "; ".join(p for c in other_pieces for p in c.pieces)
        planner.note(
            f"You could qualify for {where} once you have: {pieces}. The timeline does not date that route until then."
        )
        return []
    if a.verdict is not Verdict.qualifies and not a.only_missing_job_offer:
        return []

    code = a.code
    on = planner.on
    job_check = next((c for c in a.checks if c.key == "job_offer"), None)
    job_sources = job_check.sources if job_check else ()
    phases: list[Phase] = []
    starts = [on, on, on]

    # 1. A job offer from a qualifying employer, when it is still missing.
    if job_check is not None and job_check.status is Check.missing:
        search = planner.span("pathway_job_search")
        ends = [plus(on, search[i]) for i in range(len(LANES))]
        phases.append(
            Phase(
                id="pathway_job_offer",
                label=f"{ALTERNATIVE_PREFIX}job offer",
                track=ALTERNATIVE_TRACK,
                start=on,
                end_optimistic=ends[0],
                end_typical=ends[1],
                end_conservative=ends[2],
                estimated=True,
                projected=False,
                sources=_alt_sources(a, job_sources, a.status_sources),
                note=(
                    f"Find an employer in {a.state_name} the law accepts and get a job offer; the "
                    f"state asks: {job_check.state.rstrip('.')}. No time for this is published: these pathways "
                    "are new and few employers have hired through them yet, so the dates are a "
                    "planning assumption, not a published number."
                ),
            )
        )
        starts = ends

    # 2. The board's application for the provisional licence.
    processing = planner.span("pathway_licence_processing")
    status = a.status
    if status in _CAN_APPLY_LATER:
        applied: list[date | None] = [None, None, None]
        when = (
            f"{a.state_name}'s board is not taking applications yet ({a.status_label}), so when "
            "you can apply is unknown."
        )
    else:
        applied = [plus(starts[i], processing[i]) for i in range(len(LANES))]
        when = "The board's processing time is not published: a planning assumption, not a published number."
        if status is ImplementationStatus.unknown:
            planner.assume(
                f"{a.state_name}: whether the board is taking applications for its pathway is not "
                "confirmed; the pathway dates assume it is."
            )
            when += " Whether the board is taking applications is not confirmed."
    phases.append(
        Phase(
            id="pathway_application",
            label=f"{ALTERNATIVE_PREFIX}apply to the board",
            track=ALTERNATIVE_TRACK,
            start=starts[TYPICAL],
            end_optimistic=applied[0],
            end_typical=applied[1],
            end_conservative=applied[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, a.status_sources, a.law_sources),
            note=f"You apply with your employer. Status: {a.status_label}. {when}",
            start_optimistic=starts[0],
            start_conservative=starts[2],
        )
    )

    # 3. The provisional licence, for the years the state sets.
    years = a.provisional_years
    stage = _stage(a, "Provisional stage")
    prov_end = [add_years(d, years) if d is not None and years is not None else None for d in applied]
    length = stage.text if stage is not None else "unknown — not published/confirmed"
    begins = applied[TYPICAL] or starts[TYPICAL]
    phases.append(
        Phase(
            id="pathway_provisional",
            label=f"{ALTERNATIVE_PREFIX}provisional licence",
            track=ALTERNATIVE_TRACK,
            start=begins,
            end_optimistic=prov_end[0],
            end_typical=prov_end[1],
            end_conservative=prov_end[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, stage.sources if stage else (), a.law_sources),
            note=(
                f"{where}; law: {a.law or 'unknown — not published/confirmed'}. A provisional licence "
                f"tied to your employer. Provisional stage: {length}."
                + ("" if applied[TYPICAL] is not None else " It cannot start before the board opens applications.")
            ),
            start_optimistic=applied[0],
            start_conservative=applied[2],
        )
    )

    # 4. The full licence.
    full = _stage(a, "Years to a full licence")
    to_full = a.years_to_full
    full_at = [add_years(d, to_full) if d is not None and to_full is not None else None for d in applied]
    note = (
        "Years from the provisional licence to a full one: "
        + (full.text if full is not None else "unknown — not published/confirmed")
        + ". The board must still grant the full licence."
    )
    step3 = _stage(a, "Step 3 for the full licence")
    if step3 is not None and step3.known and step3.value and planner.exam_status("step3") is not ExamStatus.passed:
        note += " Step 3 is required for the full licence and you have not passed it yet."
    elif step3 is not None and not step3.known:
        note += " Whether Step 3 is required for it is not published."
    milestone = full_at[TYPICAL] is not None
    phases.append(
        Phase(
            id="pathway_full_licence",
            label=f"{ALTERNATIVE_PREFIX}full licence ({code})",
            track=ALTERNATIVE_TRACK,
            start=full_at[TYPICAL] or prov_end[TYPICAL] or begins,
            end_optimistic=full_at[0],
            end_typical=full_at[1],
            end_conservative=full_at[2],
            estimated=True,
            projected=False,
            sources=_alt_sources(a, full.sources if full else (), step3.sources if step3 else (), a.law_sources),
            note=note,
            milestone=milestone,
            start_optimistic=full_at[0] if milestone else None,
            start_conservative=full_at[2] if milestone else None,
        )
    )
    planner.note(
        f"The rows starting “{ALTERNATIVE_PREFIX.strip()}” are a second route beside residency, not after it: "
        f"{where}, a licence without a US residency. It gives no visa or work authorization."
    )
    return phases
