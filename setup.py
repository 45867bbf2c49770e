"""The one build step pyproject.toml cannot declare: the wheel carries the files at the top of the repository.

`app.py`, `.streamlit/config.toml` and `rules/` stay at the top of the repository (the client
asked for that, and `make run` and the tests use them there). Package data can only come from
inside a package folder, so this step copies the three into the built package as
`wizard/_shipped/`, keeping their shape: the installed command finds them through the package's
resources (wizard/domain/shipped.py), and Streamlit reads the config beside the installed app.py.
An editable install needs no copy (it reads the checkout). MANIFEST.in puts them in the sdist.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("app.py", ".streamlit/config.toml", "rules")


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "wizard" / "_shipped"
        for name in SHIPPED:
            source, dest = HERE / name, target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildWithShippedFiles})
