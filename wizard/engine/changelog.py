"""The rule book's version and what changed in advice, read from `CHANGELOG.md` beside the rule files.

Owns: the changelog's format (a `## <version> (<YYYY-MM-DD>)` heading per release, newest first,
and one `- ` line per change in advice naming the rule or record ids it touches in backticks),
reading it, the current version and date, and the lines written after a given version that
name an item.

Must not know: rules, answers, Streamlit or the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CHANGELOG_FILE = "CHANGELOG.md"
_HEADING = re.compile(r"^## (?P<version>\d+(?:\.\d+)+) \((?P<date>\d{4}-\d{2}-\d{2})\)\s*$")
_ID = re.compile(r"`([a-z][a-z0-9_]*\.[a-z0-9_]+)`")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True)
class Change:
    version: str
    date: date
    text: str
    ids: tuple[str, ...]  # the rule ids the line names

    def __str__(self) -> str:
        return f"{self.version} ({self.date.isoformat()}): {self.text}"


@dataclass(frozen=True)
class Changelog:
    """Releases newest first; `version` and `date` are the newest release's."""

    changes: tuple[Change, ...]
    version: str
    date: date

    def since(self, version: str | None) -> tuple[Change, ...]:
        """Every change written after `version` (all of them when it is unknown)."""
        if version is None:
            return self.changes
        try:
            after = version_key(version)
        except ValueError:
            return self.changes
        return tuple(c for c in self.changes if version_key(c.version) > after)

    def lines_for(self, item_id: str, since: str | None) -> tuple[Change, ...]:
        return tuple(c for c in self.since(since) if item_id in c.ids)


class ChangelogError(ValueError):
    pass


def read_changelog(path: Path) -> Changelog:
    """Parse the changelog; raises `ChangelogError` naming the line when it is malformed."""
    changes: list[Change] = []
    current: tuple[str, date] | None = None
    releases: list[tuple[str, date]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            m = _HEADING.match(line)
            if m is None:
                raise ChangelogError(f"{CHANGELOG_FILE} line {n}: write a release as '## 2026.12.1 (2026-12-02)'")
            current = (m["version"], date.fromisoformat(m["date"]))
            if releases and version_key(current[0]) >= version_key(releases[-1][0]):
                raise ChangelogError(f"{CHANGELOG_FILE} line {n}: releases go newest first")
            releases.append(current)
        elif line.startswith("- ") and current is not None:
            text = line[2:].strip()
            changes.append(Change(current[0], current[1], text, tuple(_ID.findall(text))))
    if not releases:
        raise ChangelogError(f"{CHANGELOG_FILE}: no release heading found")
    return Changelog(tuple(changes), *releases[0])
