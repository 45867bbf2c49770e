"""The container recipe, checked without a container engine: its CMD is run here, from a copy of
what the Containerfile copies, and must come up healthy with the hardened configuration."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "deploy" / "Containerfile"


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def one(word: str) -> str:
    found = [rest for w, rest in instructions() if w == word]
    assert found, f"no {word} in the Containerfile"
    return found[-1]


def test_the_image_is_slim_python_runs_as_a_user_and_checks_health():
    assert one("FROM") == "python:3.11-slim"
    user = one("USER")
    assert user not in ("root", "0")
    assert "/_stcore/health" in one("HEALTHCHECK")
    assert "STREAMLIT_SERVER_ALLOWED_HOSTS=" in " ".join(rest for w, rest in instructions() if w == "ENV")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_cmd_serves_a_healthy_app_with_the_hardened_config(tmp_path):
    cmd = json.loads(one("CMD"))
    assert cmd[:3] == ["streamlit", "run", "app.py"]
    flags = dict(zip(cmd[3::2], cmd[4::2], strict=True))
    assert flags["--server.address"] == "0.0.0.0"  # inside the container; the proxy is in front
    assert flags["--server.fileWatcherType"] == "none" and flags["--runner.postScriptGC"] == "false"
    # Copy what the image copies, then run the same command line here, on loopback only.
    app = tmp_path / "app"
    app.mkdir()
    for w, rest in instructions():
        if w == "COPY":
            *sources, _dest = rest.split()
            for src in sources:
                path = ROOT / src
                (shutil.copytree if path.is_dir() else shutil.copy2)(path, app / path.name)
    flags["--server.address"] = "127.0.0.1"
    flags["--server.port"] = str(_free_port())
    local = [sys.executable, "-m", "streamlit", "run", "app.py", *[x for kv in flags.items() for x in kv]]
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "STREAMLIT_SERVER_ALLOWED_HOSTS": "wizard.example.org localhost",
    }
    (tmp_path / "home").mkdir()

    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show", *local[5:]],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout

    def value(section: str, name: str) -> str:
        block = shown.split(f"[{section}]", 1)[1]
        return re.search(rf"^{name} = (.+?)(?=\n\n|\n#)", block, re.M | re.S).group(1).strip()

    assert value("browser", "gatherUsageStats") == "false"
    assert value("client", "showErrorDetails") == '"none"'
    assert value("client", "toolbarMode") == '"minimal"'
    assert value("server", "fileWatcherType") == '"none"'
    assert value("server", "enableXsrfProtection") == "true"
    assert value("server", "maxUploadSize") == "1"
    assert "wizard.example.org" in value("server", "allowedHosts")

    proc = subprocess.Popen(local, cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{flags['--server.port']}/_stcore/health"
        deadline = time.monotonic() + 120  # a busy machine starts Python slowly
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the container's command did not become healthy: {proc.stderr.read()[-1500:]!r}")
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
