"""The rule book's own checks: run every rule's examples, list sources due for a re-check.

Owns: running examples against the real engine and listing stale sources. Used by
`img-wizard check-rules` and by the test suite, so both judge the rule book the same way.

Must not know: Streamlit or the clock (the caller passes the date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from wizard.engine import evaluate_rule
from wizard.facts import Context
from wizard.profile import parse_profile
from wizard.provenance import Source
from wizard.rulebook import Example, LoadedRule, Outcome, RuleBook


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
        profile = parse_profile(example.answers, today=on)
    except ValidationError as exc:
        return ExampleRun(loaded.file, loaded.rule.id, example, on, None, f"invalid answers: {exc.errors()[0]['msg']}")
    result = evaluate_rule(loaded.rule, Context(profile=profile, on=on, data=book.data, states=book.states))
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
    return [
        StaleSource(lr.file, lr.rule.id, s) for lr in book.rules for s in lr.rule.sources if s.is_stale(on)
    ]


@dataclass(frozen=True)
class StaleStateSource:
    """One source in the per-state data older than 12 months, with the facts that rely on it."""

    code: str
    source: Source
    paths: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.paths[:3]) + (f" (+{len(self.paths) - 3} more)" if len(self.paths) > 3 else "")
        return f"{self.code} › {where}: {self.source.title} (as of {self.source.as_of}) {self.source.url}"


def stale_state_sources(book: RuleBook, on: date) -> list[StaleStateSource]:
    """Each state's sources older than 12 months on `on`, once per state and source."""
    if book.states is None:
        return []
    from wizard.states import iter_sources

    out: list[StaleStateSource] = []
    for record in book.states:
        seen: dict[tuple[str, str], tuple[Source, list[str]]] = {}
        for path, source in iter_sources(record):
            if source.is_stale(on):
                seen.setdefault((str(source.url), source.title), (source, []))[1].append(path)
        out += [StaleStateSource(record.code, s, tuple(paths)) for s, paths in seen.values()]
    return out
