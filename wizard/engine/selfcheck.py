"""The rule book's own checks: run every rule's examples, list sources due for a re-check.

Owns: running examples against the real engine and listing stale sources. Used by
`img-wizard check-rules` and by the test suite, so both judge the rule book the same way.

Must not know: Streamlit or the clock (the caller passes the date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from wizard.engine.evaluation import evaluate_rule
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


def run_examples(book: RuleBook) -> list[ExampleRun]:
    return [run_example(lr, ex, book) for lr in book.rules for ex in lr.rule.examples]


@dataclass(frozen=True)
class StaleSource:
    file: str
    rule_id: str
    source: Source

    def __str__(self) -> str:
        return f"{self.file} › {self.rule_id}: {self.source.title} (as of {self.source.as_of}) {self.source.url}"


def stale_rule_sources(book: RuleBook, on: date) -> list[StaleSource]:
    return [StaleSource(lr.file, lr.rule.id, s) for lr in book.rules for s in lr.rule.sources if s.is_stale(on)]
