"""The rule book's own checks: run every rule's examples, list sources due for a re-check.

Owns: running rule and implication examples against the real engine and listing stale sources. Used by
`img-wizard check-rules` and by the test suite, so both judge the rule book the same way.

Must not know: Streamlit or the clock (the caller passes the date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from wizard.engine.evaluation import evaluate_rule
from wizard.engine.implications import Implication, ImplicationExample, apply_implications
from wizard.engine.provenance import Source
from wizard.engine.rulebook import Example, LoadedRule, Outcome, RuleBook


@dataclass(frozen=True)
class ExampleRun:
    file: str
    rule_id: str
    example: Example
    on: date
    got: Outcome | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.got is self.example.expect

    def __str__(self) -> str:
        where = f"{self.file} › {self.rule_id} › example '{self.example.name}'"
        if self.error:
            return f"{where}: {self.error}"
        return f"{where}: expected {self.example.expect.value}, got {self.got.value if self.got else '?'}"


def run_example(loaded: LoadedRule, example: Example, book: RuleBook) -> ExampleRun:
    on = example.on or loaded.examples_on
    try:
        answers = book.vocabulary.parse_answers(example.answers, on)
    except ValidationError as exc:
        return ExampleRun(loaded.file, loaded.rule.id, example, on, None, f"invalid answers: {exc.errors()[0]['msg']}")
    ctx = book.vocabulary.context(answers, on, book)
    result = evaluate_rule(loaded.rule, ctx, book.vocabulary.facts)
    return ExampleRun(loaded.file, loaded.rule.id, example, on, result.outcome)


def run_examples(book: RuleBook) -> list[ExampleRun | ImplicationRun]:
    """Every rule's examples, then every implication's."""
    rules: list[ExampleRun | ImplicationRun] = [
        run_example(lr, ex, book) for lr in book.rules for ex in lr.rule.examples
    ]
    return rules + [run_implication_example(imp, ex, book) for imp in book.implications for ex in imp.examples]


@dataclass(frozen=True)
class ImplicationRun:
    file: str
    implication: Implication
    example: ImplicationExample
    got: dict[str, Any] | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.got == self.example.settles

    def __str__(self) -> str:
        where = f"{self.file} › {self.implication.id} › example '{self.example.name}'"
        return f"{where}: {self.error}" if self.error else f"{where}: expected {self.example.settles}, got {self.got}"


def run_implication_example(imp: Implication, example: ImplicationExample, book: RuleBook) -> ImplicationRun:
    """This one implication on the example's answers: the paths it fills, with the values it gives."""
    on = example.on or book.implications_on or date.min
    try:
        answers = book.vocabulary.parse_answers(example.answers, on)
    except ValidationError as exc:
        return ImplicationRun(book.implications_file, imp, example, None, f"invalid answers: {exc.errors()[0]['msg']}")
    implied = apply_implications(book.model_copy(update={"implications": (imp,)}), answers, on)
    got = {path: book.vocabulary.read_answer(implied.answers, path) for path in implied.settled}
    return ImplicationRun(book.implications_file, imp, example, got)


@dataclass(frozen=True)
class StaleSource:
    file: str
    rule_id: str
    source: Source

    def __str__(self) -> str:
        return f"{self.file} › {self.rule_id}: {self.source.title} (as of {self.source.as_of}) {self.source.url}"


def stale_rule_sources(book: RuleBook, on: date) -> list[StaleSource]:
    return [StaleSource(lr.file, lr.rule.id, s) for lr in book.rules for s in lr.rule.sources if s.is_stale(on)]
