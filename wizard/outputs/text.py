"""The plan and the state table as plain text, for a terminal or a plain-text e-mail.

Owns: how a plan (with its at-a-glance block and dated actions) and the per-state table read
as text: wrapping, markers for volatile, stale and overdue sources, the order of sections.
Must not know: argument parsing, files, exit codes (the CLI's), or Streamlit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from wizard.outputs.actions import ActionPlan, Group
from wizard.outputs.glance import Glance
from wizard.outputs.plan import Plan, PlanItem, overdue_words, source_marks


def wrap(text: str, indent: str, hang: str | None = None) -> str:
    return textwrap.fill(text, width=92, initial_indent=indent, subsequent_indent=indent if hang is None else hang)


def _item_text(i: PlanItem, number: str = "-") -> list[str]:
    flags = [f for f, on in (("changes often", i.volatile), ("source possibly out of date", i.stale)) if on]
    if i.review_overdue:
        flags.append(f"review overdue since {i.review_overdue.isoformat()}")
    head = f"{number} {i.title}" + (f"  [{'; '.join(flags)}]" if flags else "")
    lines = [head, wrap(i.text, "    ")]
    overdue = overdue_words(i)
    if overdue:
        lines.append(wrap(overdue, "    "))
    for why in i.why:
        lines.append(wrap(f"why: {why}", "    "))
    for s in i.sources:
        lines.append(f"    source: {s.title} ({', '.join(source_marks(s))}): {s.url}")
    return lines


def glance_as_text(glance: Glance) -> list[str]:
    title = "At a glance"
    out = [title, "=" * len(title), wrap(glance.headline, ""), wrap(glance.between_sentence, "")]
    if glance.urgent:
        out.append("Most urgent:")
        out += [wrap(f"{n}. {a.sentence}", "  ", "     ") for n, a in enumerate(glance.urgent, 1)]
    return out


def actions_as_text(actions: ActionPlan) -> list[str]:
    title = "What to do, by when"
    out = ["", title, "-" * len(title)]
    for group in Group:
        chosen = actions.group(group)
        if not chosen:
            continue
        out.append(f"{group.value}:")
        for a in chosen:
            out.append(wrap(f"- {a.sentence}", "  ", "    "))
            if a.blocks_match:
                out.append(wrap(f"if it slips: {a.if_it_slips}", "    "))
    if actions.undated:
        out.append("Also to do (the timeline gives these no date): " + "; ".join(i.title for i in actions.undated))
    return out


def plan_as_text(plan: Plan, glance: Glance | None = None, actions: ActionPlan | None = None) -> str:
    book = f"rule book {plan.rule_book_version} of {plan.rule_book_date}, " if plan.rule_book_version else ""
    out = [f"Your plan on {plan.on} ({book}rules checked up to {plan.rules_as_of})", ""]
    if plan.overdue_count:
        out[1:1] = [
            f"{plan.overdue_count} item{'s' if plan.overdue_count != 1 else ''} below rest on sources past their "
            "review date: marked 'review overdue'."
        ]
    for i in plan.scope:  # who the plan is for, before anything else
        out += [i.title.upper(), wrap(i.text, "    "), ""]
    if glance is not None:
        out += [*glance_as_text(glance), ""]
    if actions is not None:
        out += [*actions_as_text(actions), ""]
    for card in plan.cards:
        out.append(f"[{card.state.value.upper():7}] {card.label}")
        for i in card.missing:
            out.append(wrap(f"missing: {i.title}", "          "))
    sections = (
        ("Next steps, in order", plan.next_steps, True),
        ("After this is resolved: " + "; ".join(b.title for b in plan.blockers), plan.after_blockers, False),
        ("Still missing", plan.missing, False),
        ("Fast tracks that fit you", plan.fast_tracks, False),
        ("Warnings", plan.warnings, False),
        ("Good to know", plan.info, False),
        ("Already met", plan.met, False),
    )
    for title, items, numbered in sections:
        if not items:
            continue
        out += ["", title, "-" * len(title)]
        for n, i in enumerate(items, 1):
            out += _item_text(i, f"{n}." if numbered else "-")
    if plan.needs_answers:
        out += ["", "Answer these to see more", "------------------------"]
        for need in plan.needs_answers:
            out.append(wrap(f"- {need.label} (unlocks: {', '.join(need.unlocks)})", ""))
    if plan.not_yet_known:
        out += ["", "Not yet published", "-----------------"]
        out += [f"- {label}" for label in plan.not_yet_known]
    out += [
        "",
        "This is guidance, not legal or immigration advice. Check with ECFMG, the state medical",
        "board and an immigration attorney before you act.",
    ]
    return "\n".join(out)


#: Columns of `img-wizard states --format table` (JSON and CSV carry every column).
STATE_TABLE_COLUMNS = (
    ("code", "code"),
    ("gme_years_img", "GME IMG"),
    ("gme_years_us", "GME US"),
    ("usmle_time_limit_years", "USMLE yrs"),
    ("usmle_attempt_limit_per_step", "attempts"),
    ("alt_pathway_kind", "pathway"),
    ("alt_pathway_status", "status"),
    ("conrad30", "Conrad 30"),
    ("oldest_as_of", "oldest as of"),
)


def _cell(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def states_as_table(rows: list[dict[str, Any]]) -> str:
    heads = [h for _, h in STATE_TABLE_COLUMNS]

    def cell(row: dict[str, Any], key: str) -> str:
        if key in ("alt_pathway_kind", "alt_pathway_status") and row[key] is None and row["alt_pathway_law"] is False:
            return "none"  # no pathway law and no limited program: not unknown
        return _cell(row[key])

    body = [[cell(r, k) for k, _ in STATE_TABLE_COLUMNS] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(heads, *body, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(heads), line(["-" * w for w in widths]), *(line(b) for b in body)])
