"""How state facts and numbers are put into words in the checks and the views.

Owns: the "unknown — not published/confirmed" wording, the reason shown for an unknown fact,
numbers and years as text, and deduplicating sources.

Must not know: the answers, the verdicts, or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wizard.domain.states import Fact
from wizard.engine.provenance import Source


def number_text(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def years_text(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{number_text(x)} year" + ("" if x == 1 else "s")


UNKNOWN = "unknown — not published/confirmed"


def unknown_text(fact: Fact[Any]) -> str:
    reason = reason_of(fact)
    return UNKNOWN + (f" ({reason})" if reason else "")


def reason_of(fact: Fact[Any]) -> str:
    return (fact.unknown_reason or "").strip() or "not stated in the sources read"


def with_note(text: str, fact: Fact[Any]) -> str:
    return f"{text}. {fact.note}" if fact.note else text


def dedupe_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for s in sources:
        seen.setdefault((str(s.url), s.title), s)
    return tuple(seen.values())
