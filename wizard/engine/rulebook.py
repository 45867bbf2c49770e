"""The shape of a rule file, as strict pydantic models (the committed JSON Schema is made from these).

Owns: `RuleFile`, `Rule`, the condition tree (`all` / `any` / `not` over `{fact, op, value}`),
rule kinds, milestones, examples and the loaded `RuleBook`. Unknown keys are errors.

Must not know: which facts exist (the loader checks names against `wizard.domain.facts`),
Streamlit, or the clock.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Discriminator, Field, StringConstraints, Tag, model_validator

from wizard.engine.provenance import NonEmpty, Source, Strict

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")]
Scalar = bool | int | float | str | date


class Kind(StrEnum):
    requirement = "requirement"  # applies = met; does not apply = still missing
    next_step = "next_step"
    fast_track = "fast_track"
    warning = "warning"
    info = "info"


class Milestone(StrEnum):
    """The status cards at the top of a plan; requirement rules count toward them."""

    ecfmg_certification = "ecfmg_certification"
    match_eligibility = "match_eligibility"
    residency_start = "residency_start"
    visa_route = "visa_route"
    state_licence = "state_licence"


class Outcome(StrEnum):
    applies = "applies"
    does_not_apply = "does_not_apply"
    needs_info = "needs_info"
    not_in_force = "not_in_force"


class Op(StrEnum):
    eq = "eq"
    ne = "ne"
    in_ = "in"
    not_in = "not_in"
    lt = "lt"
    le = "le"
    gt = "gt"
    ge = "ge"


ORDERING_OPS = frozenset({Op.lt, Op.le, Op.gt, Op.ge})
LIST_OPS = frozenset({Op.in_, Op.not_in})


class Leaf(Strict):
    fact: NonEmpty
    op: Op
    value: Scalar | list[Scalar]


class All(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _condition_tag(raw: Any) -> str | None:
    if isinstance(raw, dict):
        for key, tag in (("all", "All"), ("any", "Any"), ("not", "Not")):
            if key in raw:
                return tag
        return "Leaf"
    for cls, tag in ((All, "All"), (AnyOf, "Any"), (Not, "Not"), (Leaf, "Leaf")):
        if isinstance(raw, cls):
            return tag
    return None


#: Tags appear in pydantic error locations; the loader drops them from the paths it prints.
CONDITION_TAGS = frozenset({"All", "Any", "Not", "Leaf"})

Condition = Annotated[
    Annotated[Leaf, Tag("Leaf")]
    | Annotated[All, Tag("All")]
    | Annotated[AnyOf, Tag("Any")]
    | Annotated[Not, Tag("Not")],
    Discriminator(_condition_tag),
]


class GateEffect(StrEnum):
    """What a gating rule does, while it applies, to the rules it names."""

    blocks = "blocks"  # a hard blocker: the named steps wait until it is resolved, and are not dated
    not_applicable = "not_applicable"  # the named rules are not for this person at all


GateTarget = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.([a-z0-9_]+|\*)$")]


class Gate(Strict):
    """Declared once on the gating rule: which rules it gates ("topic.*" names a whole topic)."""

    effect: GateEffect
    rules: list[GateTarget] = Field(min_length=1)

    def covers(self, rule_id: str) -> bool:
        topic = rule_id.split(".", 1)[0]
        return any(t == rule_id or t == f"{topic}.*" for t in self.rules)


class Effective(Strict):
    """When a rule is in force (law or policy dates), kept apart from when it was checked."""

    from_: date = Field(alias="from")
    to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.to is not None and self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        return self

    def covers(self, on: date) -> bool:
        return self.from_ <= on and (self.to is None or on <= self.to)


class Example(Strict):
    """A small answers set with the outcome the rule must give: run by the test suite."""

    name: NonEmpty
    answers: dict[str, Any]
    expect: Outcome
    on: date | None = None


class Rule(Strict):
    id: RuleId
    title: NonEmpty
    kind: Kind
    when: Condition
    says: NonEmpty = Field(description="What the user is told when the rule applies. {fact} inserts a value.")
    otherwise: NonEmpty | None = Field(
        default=None, description="Requirements only: what is missing when the rule does not apply."
    )
    counts_toward: list[Milestone] = Field(default_factory=list)
    depends_on: list[RuleId] = Field(default_factory=list)
    volatile: bool = False
    gates: Gate | None = Field(
        default=None, description="While this rule applies, the rules it names are blocked or do not apply."
    )
    sources: list[Source] = Field(min_length=1)
    effective: Effective
    examples: list[Example] = Field(min_length=2)

    @model_validator(mode="after")
    def _requirement_words(self) -> Rule:
        if self.kind is Kind.requirement and self.otherwise is None:
            raise ValueError("a requirement needs 'otherwise': what the user is missing")
        if self.kind is not Kind.requirement and self.otherwise is not None:
            raise ValueError("only a requirement may have 'otherwise'")
        if self.counts_toward and self.kind is not Kind.requirement:
            raise ValueError("only a requirement may count toward a milestone")
        if self.gates is not None and self.kind not in (Kind.warning, Kind.info):
            raise ValueError("only a warning or an info rule may gate other rules")
        outcomes = {e.expect for e in self.examples}
        if not {Outcome.applies, Outcome.does_not_apply} <= outcomes:
            raise ValueError("examples need at least one that applies and one that does not")
        return self


class RuleFile(Strict):
    schema_: str | None = Field(default=None, alias="$schema")
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    description: NonEmpty
    examples_on: date = Field(description="The evaluation date examples use unless they name their own.")
    rules: list[Rule] = Field(min_length=1)


All.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()
Rule.model_rebuild()
RuleFile.model_rebuild()


class LoadedRule(Strict):
    """A rule together with the file it came from and the date its examples run on."""

    rule: Rule
    file: str
    examples_on: date


class RuleBook(Strict):
    """The whole validated rule book: rules in file order, plus reference data tables."""

    rules: tuple[LoadedRule, ...]
    vocabulary: Any = None  # wizard.engine.vocabulary.Vocabulary: the facts the rules test
    data: Any = None  # reference tables, loaded by the vocabulary's parts (a domain type)
    states: Any = None  # per-state reference data, likewise
    tiers: Any = None  # wizard.engine.sources.SourceTiers: the reviewed domain list, when the book has one
    changelog: Any = None  # wizard.engine.changelog.Changelog: the version and what changed in advice
    implications: tuple[Any, ...] = ()  # wizard.engine.implications.Implication: answers other answers settle
    implications_file: str = ""  # where they came from, and the date their examples run on
    implications_on: date | None = None

    @property
    def version(self) -> str | None:
        return self.changelog.version if self.changelog is not None else None

    @property
    def version_date(self) -> date | None:
        return self.changelog.date if self.changelog is not None else None

    def gates_over(self, rule_id: str) -> tuple[Rule, ...]:
        """The rules whose gate names this one (whether or not they apply to anyone)."""
        return tuple(lr.rule for lr in self.rules if lr.rule.gates is not None and lr.rule.gates.covers(rule_id))

    def rule(self, rule_id: str) -> Rule:
        for loaded in self.rules:
            if loaded.rule.id == rule_id:
                return loaded.rule
        raise KeyError(rule_id)

    @property
    def newest_as_of(self) -> date:
        return max(s.as_of for lr in self.rules for s in lr.rule.sources)


def json_schema() -> dict[str, Any]:
    schema = RuleFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "IMG Pathway Wizard rule file"
    return schema


__all__ = [
    "All",
    "AnyOf",
    "Condition",
    "Effective",
    "Example",
    "Gate",
    "GateEffect",
    "Kind",
    "Leaf",
    "LoadedRule",
    "Milestone",
    "Not",
    "Op",
    "Outcome",
    "Rule",
    "RuleBook",
    "RuleFile",
    "json_schema",
]
