"""One dated action list: what to do now, next and later, each action with its window from the
timeline, its slack and its why.

Owns: which timeline phases are things to do (`ACTION_PHASES`), which plan items (next steps,
missing requirements, fast tracks) belong to each, the action's dates (start, do-by in the
typical lane, the optimistic/conservative spread, the latest day it can slip without losing the
Match the plan aims at), the order (blockers of that Match first, then do-by, then dependency
order), the groups (Now, Next 3 months, Later, After Match Day), and the at-a-glance summary.

One truth: every action phase the timeline schedules becomes exactly one dated action, and an
action is dated only from a timeline phase; plan items with no phase on the timeline stay
undated. Information items are never actions.

Must not know: Streamlit, the clock (`Plan.on` / `Timeline.on` are the evaluation date), or how
actions are drawn, printed or written to a calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from wizard.engine.provenance import Source
from wizard.outputs.plan import Plan, PlanItem
from wizard.outputs.timeline import Phase, Timeline, fmt
from wizard.outputs.timeline.durations import resolve_span
from wizard.outputs.timeline.exams import latest_sitting
from wizard.outputs.timeline.match_calendar import MatchCalendar
from wizard.outputs.timeline.model import TYPICAL, dedupe

NOW_DAYS = 30
NEXT_DAYS = 91  # three months


class Group(StrEnum):
    now = "Now (next 30 days)"
    next = "Next 3 months"
    later = "Later"
    after_match = "After Match Day"


@dataclass(frozen=True)
class ActionSpec:
    """How a timeline phase becomes an action: its title, the phases that make its window, which
    edge of the last phase is the do-by day, and what it depends on."""

    title: str
    phases: tuple[str, ...]
    do_by: str  # "start" (do it by the day the phase starts) or "end"
    depends_on: tuple[str, ...] = ()
    blocks_match: bool = True


#: Every timeline phase that is something to do, keyed by the action id (a phase id). Phases
#: that are outcomes, not actions (interviews, Match Day, residency, the provisional and full
#: licence of the alternative track), are not here.
ACTION_PHASES: dict[str, ActionSpec] = {
    "credentials": ActionSpec("Get your diploma and transcript verified by ECFMG", ("credentials",), "end"),
    "step1": ActionSpec("Sit Step 1", ("step1_prep", "step1_exam"), "start", ("credentials",)),
    "step2ck": ActionSpec("Sit Step 2 CK", ("step2ck_prep", "step2ck_exam"), "start", ("credentials",)),
    "oet": ActionSpec("Take OET Medicine", ("oet",), "end"),
    "pathways": ActionSpec("Apply for a Pathway", ("pathways",), "start", ("oet",)),
    "ecfmg_certificate": ActionSpec(
        "Get your ECFMG certificate",
        ("ecfmg_certificate",),
        "end",
        ("credentials", "step1", "step2ck", "pathways"),
    ),
    "eras": ActionSpec("Apply through ERAS", ("eras",), "end", ("step1", "step2ck")),
    "rank_list": ActionSpec(
        "Register with the NRMP and certify your rank list", ("rank_list",), "end", ("eras", "pathways")
    ),
    "step3": ActionSpec("Pass Step 3", ("step3",), "end", (), blocks_match=False),
    "licence": ActionSpec("Apply for your full licence", ("licence",), "end", ("step3",), blocks_match=False),
    "pathway_job_offer": ActionSpec(
        "No residency: find a qualifying employer", ("pathway_job_offer",), "end", (), blocks_match=False
    ),
    "pathway_application": ActionSpec(
        "No residency: apply to the board",
        ("pathway_application",),
        "end",
        ("pathway_job_offer",),
        blocks_match=False,
    ),
}

#: Which action each plan item (next step, missing requirement, fast track) belongs to; the
#: first action present on the timeline wins. A plan item with none present stays undated.
RULE_ACTIONS: dict[str, tuple[str, ...]] = {
    "ecfmg.check_wdoms": ("credentials",),
    "ecfmg.start_verification": ("credentials",),
    "ecfmg.credentials_verified": ("credentials",),
    "ecfmg.usmle_steps": ("step2ck", "step1"),
    "usmle.step1_prepare": ("step1",),
    "usmle.step2ck_prepare": ("step2ck",),
    "pathways.book_oet": ("oet", "pathways"),
    "pathways.pathway1": ("pathways",),
    "pathways.pathways_2_to_5": ("pathways",),
    "pathways.pathway6": ("pathways",),
    "ecfmg.clinical_skills": ("pathways",),
    "ecfmg.certificate_held": ("ecfmg_certificate",),
    "match.certificate_by_july": ("ecfmg_certificate",),
    "experience.hands_on_usce": ("eras",),
    "experience.us_letters": ("eras",),
    "experience.application_materials": ("eras",),
    "match.eras_token": ("eras",),
    "match.nrmp_register": ("rank_list",),
    "match.rank_list": ("rank_list",),
    "usmle.step3_eligible": ("step3",),
    "visa.step3_before_match": ("step3",),
    "licence.route_open": ("licence", "pathway_application"),
    "licence.target_pathway_qualifies": ("pathway_job_offer", "pathway_application"),
    "licence.target_pathway_could_qualify": ("pathway_job_offer", "pathway_application"),
}

_ORDER = tuple(ACTION_PHASES)


@dataclass(frozen=True)
class DatedAction:
    id: str  # the action id (see ACTION_PHASES)
    title: str
    phase_ids: tuple[str, ...]  # the timeline phases that date it
    start: date
    do_by: date | None  # typical lane; None: cannot be known (the why says so)
    do_by_optimistic: date | None
    do_by_conservative: date | None
    latest: date | None  # the latest day it can slip without losing the Match the plan aims at
    if_it_slips: str
    blocks_match: bool
    group: Group
    depends_on: tuple[str, ...]
    estimated: bool
    projected: bool
    why: tuple[str, ...]
    plan_items: tuple[PlanItem, ...]
    sources: tuple[Source, ...]
    open_now: bool  # it can (and should) start on the evaluation date

    @property
    def sentence(self) -> str:
        """The action in one sentence, with its dates."""
        when = "now" if self.open_now else fmt(self.start)
        if self.do_by is not None and self.do_by == self.start and not self.open_now:
            text = f"{self.title}: on {fmt(self.do_by)}"
        elif self.do_by is not None:
            text = f"{self.title}: from {when}; by {fmt(self.do_by)}"
        else:
            text = f"{self.title}: from {when}; by when is not known yet"
        if self.do_by is not None:
            spread = _spread(self)
            if spread:
                text += f" ({spread})"
        if self.latest is not None and self.blocks_match:
            text += f"; at the latest {fmt(self.latest)}"
        if self.projected:
            text += " (projected dates)"
        return text + "."


@dataclass(frozen=True)
class ActionPlan:
    on: date
    match_year: int | None
    dated: tuple[DatedAction, ...]  # in reading order
    undated: tuple[PlanItem, ...]  # actions the timeline gives no window (still things to do)

    def group(self, group: Group) -> tuple[DatedAction, ...]:
        return tuple(a for a in self.dated if a.group is group)

    def action(self, action_id: str) -> DatedAction:
        return next(a for a in self.dated if a.id == action_id)

    def most_urgent(self, n: int = 3) -> tuple[DatedAction, ...]:
        return self.dated[:n]


def _spread(a: DatedAction) -> str:
    lo, hi = a.do_by_optimistic, a.do_by_conservative
    if lo is None or hi is None or (lo == a.do_by and hi == a.do_by):
        return ""
    return f"{fmt(lo)} to {fmt(hi)} across the lanes"


def action_items(plan: Plan) -> tuple[PlanItem, ...]:
    """The plan items that are something to do: next steps, missing requirements, fast tracks."""
    return plan.next_steps + plan.missing + plan.fast_tracks


def _typical_days(book: Any, duration_id: str) -> float:
    return resolve_span(getattr(book, "data", None), duration_id)[TYPICAL]


def _edge(phase: Phase, edge: str) -> tuple[date | None, date | None, date | None]:
    if edge == "start":
        return phase.start, phase.start_optimistic or phase.start, phase.start_conservative or phase.start
    return phase.end_typical, phase.end_optimistic, phase.end_conservative


class _Deadlines:
    """The latest day each Match-blocking action can slip to without losing the typical lane's Match."""

    def __init__(self, timeline: Timeline, book: Any, present: set[str]):
        self.t = timeline
        self.book = book
        self.present = present
        self.lane = timeline.lane("typical")
        tables = getattr(book, "data", None)
        self.cal = MatchCalendar(tables) if tables is not None else None

    def latest(self, action_id: str) -> date | None:
        """None for an action no Match date depends on (or when no Match is in reach)."""
        if self.lane.match_year is None:
            return None
        rule = {
            "credentials": self._credentials,
            "step1": self._step1,
            "step2ck": self._step2ck,
            "oet": self._pathways,  # the result must be in when the Pathway application goes in
            "pathways": self._pathways,
            "ecfmg_certificate": self._ecfmg_certificate,
            "eras": self._eras,
            "rank_list": self._rank_list,
            "step3": self._step3,
        }.get(action_id)
        return rule() if rule else None

    def _step2ck(self) -> date | None:
        review = self.lane.competitive_deadline
        return latest_sitting(review, _typical_days(self.book, "score_release_step2ck")) if review else None

    def _step1(self) -> date | None:
        if "step2ck" in self.present:
            s2 = self._step2ck()
            return s2 - timedelta(days=round(_typical_days(self.book, "study_step2ck"))) if s2 else None
        review = self.lane.competitive_deadline
        return latest_sitting(review, _typical_days(self.book, "score_release_step1")) if review else None

    def _credentials(self) -> date | None:
        """Registration for a Step waits for verification; with both Steps passed, the certificate does."""
        steps = [
            latest() for name, latest in (("step1", self._step1), ("step2ck", self._step2ck)) if name in self.present
        ]
        if not steps:
            cert = self._ecfmg_certificate()
            return cert - timedelta(days=round(_typical_days(self.book, "ecfmg_certificate_issue"))) if cert else None
        sits = [d for d in steps if d is not None]
        if not sits:
            return None
        return min(sits) - timedelta(days=round(_typical_days(self.book, "booking_step1_step2ck")))

    def _pathways(self) -> date | None:
        rol = self.lane.rank_list_deadline
        if rol is None:
            return None
        latest = rol - timedelta(days=round(_typical_days(self.book, "pathways_decision")))
        year = self.lane.match_year
        if self.cal is not None and year is not None:
            closes = self.cal.season_date(year, "application_closes").value
            if closes is not None:
                latest = min(latest, closes)
        return latest

    def _ecfmg_certificate(self) -> date | None:
        start = self.lane.residency_start
        return start - timedelta(days=1) if start else None

    def _eras(self) -> date | None:
        return self.lane.competitive_deadline

    def _rank_list(self) -> date | None:
        return self.lane.rank_list_deadline

    def _step3(self) -> date | None:
        # Only Step 3 before the Match (for an H-1B) can cost the Match: programs rank on it.
        step3 = self.t.phase("step3") if "step3" in self.present else None
        md = self.lane.match_day
        if step3 is None or md is None or step3.start >= md:
            return None
        return self.lane.rank_list_deadline


def _group(start: date, on: date, match_day: date | None) -> Group:
    if match_day is not None and start >= match_day:
        return Group.after_match
    if start <= on + timedelta(days=NOW_DAYS):
        return Group.now
    if start <= on + timedelta(days=NEXT_DAYS):
        return Group.next
    return Group.later


def _title(action_id: str, spec: ActionSpec, t: Timeline, plan: Plan) -> str:
    warned = {i.id for i in plan.warnings}
    if action_id == "oet" and warned & {"pathways.oet_too_old", "pathways.oet_below_minimums"}:
        return "Take OET Medicine again"
    if action_id in ("step1", "step2ck"):
        name = "Step 1" if action_id == "step1" else "Step 2 CK"
        return f"Retake {name}" if "retake" in t.phase(f"{action_id}_exam").label else f"Sit {name}"
    if action_id == "step3":
        step3 = t.phase("step3")
        if t.match_day is not None and step3.start < t.match_day:
            return "Pass Step 3 before the Match (for an H-1B)"
    if action_id == "licence" and t.target_state:
        return f"Apply for your full licence in {t.target_state}"
    return spec.title


def _slip_text(action: str, year: int | None, latest: date | None, blocks: bool) -> str:
    if year is None or latest is None or not blocks:
        return "No Match date depends on it."
    if action == "step3":
        return f"Then an H-1B program may not rank you: a J-1, or the {year + 1} Match."
    if action == "ecfmg_certificate":
        return f"Then you cannot start residency on 1 July {year}: the {year + 1} Match."
    return f"Then the {year + 1} Match."


def build_actions(plan: Plan, timeline: Timeline, book: Any) -> ActionPlan:
    """The dated action list for this plan and timeline (built from the same answers and day)."""
    on = timeline.on
    phases = {p.id: p for p in timeline.phases}
    present = {a for a, spec in ACTION_PHASES.items() if any(pid in phases for pid in spec.phases)}
    attached: dict[str, list[PlanItem]] = {a: [] for a in present}
    undated: list[PlanItem] = []
    for item in action_items(plan):
        target = next((a for a in RULE_ACTIONS.get(item.id, ()) if a in present), None)
        if target is None:
            undated.append(item)
        else:
            attached[target].append(item)
    deadlines = _Deadlines(timeline, book, present)
    year = timeline.earliest_match_year
    actions = []
    for action_id in _ORDER:
        if action_id not in present:
            continue
        spec = ACTION_PHASES[action_id]
        own = [phases[pid] for pid in spec.phases if pid in phases]
        typical, optimistic, conservative = _edge(own[-1], spec.do_by)
        start = min(p.start for p in own)
        latest = deadlines.latest(action_id)
        items = attached[action_id]
        # Step 3 blocks the Match only when it is planned before it (for an H-1B).
        blocks = latest is not None if action_id == "step3" else spec.blocks_match
        actions.append(
            DatedAction(
                id=action_id,
                title=_title(action_id, spec, timeline, plan),
                phase_ids=tuple(p.id for p in own),
                start=start,
                do_by=typical,
                do_by_optimistic=optimistic,
                do_by_conservative=conservative,
                latest=latest,
                if_it_slips=_slip_text(action_id, year, latest, blocks),
                blocks_match=blocks and year is not None,
                group=_group(start, on, timeline.match_day),
                # A test the person has booked keeps its date, whatever the plan would have put first.
                depends_on=() if own[-1].given else tuple(d for d in spec.depends_on if d in present),
                estimated=any(p.estimated for p in own),
                projected=any(p.projected for p in own),
                why=tuple(dict.fromkeys([*(i.text for i in items), *(p.note for p in own if p.note)])),
                plan_items=tuple(items),
                sources=dedupe([s for i in items for s in i.sources] + [s for p in own for s in p.sources]),
                open_now=start <= on,
            )
        )
    groups = list(Group)
    actions.sort(
        key=lambda a: (
            groups.index(a.group),
            not a.blocks_match,
            a.do_by or date.max,
            _ORDER.index(a.id),
        )
    )
    return ActionPlan(on=on, match_year=year, dated=tuple(actions), undated=tuple(undated))
