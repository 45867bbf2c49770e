"""Read a rule book from a folder, check it against a fact vocabulary, refuse it if broken.

Owns: reading `*.json` (rules) and the vocabulary's reference-data folders (for the wizard,
`tables/` and `states/`, each with a loader of its own); every check that needs more than one rule or the fact registry (unknown
facts, operators that don't fit a fact, illegal enum values, duplicate ids, missing or
circular dependencies, examples that are not valid answers, dates in the future); and
error messages that name file › rule id › JSON path, with "did you mean …".

Must not know: which facts exist (the caller hands in the `Vocabulary`), Streamlit, or the
clock (the caller passes `today` for date checks).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.engine.changelog import CHANGELOG_FILE, ChangelogError, read_changelog
from wizard.engine.implications import IMPLICATIONS_FILE, ImplicationFile
from wizard.engine.rulebook import (
    CONDITION_TAGS,
    LIST_OPS,
    ORDERING_OPS,
    All,
    AnyOf,
    Condition,
    Leaf,
    LoadedRule,
    Not,
    Rule,
    RuleBook,
    RuleFile,
)
from wizard.engine.sources import TIERS_FILE, TierListError, load_tiers
from wizard.engine.vocabulary import Fact, FactType, Part, Vocabulary

PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    rule_id: str | None = None
    path: str = ""

    def __str__(self) -> str:
        where = " › ".join(p for p in (self.file, self.rule_id, self.path) if p)
        return f"{where}: {self.message}"


class RuleBookError(Exception):
    """The rule book is broken; `problems` lists every error found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _json_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if part in CONDITION_TAGS:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.name


def _read_json(path: Path, shown: str, problems: list[Problem]) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(shown, "is not UTF-8 text"))
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"))
    return None


def _schema_problems(exc: ValidationError, raw: Any, shown: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        rule_id = None
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            try:
                rule_id = raw["rules"][loc[1]].get("id") or f"rules[{loc[1]}]"
            except (KeyError, IndexError, TypeError, AttributeError):
                rule_id = f"rules[{loc[1]}]"
            loc = loc[2:]
        message = err["msg"]
        if err["type"] == "extra_forbidden" and loc:
            field = str(loc[-1])
            model_keys = _known_keys_near(loc)
            message = f"unknown key '{field}'{suggest(field, model_keys)}"
        elif err["type"] == "enum":
            expected = (err.get("ctx") or {}).get("expected", "")
            message = f"'{err.get('input')}' is not allowed; expected {expected}"
        problems.append(Problem(shown, message, rule_id, _json_path(loc)))
    return problems


_KEYS = {
    "rule": set(Rule.model_fields) | {"from"},
    "leaf": set(Leaf.model_fields),
    "file": {"$schema", "topic", "description", "examples_on", "rules"},
    "source": {"url", "title", "as_of", "undated", "review_by", "checked", "official", "note"},
}


def _known_keys_near(loc: list[Any]) -> set[str]:
    parents = [p for p in loc[:-1] if isinstance(p, str)]
    parent = parents[-1] if parents else ""
    if parent in ("Leaf", "when", "all", "any", "not"):
        return _KEYS["leaf"] | {"all", "any", "not"}
    if parent == "sources":
        return _KEYS["source"]
    if not parents:
        return _KEYS["rule"] | _KEYS["file"]
    return _KEYS["rule"] | _KEYS["source"] | _KEYS["leaf"]


def leaves(cond: Condition, path: str = "when") -> Iterable[tuple[Leaf, str]]:
    if isinstance(cond, Leaf):
        yield cond, path
    elif isinstance(cond, All):
        for i, c in enumerate(cond.all):
            yield from leaves(c, f"{path}.all[{i}]")
    elif isinstance(cond, AnyOf):
        for i, c in enumerate(cond.any):
            yield from leaves(c, f"{path}.any[{i}]")
    elif isinstance(cond, Not):
        yield from leaves(cond.not_, f"{path}.not")


def _value_problem(fact: Fact, value: Any) -> str | None:
    if fact.type is FactType.enum:
        if value not in fact.values:
            return f"'{value}' is not a value of {fact.name}{suggest(str(value), fact.values)}; allowed: {', '.join(fact.values)}"
    elif fact.type is FactType.bool:
        if not isinstance(value, bool):
            return f"{fact.name} is yes/no: use true or false, not {value!r}"
    elif fact.type is FactType.number:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{fact.name} is a number, not {value!r}"
    elif fact.type is FactType.date:
        if not isinstance(value, date):
            try:
                date.fromisoformat(str(value))
            except ValueError:
                return f"{fact.name} is a date: write YYYY-MM-DD, not {value!r}"
    elif fact.type is FactType.code:
        if not isinstance(value, str):
            return f"{fact.name} is a code, not {value!r}"
    return None


def _leaf_problems(leaf: Leaf, facts: Mapping[str, Fact]) -> list[str]:
    fact = facts.get(leaf.fact)
    if fact is None:
        return [f"unknown fact '{leaf.fact}'{suggest(leaf.fact, facts)}"]
    out = []
    if leaf.op in ORDERING_OPS and fact.type not in (FactType.number, FactType.date):
        out.append(
            f"operator '{leaf.op.value}' does not fit {fact.name}, which is {fact.type.value}; use eq, ne, in or not_in"
        )
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    if leaf.op in LIST_OPS and not isinstance(leaf.value, list):
        out.append(f"operator '{leaf.op.value}' needs a list of values")
    elif leaf.op not in LIST_OPS and isinstance(leaf.value, list):
        out.append(f"operator '{leaf.op.value}' needs one value, not a list")
    for v in values:
        problem = _value_problem(fact, v)
        if problem:
            out.append(problem)
    return out


def _rule_problems(
    rule: Rule, shown: str, examples_on: date, today: date | None, vocabulary: Vocabulary
) -> list[Problem]:
    facts = vocabulary.facts
    problems = []
    for leaf, path in leaves(rule.when):
        for message in _leaf_problems(leaf, facts):
            problems.append(Problem(shown, message, rule.id, path))
    for key in ("says", "otherwise"):
        text = getattr(rule, key) or ""
        for name in PLACEHOLDER.findall(text):
            if name not in facts:
                problems.append(
                    Problem(shown, f"unknown fact '{{{name}}}' in text{suggest(name, facts)}", rule.id, key)
                )
    if rule.volatile and not any(s.review_by for s in rule.sources):
        problems.append(
            Problem(shown, "a volatile rule needs a review_by date on the source to re-read", rule.id, "sources")
        )
    for i, source in enumerate(rule.sources):
        if today and source.as_of > today:
            problems.append(Problem(shown, f"as_of {source.as_of} is in the future", rule.id, f"sources[{i}].as_of"))
    for i, example in enumerate(rule.examples):
        on = example.on or examples_on
        try:
            vocabulary.parse_answers(example.answers, on)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = _json_path(first["loc"])
            problems.append(
                Problem(
                    shown,
                    f"example '{example.name}' is not a valid answers set: {where}: {first['msg']}",
                    rule.id,
                    f"examples[{i}].answers",
                )
            )
    return problems


def _cross_problems(loaded: list[LoadedRule]) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for lr in loaded:
        if lr.rule.id in seen:
            problems.append(Problem(lr.file, f"duplicate rule id (also in {seen[lr.rule.id]})", lr.rule.id, "id"))
        seen.setdefault(lr.rule.id, lr.file)
    for lr in loaded:
        for i, dep in enumerate(lr.rule.depends_on):
            if dep not in seen:
                problems.append(
                    Problem(
                        lr.file, f"depends on unknown rule '{dep}'{suggest(dep, seen)}", lr.rule.id, f"depends_on[{i}]"
                    )
                )
    problems += _gate_problems(loaded, seen)
    graph: dict[str, list[str]] = {}
    for lr in loaded:  # the first of duplicated ids wins, as in `seen`
        graph.setdefault(lr.rule.id, [d for d in lr.rule.depends_on if d in seen])
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if state.get(nxt) is None:
                cycle = visit(nxt, [*trail, node])
                if cycle:
                    return cycle
        state[node] = 2
        return None

    for lr in loaded:
        if state.get(lr.rule.id) is None:
            cycle = visit(lr.rule.id, [])
            if cycle:
                problems.append(Problem(lr.file, "circular depends_on: " + " → ".join(cycle), lr.rule.id, "depends_on"))
                break
    return problems


def _gate_problems(loaded: list[LoadedRule], seen: Mapping[str, str]) -> list[Problem]:
    """Each gate names rules that exist, never itself, and never another gate of its own effect (no chains).

    A scope gate may cover a blocker: a blocker left out of someone's plan blocks nothing.
    """
    problems = []
    topics = {rule_id.split(".", 1)[0] for rule_id in seen}
    effects = {lr.rule.id: lr.rule.gates.effect for lr in loaded if lr.rule.gates is not None}
    for lr in loaded:
        gate = lr.rule.gates
        if gate is None:
            continue
        for i, target in enumerate(gate.rules):
            where = f"gates.rules[{i}]"
            topic, _, name = target.partition(".")
            if name == "*" and topic not in topics:
                problems.append(
                    Problem(lr.file, f"gates unknown topic '{topic}'{suggest(topic, topics)}", lr.rule.id, where)
                )
            elif name != "*" and target not in seen:
                problems.append(
                    Problem(lr.file, f"gates unknown rule '{target}'{suggest(target, seen)}", lr.rule.id, where)
                )
        for other in sorted(effects):
            if gate.covers(other) and (other == lr.rule.id or effects[other] is gate.effect):
                what = "itself" if other == lr.rule.id else f"the gating rule '{other}'"
                problems.append(Problem(lr.file, f"a gate may not cover {what}", lr.rule.id, "gates.rules"))
    return problems


def load_rulebook(directory: Path | str, *, vocabulary: Vocabulary, today: date | None = None) -> RuleBook:
    """Load and check every file against `vocabulary`; raise `RuleBookError` listing all problems if any."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise RuleBookError([Problem(str(directory), "rules folder not found")])
    files = [f for f in sorted(root.glob("*.json")) if f.name not in (TIERS_FILE, IMPLICATIONS_FILE)]
    if not files:
        problems.append(Problem(root.name, "no rule files (*.json) found"))
    loaded: list[LoadedRule] = []
    for path in files:
        shown = _display(path, root)
        raw = _read_json(path, shown, problems)
        if raw is None:
            continue
        try:
            parsed = RuleFile.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_schema_problems(exc, raw, shown))
            continue
        if parsed.topic != path.stem:
            problems.append(
                Problem(shown, f"topic '{parsed.topic}' should match the file name '{path.stem}'", None, "topic")
            )
        for rule in parsed.rules:
            if not rule.id.startswith(parsed.topic + "."):
                problems.append(Problem(shown, f"rule ids in this file start with '{parsed.topic}.'", rule.id, "id"))
            problems.extend(_rule_problems(rule, shown, parsed.examples_on, today, vocabulary))
            loaded.append(LoadedRule(rule=rule, file=shown, examples_on=parsed.examples_on))
    problems.extend(_cross_problems(loaded))
    parts = {part.field: _load_part(root / part.folder, part, problems) for part in vocabulary.parts}
    tiers = None
    if (root / TIERS_FILE).is_file():
        try:
            tiers = load_tiers(root)
        except TierListError as exc:
            problems.append(Problem(TIERS_FILE, str(exc).removeprefix(f"{TIERS_FILE}: ")))
    changelog = None
    if (root / CHANGELOG_FILE).is_file():
        try:
            changelog = read_changelog(root / CHANGELOG_FILE)
        except ChangelogError as exc:
            problems.append(Problem(CHANGELOG_FILE, str(exc).removeprefix(f"{CHANGELOG_FILE}").lstrip(": ")))
    implications = _load_implications(root, vocabulary, today, problems)
    if problems:
        raise RuleBookError(problems)
    return RuleBook(
        rules=tuple(loaded),
        vocabulary=vocabulary,
        tiers=tiers,
        changelog=changelog,
        implications=tuple(implications.implications) if implications else (),
        implications_file=IMPLICATIONS_FILE if implications else "",
        implications_on=implications.examples_on if implications else None,
        **parts,
    )


def _load_implications(
    root: Path, vocabulary: Vocabulary, today: date | None, problems: list[Problem]
) -> ImplicationFile | None:
    """The implications file, checked like a rule file: facts, answer paths, values, examples."""
    path = root / IMPLICATIONS_FILE
    if not path.is_file():
        return None
    raw = _read_json(path, IMPLICATIONS_FILE, problems)
    if raw is None:
        return None
    try:
        parsed = ImplicationFile.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, raw, IMPLICATIONS_FILE))
        return None
    shown, before = IMPLICATIONS_FILE, len(problems)
    seen: set[str] = set()
    for imp in parsed.implications:
        if imp.id in seen:
            problems.append(Problem(shown, "duplicate implication id", imp.id, "id"))
        seen.add(imp.id)
        for leaf, where in leaves(imp.when):
            problems.extend(Problem(shown, m, imp.id, where) for m in _leaf_problems(leaf, vocabulary.facts))
        problems.extend(_settles_problems(imp.id, imp.settles, "settles", vocabulary, parsed.examples_on))
        for i, source in enumerate(imp.sources):
            if today and source.as_of > today:
                problems.append(Problem(shown, f"as_of {source.as_of} is in the future", imp.id, f"sources[{i}].as_of"))
        for i, example in enumerate(imp.examples):
            on = example.on or parsed.examples_on
            where = f"examples[{i}]"
            try:
                vocabulary.parse_answers(example.answers, on)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                problems.append(
                    Problem(
                        shown,
                        f"example '{example.name}' is not a valid answers set: {_json_path(first['loc'])}: {first['msg']}",
                        imp.id,
                        f"{where}.answers",
                    )
                )
            problems.extend(_settles_problems(imp.id, example.settles, f"{where}.settles", vocabulary, on))
    return parsed if len(problems) == before else None


def _settles_problems(
    imp_id: str, settles: Mapping[str, Any], where: str, vocabulary: Vocabulary, on: date
) -> list[Problem]:
    if vocabulary.read_answer is None or vocabulary.settle is None:
        return [Problem(IMPLICATIONS_FILE, "this vocabulary cannot read or set answers", imp_id, where)]
    empty = vocabulary.parse_answers({}, on)
    out = []
    for path, value in settles.items():
        try:
            vocabulary.read_answer(empty, path)
        except KeyError:
            out.append(Problem(IMPLICATIONS_FILE, f"unknown answer path '{path}'", imp_id, f"{where}.{path}"))
            continue
        try:
            vocabulary.settle(empty, {path: value}, on)
        except ValueError as exc:
            out.append(Problem(IMPLICATIONS_FILE, f"{value!r} does not fit '{path}': {exc}", imp_id, f"{where}.{path}"))
    return out


def _load_part(directory: Path, part: Part, problems: list[Problem]) -> Any:
    """Reference data has loaders of its own; their errors join ours."""
    if not directory.is_dir():
        return None
    try:
        return part.load(directory)
    except Exception as exc:  # each part's loader raises its own error type listing problems
        lines = [str(p) for p in getattr(exc, "problems", [])] or [str(exc)]
        problems.extend(Problem(directory.name, line) for line in lines)
        return None
