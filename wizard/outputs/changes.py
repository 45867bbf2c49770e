"""What changed since a person's last visit: their plan then (as fingerprinted in the saved answers
file or PDF) against their plan now, each difference with the changelog lines that explain it.

Owns: the stamp written into a saved answers file (`stamp_for`: rule-book version and date, and a
short fingerprint of every plan item) and the comparison (`what_changed`).

Must not know: Streamlit, the clock, or how the comparison is drawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from wizard.domain.profile import Profile, RuleBookStamp
from wizard.engine.changelog import Change
from wizard.engine.rulebook import RuleBook
from wizard.outputs.plan import Plan, PlanItem


def fingerprint(item: PlanItem) -> str:
    """Short and stable: the item's kind, outcome and the words it shows."""
    text = f"{item.kind.value}|{item.outcome.value}|{item.text}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def stamp_for(plan: Plan) -> RuleBookStamp | None:
    if plan.rule_book_version is None or plan.rule_book_date is None:
        return None
    items = {i.id: fingerprint(i) for i in plan.items()}
    return RuleBookStamp(version=plan.rule_book_version, date=plan.rule_book_date, items=items)


def stamped(profile: Profile, plan: Plan) -> Profile:
    """The answers with the rule book's stamp, as saved in the answers file and the PDF."""
    return profile.model_copy(update={"rule_book": stamp_for(plan)})


@dataclass(frozen=True)
class ChangedItem:
    id: str
    title: str
    how: str  # "new", "gone" or "changed"
    why: tuple[Change, ...]  # the changelog lines naming it, since the saved version


@dataclass(frozen=True)
class WhatChanged:
    saved_version: str
    saved_date: str
    version: str
    items: tuple[ChangedItem, ...]

    @property
    def heading(self) -> str:
        return (
            f"What changed since your last visit (rule book {self.saved_version} of {self.saved_date}; "
            f"now {self.version})"
        )


HOW_WORDS = {"new": "New in your plan", "gone": "No longer in your plan", "changed": "Changed"}


def what_changed(saved: RuleBookStamp | None, plan: Plan, book: RuleBook) -> WhatChanged | None:
    """None when nothing was saved or the same rule book made both plans."""
    if saved is None or book.changelog is None or saved.version == book.version:
        return None
    now = {i.id: i for i in plan.items()}
    found: list[ChangedItem] = []

    def add(item_id: str, title: str, how: str) -> None:
        found.append(ChangedItem(item_id, title, how, book.changelog.lines_for(item_id, saved.version)))

    for item_id, item in now.items():
        if item_id not in saved.items:
            add(item_id, item.title, "new")
        elif saved.items[item_id] != fingerprint(item):
            add(item_id, item.title, "changed")
    for item_id in saved.items:
        if item_id not in now:
            try:
                title = book.rule(item_id).title
            except KeyError:
                title = item_id  # a rule since removed from the book
            add(item_id, title, "gone")
    return WhatChanged(saved.version, saved.date.isoformat(), str(book.version), tuple(found))


def what_changed_lines(changes: WhatChanged) -> list[str]:
    """Plain text, for the command line and the tests."""
    out = [changes.heading]
    if not changes.items:
        out.append("- Nothing in your plan changed.")
    for c in changes.items:
        out.append(f"- {HOW_WORDS[c.how]}: {c.title}")
        out += [f"    {line}" for line in map(str, c.why)] or [
            "    (no changelog line names it: the change comes from the date or the data it reads)"
        ]
    return out
