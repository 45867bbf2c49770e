"""The wizard's pages, in order: one list that the router, the stepper and the buttons share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from wizard.domain.questions import STEPS

#: Absolute, so the pages are found wherever app.py runs from (a checkout, or an installed wheel).
PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageInfo:
    key: str
    title: str
    icon: str  # emoji only: ':material/…:' icons make the browser fetch from the internet

    @property
    def path(self) -> str:
        return page_path(self.key)


PAGES: tuple[PageInfo, ...] = (
    PageInfo("welcome", "Welcome", "👋"),
    PageInfo("degree", STEPS["degree"], "🎓"),
    PageInfo("exams", STEPS["exams"], "📝"),
    PageInfo("target", STEPS["target"], "🎯"),
    PageInfo("status", STEPS["status"], "🛂"),
    PageInfo("experience", STEPS["experience"], "🩺"),
    PageInfo("review", "Review", "🔎"),
    PageInfo("plan", "Your plan", "🧭"),
    PageInfo("timeline", "Timeline", "📅"),
    PageInfo("summary", "Summary", "📄"),
)
BY_KEY = {p.key: p for p in PAGES}


def page_path(name: str) -> str:
    """The page script `wizard/ui/pages/<name>.py`, as Streamlit's page functions take it."""
    return str(PAGES_DIR / f"{name}.py")


QUESTION_STEPS = ("degree", "exams", "target", "status", "experience")


def st_pages() -> list[st.Page]:
    return [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.key, default=(p.key == "welcome")) for p in PAGES]


def index_of(key: str) -> int:
    return next(i for i, p in enumerate(PAGES) if p.key == key)


def neighbour(key: str, offset: int) -> PageInfo | None:
    i = index_of(key) + offset
    return PAGES[i] if 0 <= i < len(PAGES) else None


def go(key: str) -> None:
    st.switch_page(BY_KEY[key].path)


def link(key: str, label: str | None = None, **kwargs: Any) -> None:
    page = BY_KEY[key]
    st.page_link(page.path, label=label or page.title, icon=page.icon, **kwargs)
