"""The layers stay layers: imports run downward only, Streamlit stays in the UI, the core never reads the clock.

The layers, lowest first: engine → domain → outputs → workshop → (cli, ui). A module may import
its own layer and any layer below it, never one above. app.py sits on top of everything.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIZARD = ROOT / "wizard"
CORE = [p for p in WIZARD.rglob("*.py") if "ui" not in p.relative_to(WIZARD).parts]

#: Rank of each top-level part of the package; a module may import only parts of equal or lower rank.
LAYERS = {"engine": 0, "domain": 1, "outputs": 2, "workshop": 3, "cli": 4, "ui": 4}


def imports(path: Path, base: Path = ROOT) -> set[str]:
    """Every module name this file imports, relative imports resolved against `base` (the folder holding wizard/)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(base).parent.parts
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = package[: len(package) - node.level + 1]
                module = ".".join([*parent, node.module] if node.module else parent)
            else:
                module = node.module or ""
            names.add(module)
            if layer_of(module) is None:  # `from wizard import outputs`: the names are the modules
                names |= {f"{module}.{a.name}" for a in node.names}
    return names


def layer_of(module: str) -> str | None:
    """The layer a `wizard.…` module name belongs to (None for `wizard` itself and outside names)."""
    parts = module.split(".")
    if parts[0] != "wizard" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def upward_imports(root: Path) -> list[str]:
    """'file: imports module (layer → higher layer)' for every import that runs back up."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        own = layer_of(".".join(rel.with_suffix("").parts))
        if own is None:
            continue
        for module in sorted(imports(path, root.parent)):
            theirs = layer_of(module)
            if theirs is not None and LAYERS[theirs] > LAYERS[own]:
                out.append(f"{rel.as_posix()}: imports {module} ({own} → {theirs})")
    return out


def test_every_module_belongs_to_a_layer():
    strays = [
        p.relative_to(ROOT).as_posix()
        for p in WIZARD.rglob("*.py")
        if p.parent != WIZARD and layer_of(".".join(p.relative_to(ROOT).with_suffix("").parts)) is None
    ]
    top = sorted(p.name for p in WIZARD.glob("*.py"))
    assert strays == []
    assert top == ["__init__.py", "cli.py"]


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(WIZARD) == []


def test_an_upward_import_planted_in_the_engine_is_caught(tmp_path):
    planted = tmp_path / "wizard"
    (planted / "engine").mkdir(parents=True)
    (planted / "outputs").mkdir()
    (planted / "engine" / "evaluation.py").write_text("from wizard.outputs.plan import build_plan\n")
    (planted / "engine" / "loader.py").write_text("from ..domain import facts\n")
    (planted / "outputs" / "plan.py").write_text("from wizard.engine import evaluation\n")  # downward: fine
    assert upward_imports(planted) == [
        "wizard/engine/evaluation.py: imports wizard.outputs.plan (engine → outputs)",
        "wizard/engine/loader.py: imports wizard.domain (engine → domain)",
    ]


def test_the_domain_may_not_import_the_workshop_tools(tmp_path):
    planted = tmp_path / "wizard" / "domain"
    planted.mkdir(parents=True)
    (planted / "facts.py").write_text("import wizard.workshop.room\n")
    assert upward_imports(tmp_path / "wizard") == [
        "wizard/domain/facts.py: imports wizard.workshop.room (domain → workshop)"
    ]


def test_no_core_module_imports_streamlit():
    offenders = [
        p.relative_to(ROOT).as_posix() for p in CORE if any(m.split(".")[0] == "streamlit" for m in imports(p))
    ]
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
