"""Stored answers as words a person reads (no Streamlit calls here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wizard.domain.countries import COUNTRIES
from wizard.domain.questions import Question


def shown_value(q: Question, value: Any) -> str:
    if value is None:
        return "not answered"
    if q.path in ("degree.school_country", "status.citizenship"):
        return COUNTRIES.get(value, value)
    if q.path == "target.state":
        from wizard.domain.states import JURISDICTIONS

        return JURISDICTIONS.get(value, value)
    if q.path == "target.specialty":
        return specialty_name(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = q.option_label(value) if (q.options or isinstance(value, bool)) else str(value)
    return f"{text} {q.unit}".strip() if q.unit else text


def specialty_name(specialty_id: str) -> str:
    from wizard.ui import state

    book = state.rule_book().book
    data = getattr(book, "data", None) if book else None
    if data is not None:
        try:
            return str(data.specialty(specialty_id).name)
        except KeyError:
            pass
    return specialty_id
