"""An advisor's laptop: the README's "On Windows or macOS" steps, run as written, outside the checkout.

A copy of the repository's files (what a clone or "Download ZIP" gives) is built into a wheel
and installed into a fresh virtual environment in a temporary home folder; the copy is then
deleted, so everything after comes from the installed package alone. From another folder the
installed command checks the rule book, evaluates an answers file and serves the app, which
must answer its health check, carry the hardened Streamlit settings, and take a browser to the
plan. Commands are the README's macOS lines, which are the same on Linux (only the port and a
loopback address are added to `serve`, so the test needs no network). Takes a minute or two:
pip reuses its cache and installs the exact versions in constraints.txt.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from servers import ROOT, TODAY, free_port

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)

ANSWERS = {
    "schema_version": 1,
    "degree": {"school_country": "IN", "enrolment": "graduate", "graduation_year": 2019},
}
INSTALL_TIMEOUT_S = 900


def readme_commands() -> list[str]:
    """The macOS (and Linux) command block of the README's "On Windows or macOS" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## On Windows or macOS", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's Windows/macOS section has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def repository_copy(dest: Path) -> Path:
    """The repository's files as a clone has them (tracked, plus new files not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def pip_cache_dir() -> str | None:
    out = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    if out.returncode != 0:
        return None  # caching is off here
    return out.stdout.strip() or None


@dataclass
class Laptop:
    home: Path
    env: dict[str, str]
    commands: list[str]

    def run(self, command: str, *, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
        """One shell line, as typed in a terminal (`~` is this test's home folder)."""
        done = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done

    @property
    def wizard(self) -> str:
        return shlex.split(self.commands[2])[0]  # ~/img-wizard/bin/img-wizard


# Session scope: the browser test is grouped with the other browser tests, so pytest runs it
# apart from the rest of this module; the laptop is set up once all the same.
@pytest.fixture(scope="session")
def laptop(tmp_path_factory) -> Laptop:
    commands = readme_commands()
    assert [shlex.split(c)[:2] for c in commands] == [
        ["python3", "-m"],
        ["~/img-wizard/bin/python", "-m"],
        ["~/img-wizard/bin/img-wizard", "check-rules"],
        ["~/img-wizard/bin/img-wizard", "serve"],
    ], "the README's install steps changed: update this test with them"
    tmp = tmp_path_factory.mktemp("laptop")
    assert ROOT not in tmp.parents
    home = tmp / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["HOME"] = str(home)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    cache = pip_cache_dir()
    if cache:
        env["PIP_CACHE_DIR"] = cache  # the same cache as the developer's: no download twice
    machine = Laptop(home, env, commands)

    folder = repository_copy(tmp / "img-pathway-wizard")
    machine.run(commands[0], cwd=folder)  # python3 -m venv ~/img-wizard
    machine.run("~/img-wizard/bin/python -m pip wheel --no-deps -w dist .", cwd=folder, timeout=INSTALL_TIMEOUT_S)
    wheels = list((folder / "dist").glob("img_pathway_wizard-*.whl"))
    assert len(wheels) == 1
    install = commands[1]
    assert install.endswith(" ."), install
    machine.run(install[:-1] + str(wheels[0]), cwd=folder, timeout=INSTALL_TIMEOUT_S)
    shutil.rmtree(folder)  # from here on, only the installed package is there
    (home / "answers.json").write_text(json.dumps(ANSWERS), encoding="utf-8")
    return machine


def test_the_installed_command_checks_the_rule_book_it_carries(laptop):
    done = laptop.run(laptop.commands[2] + " --on " + TODAY, cwd=laptop.home)
    summary = done.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ rule files, \d+ rules .*; (\d+) of \1 examples pass", summary), summary


def test_the_installed_command_evaluates_an_answers_file(laptop):
    done = laptop.run(f"{laptop.wizard} evaluate answers.json --format json --on {TODAY}", cwd=laptop.home)
    plan = json.loads(done.stdout)
    assert plan["on"] == TODAY
    # Graduated in 2019: about seven years by the pinned date, which programs weigh.
    warning = next(w for w in plan["warnings"] if w["title"] == "More than 5 years since graduation")
    assert warning["sources"]


def test_the_installed_command_takes_a_rule_book_of_ones_own(laptop):
    done = subprocess.run(
        ["bash", "-c", f"{laptop.wizard} evaluate answers.json --rules nowhere"],
        cwd=laptop.home,
        env=laptop.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "nowhere" in done.stderr


def test_serve_runs_the_app_inside_the_installed_package(laptop):
    done = laptop.run(f"{laptop.wizard} serve --dry-run", cwd=laptop.home)
    app = Path(shlex.split(done.stdout.strip().splitlines()[-1])[4])
    assert app.name == "app.py" and app.is_relative_to(laptop.home / "img-wizard")


@pytest.fixture(scope="module")
def served(laptop):
    """The README's serve line (plus a free loopback port), stopped the way a terminal's Ctrl-C does."""
    port = free_port()
    command = f"{laptop.commands[3]} --address 127.0.0.1 --port {port} --passcode advisor-2026"
    env = {**laptop.env, "IMG_WIZARD_TODAY": TODAY}
    log = laptop.home / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", "-c", "exec " + command],
            cwd=laptop.home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"the installed app did not become healthy:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
    assert proc.wait(timeout=30) == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/_stcore/health", timeout=2)


def test_the_served_app_has_the_hardened_settings_and_a_browser_reaches_the_plan(served, laptop, page: Page):
    page.goto(served + "/")
    expect(page.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()
    # From .streamlit/config.toml: uploads limited to 1 MB, and the darker text colour.
    expect(page.get_by_test_id("stFileUploaderDropzoneInstructions")).to_contain_text(re.compile(r"\b1\s?MB per file"))
    colour = page.get_by_role("heading", name="Welcome", exact=True).evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(17, 17, 17)"

    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(laptop.home / "answers.json"))
    expect(page.get_by_text("Your answers are back", exact=False)).to_be_visible()
    page.get_by_role("button", name="Review my answers →").click()
    expect(page.get_by_role("heading", name="Review your answers", exact=True)).to_be_visible()
    page.get_by_role("button", name="See my plan →").click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
