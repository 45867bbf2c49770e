"""The take-home PDF from one person's answers: timeline, chart picture, state licence, PDF.

No Streamlit here. The browser app runs `from_answers` in a separate worker process (see
`wizard.ui.summary_view`), so the CPU-heavy drawing (vl-convert for the chart, fpdf2 for the
PDF) does not hold the server's GIL while other people's pages are drawn. The worker gets only
the answers (JSON text), the date and the rules folder, keeps nothing but the rule book, and
returns the PDF bytes.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.domain.profile import Profile
    from wizard.domain.state_pathways import StatePathways
    from wizard.engine.rulebook import RuleBook
    from wizard.outputs.actions import ActionPlan
    from wizard.outputs.costs import CostEstimate
    from wizard.outputs.glance import Glance
    from wizard.outputs.plan import Plan
    from wizard.outputs.timeline import Timeline

log = logging.getLogger(__name__)

#: The PDF builder shares parsed fonts across documents in one process, and two documents built
#: at once failed (KeyError in fpdf2's output under `make load`), so in-process builds take turns.
_ONE_PDF_AT_A_TIME = threading.Lock()


def _timeline(profile: Profile, book: RuleBook, on: date) -> Timeline | None:
    try:
        from wizard.outputs.timeline import build_timeline

        return build_timeline(profile, book, on=on)
    except Exception:
        log.warning("timeline could not be built for the PDF", exc_info=False)
        return None


def chart_png(timeline: Timeline | None) -> bytes | None:
    """The timeline chart as PNG for the PDF, or None (the PDF then goes without it)."""
    if timeline is None:
        return None
    try:
        from wizard.outputs.chart import chart_png as render_png
        from wizard.outputs.chart import timeline_spec

        return render_png(timeline_spec(timeline, today=timeline.on))
    except Exception:
        log.warning("timeline chart could not be drawn for the PDF", exc_info=False)
        return None


def state_licence(profile: Profile, book: RuleBook, on: date) -> StatePathways | None:
    """The PDF's "State licence" section data, or None (the PDF then goes without it)."""
    try:
        from wizard.domain.state_pathways import state_pathways_for

        return state_pathways_for(profile, book, on=on)
    except Exception:
        log.warning("state licence could not be worked out for the PDF", exc_info=False)
        return None


def dated(plan: Plan, timeline: Timeline | None, book: RuleBook) -> tuple[ActionPlan | None, Glance | None]:
    """The dated actions and the at-a-glance block for the PDF, or (None, None) without a timeline."""
    if timeline is None:
        return None, None
    try:
        from wizard.outputs.actions import build_actions
        from wizard.outputs.glance import at_a_glance

        actions = build_actions(plan, timeline, book)
        return actions, at_a_glance(plan, timeline, actions)
    except Exception:
        log.warning("dated actions could not be worked out for the PDF", exc_info=False)
        return None, None


def costs(profile: Profile, book: RuleBook, on: date, timeline: Timeline | None) -> CostEstimate | None:
    """The PDF's "What it will cost" section data, or None (the PDF then goes without it)."""
    try:
        from wizard.outputs.costs import costs_for

        return costs_for(profile, book, on=on, timeline=timeline)
    except Exception:
        log.warning("costs could not be worked out for the PDF", exc_info=False)
        return None


def build(profile: Profile, book: RuleBook, plan: Plan, on: date, whatif: tuple[str, ...] = ()) -> bytes:
    """The PDF for these results, in this process."""
    from wizard.outputs.report import build_pdf

    timeline = _timeline(profile, book, on)
    png = chart_png(timeline)
    licence = state_licence(profile, book, on)
    actions, glance = dated(plan, timeline, book)
    fees = costs(profile, book, on, timeline)
    with _ONE_PDF_AT_A_TIME:
        return build_pdf(
            profile,
            plan,
            timeline,
            on=on,
            chart_png=png,
            state_licence=licence,
            actions=actions,
            glance=glance,
            whatif=whatif,
            costs=fees,
        )


@lru_cache(maxsize=4)
def _book(rules_dir: str) -> RuleBook:
    from wizard.domain.book import load_rulebook

    # The server checked this folder's dates when it loaded it; the worker only reads it again.
    return load_rulebook(rules_dir)


def from_answers(answers_json: str, on_iso: str, rules_dir: str, whatif: tuple[str, ...] = ()) -> bytes:
    """The worker's job: the answers file's JSON, an ISO date, the rules folder and the lines of
    a kept what-if comparison → PDF bytes.

    The rule book is loaded once per (folder, date) and kept; the answers are not kept.
    """
    from wizard.domain.profile import parse_profile
    from wizard.engine.evaluation import evaluate
    from wizard.outputs.plan import build_plan

    on = date.fromisoformat(on_iso)
    book = _book(rules_dir)
    profile = parse_profile(answers_json, today=on)
    return build(profile, book, build_plan(evaluate(book, profile, on=on), book), on, whatif)


def warm_up() -> None:
    """Run once in a fresh worker: import the heavy modules before the first job."""
    import wizard.outputs.chart
    import wizard.outputs.report
    import wizard.outputs.timeline  # noqa: F401
