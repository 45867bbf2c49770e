"""The one module that owns `st.session_state`: the answers store, today's date, the rule book.

Session-state design
--------------------
* ``img.answers`` — the canonical store: a flat ``{dotted path: typed value}`` dict (enums as
  enum members, dates as `date`). It only ever holds answers that passed validation, and only
  answers to questions that are still asked (a Step 2 CK score disappears when the status is no
  longer "passed"). Widgets never own answers: Streamlit drops a widget's key on a page the user
  has left, so each page seeds its widget keys from this store when they are missing.
* ``q:<path>`` — widget keys, one per question, seeded from the store (see `seed`).
* ``img.new`` — paths of questions that appeared after the last submit on the same page, so the
  page can point at them.
* ``img.confirm_reset`` — the "Start over?" confirmation is showing.
* ``img.pdf`` — the PDF this person asked for on Summary, with the results it was made from;
  dropped whenever the answers are saved (and, like everything, on Start over / Clear).

Nothing here is written anywhere but this session's memory. The rule book is cached with
`st.cache_resource` (shared by every session), which is safe because it is frozen.
"""

from __future__ import annotations

import os
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any

import streamlit as st
from pydantic import BaseModel

from wizard.domain.book import load_rulebook, rules_dir_from
from wizard.domain.profile import Profile, parse_profile
from wizard.domain.questions import QUESTIONS
from wizard.engine.loader import RuleBookError
from wizard.engine.rulebook import RuleBook

ANSWERS = "img.answers"
NEW = "img.new"
CONFIRM_RESET = "img.confirm_reset"
PDF = "img.pdf"
WIDGET_PREFIX = "q:"

#: Environment variables read only here (the UI layer): where the rules live (`RULES_DIR_ENV` in
#: wizard.domain.book), and a pinned "today" for tests and rehearsals (ISO date). Neither is
#: needed in normal use.
TODAY_ENV = "IMG_WIZARD_TODAY"


def today() -> date:
    """The only place the browser app reads the clock."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return date.today()


def rules_dir() -> Path:
    return rules_dir_from(os.environ)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_book(directory: str, on: date) -> RuleBook:
    # Exceptions are not cached, so a fixed rules folder is picked up on the next rerun.
    return load_rulebook(directory, today=on)


@dataclass(frozen=True)
class BookResult:
    book: RuleBook | None
    problems: tuple[str, ...] = ()


def rule_book() -> BookResult:
    """The loaded rule book, or the problems that stopped it loading (never a traceback)."""
    try:
        # Checked against the real day: a pinned "today" (tests, rehearsals) may lie before the
        # day a source was read, which must not make the book look broken.
        return BookResult(_cached_book(str(rules_dir()), max(today(), date.today())))
    except RuleBookError as exc:
        return BookResult(None, tuple(str(p) for p in exc.problems))
    except Exception as exc:
        return BookResult(None, (f"{type(exc).__name__}: the rule book could not be read.",))


# --------------------------------------------------------------------------- answers store


def answers() -> dict[str, Any]:
    """The store itself (created on first use)."""
    store = st.session_state.get(ANSWERS)
    if store is None:
        store = {}
        st.session_state[ANSWERS] = store
    return store


def widget_key(path: str) -> str:
    return WIDGET_PREFIX + path


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """{"exams.step1.status": v} → {"exams": {"step1": {"status": v}}}."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        if value is None:
            continue
        *parents, last = path.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def _construct(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    kwargs = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        sub = info.annotation
        if isinstance(value, dict) and isinstance(sub, type) and issubclass(sub, BaseModel):
            value = _construct(sub, value)
        kwargs[name] = value
    return model.model_construct(**kwargs)


def lenient_profile(flat: dict[str, Any]) -> Profile:
    """A Profile built without validation, only for reading which questions are asked."""
    return _construct(Profile, nested(flat))  # type: ignore[return-value]


def prune(flat: dict[str, Any]) -> dict[str, Any]:
    """Drop empty answers and answers to questions that are no longer asked, until stable."""
    current = {k: v for k, v in flat.items() if v is not None}
    for _ in range(len(QUESTIONS)):
        profile = lenient_profile(current)
        kept = {q.path: current[q.path] for q in QUESTIONS if q.path in current and q.asked(profile)}
        if kept == current:
            break
        current = kept
    return current


def profile() -> Profile:
    """The validated Profile of everything saved so far (the store only holds valid answers)."""
    try:
        return parse_profile(nested(answers()), today=today())
    except Exception:
        return Profile()


def save(flat: dict[str, Any]) -> None:
    st.session_state[ANSWERS] = dict(flat)
    st.session_state.pop(PDF, None)  # it showed the old answers


def seed(path: str, value: Any) -> None:
    """Fill a widget from the store unless the widget already holds what the user typed."""
    key = widget_key(path)
    if key not in st.session_state:
        st.session_state[key] = value


def replace_answers(flat: dict[str, Any]) -> None:
    """Put resumed answers in place of all current ones, at once; widgets refill from them."""
    for key in [k for k in st.session_state.keys() if str(k).startswith(WIDGET_PREFIX)]:
        del st.session_state[key]
    st.session_state.pop(NEW, None)
    save(prune(flat))


def reset() -> None:
    """Forget everything this session holds."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


# --------------------------------------------------------------------------- field types


def _strip(annotation: Any) -> Any:
    """`Annotated[int, ...] | None` → int."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _strip(args[0]) if len(args) == 1 else annotation
    if origin is typing.Annotated:
        return _strip(typing.get_args(annotation)[0])
    return annotation


def field_type(path: str) -> Any:
    """The Python type a question's answer has (an Enum class, bool, int, float, date or str)."""
    model: Any = Profile
    kind: Any = None
    for part in path.split("."):
        kind = _strip(model.model_fields[part].annotation)
        model = kind
    return kind


def to_widget(path: str, value: Any) -> Any:
    """A stored answer as its widget holds it."""
    if isinstance(value, Enum):
        return value.value
    return value


def from_widget(path: str, value: Any) -> Any:
    """A widget's value as the store keeps it (None for empty)."""
    if value is None:
        return None
    kind = field_type(path)
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            return value  # validation will refuse it with a plain message
    return value
