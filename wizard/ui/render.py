"""Drawing plan items: the text, "Why?" with the answers that triggered it, and dated sources.

Rule text comes from the reviewed rule files (trusted markdown). Anything a user typed is
never passed through here; pages show it with `st.text`.
"""

from __future__ import annotations

import re
from typing import Literal

import streamlit as st

from wizard.engine.provenance import Source
from wizard.outputs.plan import Card, CardState, PlanItem, overdue_words, source_marks
from wizard.ui import nav

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|:<>~$])")

#: The colours `st.badge` accepts.
BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]

CARD_LOOK: dict[CardState, tuple[str, str, BadgeColour]] = {
    CardState.met: (":material/check_circle:", "Met", "green"),
    CardState.missing: (":material/pending:", "Still to do", "orange"),
    CardState.unknown: (":material/help:", "Not known yet", "gray"),
}


def escape_md(text: str) -> str:
    """Make text literal inside markdown (links, images, colour directives, emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def source_line(source: Source) -> str:
    title = escape_md(source.title)
    return f"[{title}]({source.url}) — " + " · ".join(source_marks(source))


def flags(item: PlanItem) -> list[str]:
    out = []
    if item.stale:
        out.append(":material/history: possibly out of date")
    if item.volatile:
        out.append(":material/sync: changes often")
    return out


def item_key(item_id: str) -> str:
    """The element key of a plan item: its rule id, so a test (or a reader's tool) can find it."""
    return "item-" + re.sub(r"[^a-zA-Z0-9_-]", "-", item_id)


def item(entry: PlanItem, number: int | None = None, *, icon: str = "") -> None:
    # As few elements as the layout allows: each one costs server CPU on every draw of the plan
    # (about 0.3 ms), and the plan page draws a few dozen items.
    with st.container(border=True, key=item_key(entry.id)):
        prefix = f"{icon} " if icon else ""  # a ':material/…:' name: bundled, works offline
        prefix += f"{number}. " if number is not None else ""
        st.markdown(f"**{prefix}{entry.title}**\n\n{entry.text}")
        marks = flags(entry)
        if marks:
            st.caption(" · ".join(marks))
        overdue = overdue_words(entry)
        if overdue:
            st.warning(overdue, icon=":material/event_busy:")
        with st.expander("Why? and sources"):
            parts = []
            if entry.why:
                parts.append("**Because of your answers**")
                parts.append("\n".join(f"- {escape_md(line)}" for line in entry.why))
            parts.append("**Sources**")
            parts.append("\n".join(f"- {source_line(s)}" for s in entry.sources))
            st.markdown("\n\n".join(parts))


def card(c: Card) -> None:
    icon, word, colour = CARD_LOOK[c.state]
    with st.container(border=True):
        st.markdown(f"**{c.label}**")
        st.badge(word, icon=icon, color=colour)
        if c.missing:
            st.caption("Not met yet: " + "; ".join(i.title for i in c.missing))
        if c.unknown:
            st.caption("Needs answers: " + "; ".join(i.title for i in c.unknown))


def step_link(step: str, label: str) -> None:
    page = nav.BY_KEY[step]
    st.page_link(page.path, label=label, icon=":material/edit:")
