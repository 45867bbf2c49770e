"""Implications: answers that settle other answers (a certificate settles the exams it needed).

Owns: the shape of the implications file (`implications.json` beside the rule files: records
saying *when* — a condition tree, as in rules — *settles* which answer paths to which values,
with sources and examples) and `apply_implications`, which fills the answers a person left
empty with what their other answers already settle, before any rule is evaluated. An explicit
answer is never overwritten; one that contradicts an implication is kept and reported.

Must not know: which answers or facts exist (the vocabulary reads and writes answer paths and
supplies the facts conditions test), Streamlit, or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import Field, model_validator

from wizard.engine.provenance import NonEmpty, Source, Strict
from wizard.engine.rulebook import Condition, RuleId, Scalar

IMPLICATIONS_FILE = "implications.json"


class ImplicationExample(Strict):
    """Answers and the paths the implication must fill for them (none: it must not fire)."""

    name: NonEmpty
    answers: dict[str, Any]
    settles: dict[str, Scalar] = Field(default_factory=dict)
    on: date | None = None


class Implication(Strict):
    id: RuleId
    title: NonEmpty
    when: Condition
    settles: dict[NonEmpty, Scalar] = Field(min_length=1, description="Answer path → the value it must have.")
    because: NonEmpty = Field(description="What settles it, as the plan says it: 'your ECFMG certificate'.")
    sources: list[Source] = Field(min_length=1)
    examples: list[ImplicationExample] = Field(min_length=2)

    @model_validator(mode="after")
    def _examples_both_ways(self) -> Implication:
        if not any(e.settles for e in self.examples) or all(e.settles for e in self.examples):
            raise ValueError("examples need at least one that settles answers and one that settles none")
        return self


class ImplicationFile(Strict):
    schema_: str | None = Field(default=None, alias="$schema")
    description: NonEmpty
    examples_on: date
    implications: list[Implication] = Field(min_length=1)


@dataclass(frozen=True)
class Implied:
    """The answers with what other answers settle filled in, and which implication settled what."""

    answers: Any
    settled: Mapping[str, Implication] = field(default_factory=dict)
    #: Explicit answers that contradict an implication: path → (the implication, the implied value).
    contradicted: Mapping[str, Implication] = field(default_factory=dict)


def apply_implications(book: Any, answers: Any, on: date) -> Implied:
    """Fill empty answers that the book's implications settle, until nothing more is settled.

    An implication fires only when its condition is true (unknown settles nothing), so an
    implied answer never rests on a guess.
    """
    from wizard.engine.evaluation import condition_truth  # evaluation imports this module

    implications: tuple[Implication, ...] = getattr(book, "implications", None) or ()
    vocabulary = book.vocabulary
    if not implications or vocabulary is None or vocabulary.read_answer is None or vocabulary.settle is None:
        return Implied(answers)
    settled: dict[str, Implication] = {}
    contradicted: dict[str, Implication] = {}
    for _ in range(len(implications) + 1):  # each pass can only fill more: it ends
        fills: dict[str, Any] = {}
        ctx = vocabulary.context(answers, on, book)
        for imp in implications:
            if condition_truth(imp.when, ctx, vocabulary.facts) is not True:
                continue
            for path, value in imp.settles.items():
                current = vocabulary.read_answer(answers, path)
                if current is None and path not in fills:
                    fills[path] = value
                    settled[path] = imp
                elif current is not None and current != value and path not in settled:
                    contradicted[path] = imp
        if not fills:
            break
        try:
            answers = vocabulary.settle(answers, fills, on)
        except ValueError:  # a fill the other answers refuse: keep those that fit, flag the rest
            for path, value in fills.items():
                try:
                    answers = vocabulary.settle(answers, {path: value}, on)
                except ValueError:
                    contradicted[path] = settled.pop(path)
    return Implied(answers, settled, contradicted)
