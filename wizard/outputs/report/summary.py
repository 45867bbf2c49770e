"""The whole PDF summary, section by section: `build_pdf`.

Owns: the order of the sections and the document's metadata (title, creator, date, language).

Must not know: Streamlit, the clock (the date comes in as `on`), or how the chart is drawn
(the caller passes its PNG bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from wizard.domain.profile import Profile
from wizard.outputs.changes import stamped
from wizard.outputs.plan import Plan
from wizard.outputs.report.actions_section import action_details, actions_section, glance_section
from wizard.outputs.report.answers import answers_section
from wizard.outputs.report.attachment import attach_answers
from wizard.outputs.report.costs_section import costs_section
from wizard.outputs.report.document import APP_NAME, CAP_TITLE, Summary, cap
from wizard.outputs.report.plan_sections import about, cards, needs_answers, plan_items, title_block
from wizard.outputs.report.state_licence import state_licence_section
from wizard.outputs.report.timeline_section import timeline_section
from wizard.outputs.report.whatif_section import whatif_section

if TYPE_CHECKING:
    from wizard.domain.state_pathways import StatePathways
    from wizard.outputs.actions import ActionPlan
    from wizard.outputs.costs import CostEstimate
    from wizard.outputs.glance import Glance
    from wizard.outputs.timeline import Timeline


def build_pdf(
    profile: Profile,
    plan: Plan,
    timeline: Timeline | None = None,
    *,
    on: date,
    chart_png: bytes | None = None,
    state_licence: StatePathways | None = None,
    actions: ActionPlan | None = None,
    glance: Glance | None = None,
    whatif: Sequence[str] = (),
    costs: CostEstimate | None = None,
) -> bytes:
    """The take-home summary as PDF bytes; the same inputs always give the same bytes.

    `state_licence` (from `wizard.domain.state_pathways.state_pathways_for`) adds the "State licence"
    section; without it the section is left out. `glance` and `actions` (from
    `wizard.outputs.glance` and `wizard.outputs.actions`) open page 1 with the plan at a glance and
    what to do by when; each action's why follows the summary. The answers are an appendix.
    `whatif` (lines of `wizard.outputs.whatif.comparison_lines`) adds the comparison the person kept.
    `costs` (from `wizard.outputs.costs.costs_for`) adds "What it will cost".
    """
    stamp = datetime(on.year, on.month, on.day, tzinfo=UTC)
    pdf = Summary()
    pdf.set_creation_date(stamp)
    pdf.set_title(f"{APP_NAME}: plan summary")
    pdf.set_creator(APP_NAME)
    pdf.set_lang("en")
    attach_answers(pdf, stamped(profile, plan), stamp)  # with the rule book's stamp, for "what changed"
    pdf.add_page()
    title_block(pdf, profile, plan, on)
    plan_items(pdf, "Who this plan is for", plan.scope, on)  # said first, as on the plan page
    if glance is not None:
        glance_section(pdf, glance)
    if actions is not None:
        actions_section(pdf, actions)
    cards(pdf, plan)
    plan_items(pdf, "Warnings", plan.warnings, on)
    plan_items(
        pdf,
        "Your next steps",
        plan.next_steps,
        on,
        intro="In the order they depend on each other. Each says why it shows and where it comes from.",
        numbered=True,
    )
    plan_items(
        pdf,
        "After this is resolved",
        plan.after_blockers,
        on,
        intro="These wait until " + "; ".join(b.title for b in plan.blockers) + " is resolved, so none is dated.",
    )
    plan_items(pdf, "Still missing", plan.missing, on, intro="Requirements your answers show are not met yet.")
    plan_items(pdf, "Fast tracks", plan.fast_tracks, on, intro="Routes that may shorten your path.")
    if not plan.scope:  # the state routes, years for IMGs and IMG fees are not for someone who is not one
        state_licence_section(pdf, state_licence, on)
        costs_section(pdf, costs, on)
    plan_items(pdf, "Good to know", plan.info, on)
    if plan.met:
        pdf.heading("Already done")
        pdf.bullets(cap(i.title, CAP_TITLE) for i in plan.met)
    needs_answers(pdf, plan)
    if actions is not None:
        action_details(pdf, actions, on)
    timeline_section(pdf, timeline, chart_png, on)
    whatif_section(pdf, whatif)
    about(pdf)
    pdf.add_page()  # the answers last, as an appendix: the plan comes first
    answers_section(pdf, profile, title="Appendix: your answers")
    return bytes(pdf.output())
