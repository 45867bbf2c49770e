"""The core stays free of Streamlit and of the clock; only app.py and wizard/ui import Streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = [p for p in (ROOT / "wizard").rglob("*.py") if "ui" not in p.relative_to(ROOT / "wizard").parts]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_streamlit():
    offenders = [p.relative_to(ROOT).as_posix() for p in CORE if "streamlit" in imports(p)]
    assert offenders == []


def test_importing_the_whole_core_does_not_load_streamlit():
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in CORE if p.name != "__init__.py")
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_the_core_never_reads_the_clock_except_the_cli():
    clock = ("date.today(", "datetime.now(", "datetime.today(", "time.time(")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in CORE
        if p.name != "cli.py" and any(c in p.read_text(encoding="utf-8") for c in clock)
    ]
    assert offenders == []


def test_there_is_no_top_level_pages_folder_for_streamlit_to_claim():
    assert not (ROOT / "pages").exists()
