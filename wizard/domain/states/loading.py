"""Loading the per-state data: every `XX.json` checked, every problem named by file and JSON path.

Owns: where the shipped state data lives (`STATES_DIR`), `load_states`, and `StateDataError`.
Must not know: the UI, a person's answers, rule evaluation or plans.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from wizard.domain.shipped import RULES_DIR
from wizard.domain.states.model import JURISDICTIONS, StateBook, StateRecord, iter_sources

#: Where the shipped data lives (repo path `rules/states/`; see wizard/domain/shipped.py).
STATES_DIR = RULES_DIR / "states"


class StateDataError(ValueError):
    """The state data set is broken; `errors` lists every problem as `file › path: message`."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        #: Same list, under the name the rule-book loader collects from every part's error.
        self.problems = self.errors
        super().__init__(f"{len(self.errors)} error(s) in state data:\n" + "\n".join(f"  {e}" for e in self.errors))


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


_TYPE_TAGS = {"int", "float", "bool", "str", "none", "date", "tuple"}


def _is_type_tag(part: int | str) -> bool:
    """Pydantic adds union-branch names such as `int` or `literal['none']` to error paths."""
    return isinstance(part, str) and (part in _TYPE_TAGS or "[" in part)


def _loc(parts: tuple[int | str, ...]) -> str:
    out = ""
    for part in parts:
        if _is_type_tag(part):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(record)"


def load_states(directory: Path = STATES_DIR, *, today: date | None = None) -> StateBook:
    """Load and check every `XX.json` in `directory`; raise `StateDataError` listing all problems.

    The set must hold exactly the 54 jurisdictions, one file each, named by code. This module
    never reads the clock: pass `today` to refuse any `as_of` or `checked` after that day.
    Without it, only "no source speaks for a day after it was checked" is enforced.
    """
    directory = Path(directory)
    errors: list[str] = []
    records: dict[str, StateRecord] = {}

    if not directory.is_dir():
        raise StateDataError([f"{_display(directory)}: not a directory"])

    for file in sorted(directory.glob("*.json")):
        shown = _display(file)
        code = file.stem
        if code not in JURISDICTIONS:
            errors.append(f"{shown}: {code!r} is not one of the 54 jurisdiction codes")
            continue
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            errors.append(f"{shown}: cannot read JSON: {exc}")
            continue
        try:
            record = StateRecord.model_validate_json(json.dumps(raw))
        except ValidationError as exc:
            by_path: dict[str, list[str]] = {}
            for err in exc.errors(include_url=False):
                msg = err["msg"].removeprefix("Value error, ")
                msgs = by_path.setdefault(_loc(err["loc"]), [])
                if msg not in msgs:
                    msgs.append(msg)
            errors.extend(f"{shown} › {where}: {' or '.join(msgs)}" for where, msgs in by_path.items())
            continue
        if record.code != code:
            errors.append(f"{shown} › code: {record.code!r} does not match the file name")
            continue
        for where, src in iter_sources(record):
            if today is not None and src.as_of > today:
                errors.append(f"{shown} › {where}.as_of: {src.as_of} is in the future (today {today})")
            if src.checked is not None:
                if today is not None and src.checked > today:
                    errors.append(f"{shown} › {where}.checked: {src.checked} is in the future (today {today})")
                if src.as_of > src.checked:
                    errors.append(
                        f"{shown} › {where}.as_of: {src.as_of} is after the day it was checked ({src.checked})"
                    )
        records[code] = record

    present = {f.stem for f in directory.glob("*.json")}
    for code in JURISDICTIONS:
        if code not in present:
            errors.append(f"{_display(directory / (code + '.json'))}: missing (every jurisdiction needs a file)")

    if errors:
        raise StateDataError(errors)
    return StateBook(records)
