"""A damaged rule book is refused as a whole: the app shows why and no plan, the CLI exits non-zero.

Each case copies the real rule book and breaks one thing the way an editor could."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from wizard_driver import go, new_app, texts

from wizard.cli import main as cli_main
from wizard.domain.book import RULES_DIR_ENV, load_rulebook
from wizard.engine.loader import RuleBookError

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def _edit(relative: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(book: Path) -> None:
        path = book / relative
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return apply


def _rule(n: int, **changes) -> Callable[[dict], None]:
    return lambda d: d["rules"][n].update(changes)


def _when(**changes) -> Callable[[dict], None]:
    return lambda d: d["rules"][0]["when"].update(changes)


def _first_source(**changes) -> Callable[[dict], None]:
    return lambda d: d["rules"][0]["sources"][0].update(changes)


def _cycle(d: dict) -> None:
    a, b = d["rules"][0], d["rules"][1]
    a["depends_on"], b["depends_on"] = [b["id"]], [a["id"]]


def _write(relative: str, text: str) -> Callable[[Path], None]:
    return lambda book: (book / relative).write_text(text, encoding="utf-8")


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "bad JSON": _write("usmle.json", '{"topic": "usmle", "rules": ['),
    "empty file": _write("usmle.json", ""),
    "unknown key": _edit("usmle.json", _rule(0, colour="red")),
    "unknown fact": _edit("usmle.json", _when(fact="exams.step9.status")),
    "bad operator": _edit("usmle.json", _when(op="approximately")),
    "illegal enum": _edit("usmle.json", _rule(0, kind="suggestion")),
    "missing source": _edit("usmle.json", _rule(0, sources=[])),
    "future as_of": _edit("usmle.json", _first_source(as_of="2099-01-01")),
    "duplicate id": _edit("usmle.json", lambda d: d["rules"].append(dict(d["rules"][0]))),
    "dependency cycle": _edit("usmle.json", _cycle),
    "broken table file": _write("tables/durations.json", '{"description": "x", "durations": [{"nope": 1}]}'),
    "table file not JSON": _write("tables/match_cycles.json", "<html>not json</html>"),
    "broken state file": _edit("states/NY.json", lambda d: d.update(code=123, shoe_size=9)),
}


@pytest.fixture
def broken_book(tmp_path, request) -> Path:
    book = tmp_path / "rules"
    shutil.copytree(RULES, book)
    CORRUPTIONS[request.param](book)
    return book


@pytest.mark.parametrize("broken_book", list(CORRUPTIONS), indirect=True)
def test_a_broken_rule_book_is_refused_by_the_loader_the_cli_and_the_app(broken_book, monkeypatch, capsys):
    with pytest.raises(RuleBookError) as caught:
        load_rulebook(broken_book, today=date(2026, 11, 25))
    assert caught.value.problems, "the refusal must say why"

    assert cli_main(["check-rules", str(broken_book)]) != 0
    assert capsys.readouterr().err.strip(), "check-rules must say why on stderr"

    monkeypatch.setenv(RULES_DIR_ENV, str(broken_book))
    at = new_app().run()
    go(at, "plan")
    assert not at.exception
    page = texts(at)
    assert "The rules could not be loaded" in page
    assert "Next steps" not in page and "Where you stand" not in page, "no partial plan from a broken book"
    details = "\n".join(t.value for t in at.text)
    assert details.strip(), "the advisor is told what is wrong"


def test_the_real_rule_book_passes_and_a_broken_one_fails_the_command_line_exit_code(tmp_path):
    book = tmp_path / "rules"
    shutil.copytree(RULES, book)
    CORRUPTIONS["unknown fact"](book)
    exe = [sys.executable, "-m", "wizard.cli", "check-rules"]
    env = {**os.environ, "IMG_WIZARD_TODAY": "2026-11-25"}
    good = subprocess.run([*exe, str(RULES)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    bad = subprocess.run([*exe, str(book)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert good.returncode == 0, good.stderr[-2000:]
    assert bad.returncode != 0
    assert "exams.step9.status" in bad.stdout + bad.stderr
