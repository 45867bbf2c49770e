"""The plan at a glance: the short block the plan page, the CLI text and page 1 of the PDF open with.

Owns: what the block says (the earliest realistic Match and residency start with the lane
spread, what stands between the person and that Match, the three most urgent actions with
their dates), each as one sentence, the same words everywhere.

Must not know: Streamlit, the clock, or how the block is drawn or printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.engine.rulebook import Milestone
from wizard.outputs.actions import ActionPlan, DatedAction
from wizard.outputs.plan import Plan
from wizard.outputs.timeline import Timeline, fmt

URGENT = 3
_MATCH_MILESTONES = (Milestone.ecfmg_certification, Milestone.match_eligibility, Milestone.residency_start)


@dataclass(frozen=True)
class Glance:
    match_year: int | None
    headline: str  # the earliest realistic Match and residency start, with the lane spread
    standing_between: tuple[str, ...]  # requirement titles still missing for that Match
    urgent: tuple[DatedAction, ...]  # the most urgent actions, in reading order

    @property
    def between_sentence(self) -> str:
        if not self.standing_between:
            return "Nothing stands between you and that Match but the Match cycle itself."
        return "What stands between you and that Match: " + "; ".join(self.standing_between) + "."

    def lines(self) -> list[str]:
        """The block as plain sentences: headline, what stands between, then the urgent actions."""
        return [self.headline, self.between_sentence, *(a.sentence for a in self.urgent)]


def _headline(timeline: Timeline, plan: Plan) -> str:
    typical = timeline.lane("typical")
    if plan.scope:  # not an IMG: no IMG dates, and no claim that the Match is out of reach
        return timeline.decided_by
    if typical.match_year is None:
        return f"No Match is in reach on these answers: {timeline.decided_by}"
    years = {lp.lane: lp.match_year for lp in timeline.lanes}
    spread = ""
    if len(set(years.values())) > 1:
        spread = f" (between the {years['optimistic'] or 'none'} and {years['conservative'] or 'none'} Match across the lanes)"
    projected = " (projected calendar)" if typical.projected else ""
    text = f"Earliest realistic Match: {typical.match_year}{projected}{spread}"
    if typical.match_day is not None:
        text += f", Match Day {fmt(typical.match_day)}"
    if typical.residency_start is not None:
        text += f"; residency starts {fmt(typical.residency_start)}"
    return text + "."


def at_a_glance(plan: Plan, timeline: Timeline, actions: ActionPlan) -> Glance:
    missing: dict[str, None] = {}
    for card in plan.cards:
        if card.milestone in _MATCH_MILESTONES:
            for item in card.missing:
                missing.setdefault(item.title, None)
    if not timeline.residency_track and not plan.scope:
        missing.setdefault(timeline.decided_by.split(". ")[0].rstrip("."), None)
    return Glance(
        match_year=timeline.earliest_match_year,
        headline=_headline(timeline, plan),
        standing_between=tuple(missing),
        urgent=actions.most_urgent(URGENT),
    )
