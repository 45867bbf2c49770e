"""What a rule book may talk about: the fact vocabulary the engine is handed by its domain.

Owns: the shape of a fact (name, type, allowed values, label, which answers make it known,
how to read it from an evaluation context) and of a vocabulary (the facts, how answers in a
rule example are parsed, how an evaluation context is built, which reference-data folders
load beside the rule files). The engine and the loader take a `Vocabulary` as an argument,
as a rules-as-code core takes its country package, so the arrows run one way: the domain
knows the engine, never the reverse.

Must not know: any particular fact, answer or rule; Streamlit; the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any


class FactType(StrEnum):
    enum = "enum"
    bool = "bool"
    number = "number"
    date = "date"
    code = "code"  # a short identifier: a country, state or specialty code


Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    label: str
    asks: tuple[str, ...]
    get: Getter = field(compare=False)
    values: tuple[str, ...] = ()
    derived: bool = False
    #: How the question behind a plain answer names a value ("passed", "United States").
    option_label: Callable[[Any], str] | None = field(default=None, compare=False)

    def describe(self, value: Any) -> str:
        """A value as the user would say it ("passed", "yes", "12")."""
        if value is None:
            return "not answered"
        if self.option_label is not None and not self.derived:
            return self.option_label(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, Enum):
            return str(value.value).replace("_", " ")
        return str(value)


@dataclass(frozen=True)
class Part:
    """A folder of reference data beside the rule files, loaded into one field of the book."""

    folder: str  # e.g. "tables"
    field: str  # the RuleBook field it fills: "data" or "states"
    load: Callable[[Path], Any]  # raises an error with `.problems` (or any message) when broken


@dataclass(frozen=True)
class Vocabulary:
    facts: Mapping[str, Fact]
    #: An example's answers (plain JSON) on a date → the answers object; raises pydantic's
    #: ValidationError when they are not a valid answers set.
    parse_answers: Callable[[Any, date], Any]
    #: (answers, date, rule book) → the context that fact getters read.
    context: Callable[[Any, date, Any], Any]
    parts: tuple[Part, ...] = ()
    #: (answers, "a.b.c") → the value at that answer path (an enum as its plain value, None when
    #: empty); raises KeyError for a path the answers do not have. Implications need it.
    read_answer: Callable[[Any, str], Any] | None = None
    #: (answers, {path: value}, date) → new answers with those paths set; raises ValueError
    #: (pydantic's ValidationError is one) when a value does not fit.
    settle: Callable[[Any, Mapping[str, Any], date], Any] | None = None
