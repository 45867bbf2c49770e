"""Start `streamlit run` for a privacy test: own HOME and TMPDIR, a log file, optionally under strace.

`strace -f -e trace=connect` records every connect() the server and its threads make; the
tests assert each one is loopback or a unix socket. In CI (CI=true) a missing or unusable
strace is a failure, never a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"
FLAGS = [
    "--server.address",
    "127.0.0.1",
    "--server.fileWatcherType",
    "none",
    "--runner.postScriptGC",
    "false",
    "--server.headless",
    "true",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def strace_or_skip() -> str | None:
    """The strace binary if it works here; None (skip) locally; a failure in CI."""
    path = shutil.which("strace")
    problem = None
    if path is None:
        problem = "strace is not installed (apt-get install strace)"
    else:
        probe = subprocess.run(
            [path, "-f", "-qq", "-e", "trace=connect", "-o", os.devnull, "true"], capture_output=True, timeout=30
        )
        if probe.returncode != 0:
            problem = f"strace cannot trace here: {probe.stderr.decode(errors='replace')[-300:]}"
    if problem is None:
        return path
    if os.environ.get("CI"):
        pytest.fail(problem)
    return None


@dataclass
class Served:
    url: str
    proc: subprocess.Popen
    log: Path
    home: Path
    tmp: Path
    trace: Path | None
    started: float  # time.time() just before the server started

    def stop(self) -> None:
        """Stop the server and everything it started: under strace, ending strace alone would
        leave the traced server running on its own, so the whole process group is signalled."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                self.proc.poll()  # reap our own child, so only live processes keep the group
                if not _group_alive(self.proc.pid):
                    return
                time.sleep(0.1)
        self.proc.wait()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def start(
    workdir: Path,
    *,
    script: str = "app.py",
    cwd: Path = ROOT,
    strace: str | None = None,
    env: dict[str, str] | None = None,
) -> Served:
    home, tmp = workdir / "home", workdir / "tmp"
    home.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *FLAGS]
    trace = None
    if strace:
        trace = workdir / "connect.trace"
        cmd = [strace, "-f", "-qq", "-e", "trace=connect,bind", "-o", str(trace), *cmd]
    full_env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "IMG_WIZARD_TODAY": TODAY, **(env or {})}
    log = workdir / "server.log"
    started = time.time()
    out = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    out.close()
    served = Served(f"http://127.0.0.1:{port}", proc, log, home, tmp, trace, started)
    try:
        wait_healthy(served.url, proc, log)
    except BaseException:
        served.stop()
        raise
    return served


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, *, bound_s: float = 120.0) -> None:
    """Return once `url`'s health endpoint answers 200; fail with the server's log if it exits or
    the bound passes (generous: a busy machine starts Python slowly)."""
    deadline = time.monotonic() + bound_s
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the server at {url} did not become healthy:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)


_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}")


def binds(trace: Path) -> list[str]:
    """The bind() calls in a trace: proof that strace really followed the server."""
    return [line for line in trace.read_text(errors="replace").splitlines() if "bind(" in line]


def outside_connects(trace: Path) -> tuple[int, list[str]]:
    """(how many connect() calls, the ones that were not loopback or local sockets)."""
    seen, bad = 0, []
    for line in trace.read_text(errors="replace").splitlines():
        m = _CONNECT.search(line)
        if not m:
            continue
        seen += 1
        family, rest = m.groups()
        if family in ("AF_UNIX", "AF_LOCAL", "AF_NETLINK", "AF_UNSPEC"):
            continue
        if family == "AF_INET" and re.search(r'inet_addr\("127\.', rest):
            continue
        if family == "AF_INET6" and re.search(r'inet_pton\(AF_INET6, "(::1|::ffff:127\.[0-9.]+)"', rest):
            continue
        bad.append(line.strip())
    return seen, bad


SKIP_PARTS = ("playwright", "chromium", ".org.chromium")


def files_containing(markers: list[str], roots: list[Path], since: float, *, skip: tuple[Path, ...] = ()) -> list[str]:
    """Files under these roots modified since `since` whose bytes (or PDF text) hold a marker."""
    wanted = [m.encode() for m in markers]
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not any(p in d for p in SKIP_PARTS)]
            here = Path(folder)
            if any(here == s or s in here.parents for s in skip):
                continue
            for name in files:
                path = here / name
                try:
                    st = path.lstat()
                    if not path.is_file() or st.st_mtime < since or st.st_size > 20 * 1024 * 1024:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if data.startswith(b"%PDF"):
                    try:
                        import io

                        from pypdf import PdfReader

                        data += "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).encode()
                    except Exception:
                        pass
                if any(w in data for w in wanted):
                    found.append(str(path))
    return found
