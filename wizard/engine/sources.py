"""How good and how fresh the rule book's sources are: tiers from a reviewed domain list, and dates.

Owns: the source tiers (the body that decides, statute or regulation, professional association,
reputable secondary, weak), reading the committed domain list (`source-tiers.json` beside the
rule files), finding every cited source in the rule book's JSON files (rules, tables, states)
with the item that rests on it, the source audit `check-rules` runs (unknown domains, facts
resting only on weak sources, plain-http links, review dates passed) and the figures the
README quotes.

Works on the files as JSON, so it needs no knowledge of what a table or a state record means:
an "item" is any object with a `sources` list; a null `value` asserts nothing and is not counted.

Must not know: Streamlit, the clock (callers pass `on`), or any particular fact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from wizard.engine.provenance import NonEmpty, Source, Strict

TIERS_FILE = "source-tiers.json"


class Tier(StrEnum):
    """Best first: a fact is as good as the best source it rests on."""

    deciding_body = "deciding_body"
    statute = "statute"
    association = "association"
    secondary = "secondary"
    weak = "weak"

    @property
    def words(self) -> str:
        return TIER_WORDS[self]

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


#: How a tier is named beside a source, in the app, the PDF and the command line.
TIER_WORDS: dict[Tier, str] = {
    Tier.deciding_body: "deciding body",
    Tier.statute: "statute or regulation",
    Tier.association: "professional association",
    Tier.secondary: "secondary source",
    Tier.weak: "weak source",
}


class Domain(Strict):
    tier: Tier
    reason: NonEmpty
    http_only: bool = False  # the site serves no https; the only excuse for an http:// link


class TierFile(Strict):
    description: str | None = None
    domains: dict[str, Domain]


@dataclass(frozen=True)
class SourceTiers:
    """The reviewed domain list. A host matches its own entry or its nearest listed parent domain."""

    domains: Mapping[str, Domain]

    def entry(self, url: str) -> Domain | None:
        host = (urlparse(url).hostname or "").lower().rstrip(".")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self.domains.get(".".join(parts[i:]))
            if found is not None:
                return found
        return None

    def tier(self, url: str) -> Tier | None:
        found = self.entry(url)
        return found.tier if found else None

    def words(self, url: str) -> str:
        """The tier in words for display; 'unclassified source' for a domain not yet reviewed."""
        found = self.tier(url)
        return found.words if found else "unclassified source"


class TierListError(ValueError):
    pass


def load_tiers(root: Path) -> SourceTiers:
    path = root / TIERS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return SourceTiers(TierFile.model_validate(raw).domains)
    except FileNotFoundError:
        raise TierListError(f"{TIERS_FILE}: missing; every cited domain needs a tier") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        raise TierListError(f"{TIERS_FILE}: {exc}") from None


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Item:
    """Something the rule book asserts with sources: a rule, a table record or a state fact."""

    file: str  # shown as rules/…/X.json
    where: str  # the rule id, or the JSON path of the record
    sources: tuple[Source, ...]
    source_paths: tuple[str, ...]
    what: str = ""  # what the item says, in short: the rule's title, the value, or its note

    def __str__(self) -> str:
        return f"{self.file} › {self.where}"


def _walk(node: Any, path: str, rule_id: str | None, review_by: str | None) -> Iterator[tuple[str, Any, str | None]]:
    """(where, node, inherited review_by) for every node with sources; a `review_by` on a file or
    record (a volatile table) holds for every source inside it."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and path.startswith("rules["):
            rule_id = node["id"]
        review_by = node.get("review_by", review_by)
        sources = node.get("sources")
        asserts = node.get("value", True) not in (None, "unknown")  # a status may be 'unknown' instead of null
        if node.get("unknown_reason") and not any(
            isinstance(v, (int, float)) and not isinstance(v, bool) and not k.endswith("year") for k, v in node.items()
        ):
            asserts = False  # a record whose numbers are all unknown says nothing but why
        if isinstance(sources, list) and sources and asserts:
            yield (rule_id if rule_id and path.count("[") == 1 else path), node, review_by
        for key, value in node.items():
            if key not in ("sources", "examples"):
                yield from _walk(value, f"{path}.{key}" if path else key, rule_id, review_by)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]", rule_id, review_by)


def _what(node: dict[str, Any]) -> str:
    for key in ("title", "value", "label", "name", "id", "note", "says"):
        value = node.get(key)
        if value not in (None, "", [], {}):
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            return text if len(text) <= 100 else text[:99] + "…"
    return ""


def rule_book_files(root: Path) -> list[Path]:
    return sorted(root.glob("*.json")) + sorted(root.glob("tables/*.json")) + sorted(root.glob("states/*.json"))


def items(root: Path) -> list[Item]:
    """Every sourced, non-null item in the rule book's files, in file order."""
    found = []
    for path in rule_book_files(root):
        if path.name == TIERS_FILE:
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue  # the loader reports unreadable files
        shown = path.relative_to(root.parent).as_posix()
        for where, node, review_by in _walk(raw, "", None, None):
            sources, paths = [], []
            for i, raw_source in enumerate(node["sources"]):
                if review_by and isinstance(raw_source, dict) and "review_by" not in raw_source:
                    raw_source = {**raw_source, "review_by": review_by}
                try:
                    sources.append(Source.model_validate(raw_source))
                    paths.append(f"sources[{i}]")
                except ValidationError:
                    continue  # the loader reports malformed sources
            if sources:
                found.append(Item(shown, where, tuple(sources), tuple(paths), _what(node)))
    return found


def best_tier(item: Item, tiers: SourceTiers) -> Tier | None:
    known = [t for t in (tiers.tier(str(s.url)) for s in item.sources) if t is not None]
    return min(known, key=lambda t: t.rank) if known else None


# --------------------------------------------------------------------------- audit


@dataclass(frozen=True)
class Finding:
    item: Item
    message: str
    source: str = ""  # the source path and URL it is about, if one
    error: bool = True

    def __str__(self) -> str:
        about = f" › {self.source}" if self.source else ""
        return f"{self.item}{about}: {self.message}"


def audit(root: Path, tiers: SourceTiers, on: date, *, strict: bool = False) -> list[Finding]:
    """Problems with the sources: unknown domains and weak-only facts are errors; with `strict`,
    so are review dates that have passed. Plain-http links are reported, not fatal."""
    out = []
    for item in items(root):
        for path, source in zip(item.source_paths, item.sources, strict=True):
            url = str(source.url)
            entry = tiers.entry(url)
            here = f"{path} {url}"
            if entry is None:
                host = urlparse(url).hostname
                out.append(Finding(item, f"domain '{host}' is not in {TIERS_FILE}: classify it first", here))
            elif url.startswith("http://") and not entry.http_only:
                out.append(Finding(item, "plain http:// link; use https://", here, error=False))
            if source.review_by is not None and source.review_by < on:
                out.append(Finding(item, f"review was due by {source.review_by}", here, error=strict))
        if all(tiers.tier(str(s.url)) is Tier.weak for s in item.sources):
            listed = ", ".join(str(s.url) for s in item.sources)
            out.append(Finding(item, f"rests only on weak sources ({listed}): cite the official page or make it null"))
    return out


@dataclass(frozen=True)
class Figures:
    items: int
    weak_only: int
    secondary_only: int  # the best source is secondary
    unclassified_only: int
    http_links: int
    links: int

    def lines(self) -> list[str]:
        def pct(n: int) -> str:
            return f"{100 * n / self.items:.0f} %" if self.items else "0 %"

        return [
            f"sourced facts (rules, table records, non-null state facts): {self.items}",
            f"resting only on weak sources: {self.weak_only} ({pct(self.weak_only)})",
            f"resting only on secondary or weaker sources: {self.secondary_only} ({pct(self.secondary_only)})",
            f"resting only on unclassified domains: {self.unclassified_only}",
            f"source links using http://: {self.http_links} of {self.links}",
        ]


def figures(root: Path, tiers: SourceTiers) -> Figures:
    found = items(root)
    best = [best_tier(i, tiers) for i in found]
    links = [str(s.url) for i in found for s in i.sources]
    return Figures(
        items=len(found),
        weak_only=sum(1 for b in best if b is Tier.weak),
        secondary_only=sum(1 for b in best if b in (Tier.secondary, Tier.weak)),
        unclassified_only=sum(1 for b in best if b is None),
        http_links=sum(1 for u in links if u.startswith("http://")),
        links=len(links),
    )


# --------------------------------------------------------------------------- the maintainer's checklist


@dataclass(frozen=True)
class PageToReview:
    url: str
    title: str
    why: tuple[str, ...]  # "review was due by …", "as of … (older than 12 months)", "undated, read …"
    items: tuple[Item, ...]
    notes: tuple[str, ...]  # what the sources say this page confirms

    @property
    def overdue(self) -> bool:
        return any(w.startswith("review was due") for w in self.why)

    @property
    def weight(self) -> tuple[int, int]:
        """How many rules and how many states depend on the page (the checklist's order)."""
        rules = {i.where for i in self.items if "/states/" not in i.file and "/tables/" not in i.file}
        states = {i.file for i in self.items if "/states/" in i.file}
        return len(rules), len(states)


def review_list(root: Path, on: date) -> list[PageToReview]:
    """Every page whose review date has passed, that is older than 12 months, or that is undated
    and was read more than 12 months ago, grouped by URL: overdue pages first, then the most
    depended-on."""
    pages: dict[str, tuple[Source, dict[str, None], list[Item], dict[str, None]]] = {}
    for item in items(root):
        for source in item.sources:
            why = []
            if source.is_overdue(on):
                why.append(f"review was due by {source.review_by}")
            if source.is_stale(on):
                why.append(f"{source.dated_words} (older than 12 months)")
            if not why:
                continue
            url = str(source.url)
            first, reasons, dependents, notes = pages.setdefault(url, (source, {}, [], {}))
            reasons.update(dict.fromkeys(why))
            if item not in dependents:
                dependents.append(item)
            if source.note:
                notes.setdefault(source.note, None)
    found = [
        PageToReview(url, src.title, tuple(why), tuple(deps), tuple(notes))
        for url, (src, why, deps, notes) in pages.items()
    ]
    return sorted(found, key=lambda p: (not p.overdue, -sum(p.weight), -len(p.items), p.url))


def undated_count(root: Path) -> int:
    return len({str(s.url) for i in items(root) for s in i.sources if s.undated})
