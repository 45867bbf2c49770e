"""Where the files that ship beside the code live: the app script, its Streamlit config, the rule book.

In the repository they sit at the top, where the client wants them (`app.py`,
`.streamlit/config.toml`, `rules/`). A built wheel carries a copy of the three, in the same
shape, inside the package as `wizard/_shipped/` (see `setup.py`), so an install that is not a
checkout (a wheel, pipx) finds them through the package's resources. `ROOT` is the folder
holding them either way; an editable install or a checkout has no `_shipped` and uses the
checkout itself.

Must not know: anything else (the domain and every layer above it may import this module).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The package folder a wheel puts the shipped files in (written by setup.py's build step).
SHIPPED_PACKAGE_DIR = "_shipped"


def _root() -> Path:
    bundled = files("wizard").joinpath(SHIPPED_PACKAGE_DIR)
    # pip and pipx install packages as plain files, so the resource is a real folder.
    if isinstance(bundled, Path) and bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2]


#: The folder with app.py, .streamlit/config.toml and rules/.
ROOT = _root()
APP = ROOT / "app.py"
RULES_DIR = ROOT / "rules"
