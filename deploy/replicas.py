"""Start N wizard replicas and nginx in front of them, on loopback, as the current user.

    python deploy/replicas.py --replicas 2 --port 8600     # runs until Ctrl-C
    python deploy/replicas.py --print-config               # the nginx configuration it would use

Each replica is `streamlit run app.py` on its own free loopback port, all sharing one cookie
secret (so an upload's XSRF cookie is good on every replica). The nginx configuration is
`deploy/nginx.conf.template` with the replicas' addresses filled in, written with everything
nginx writes (pid, error log, temporary files) into a fresh temporary folder and run with
`nginx -p DIR -c DIR/nginx.conf`: no system file is read or changed beyond the nginx binary.
The proxy listens on 127.0.0.1 only. Used by tests/deploy/test_replicas.py and
bench/replicas_load.py; `Fleet` is the same thing as a context manager.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
REPLICA_FLAGS = [
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
    "--runner.postScriptGC",
    "false",
]
START_BOUND_S = 120.0  # generous: a busy machine starts Python slowly


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        raise SystemExit("nginx is not installed (apt-get install nginx-light or nginx)")
    return found


def render_config(replica_ports: list[int], listen_port: int, folder: Path) -> str:
    """The template with this run's replicas, listening address and folder filled in."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in replica_ports)
    # Worker processes run as this user; the `user` line is allowed only when started by root.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    text = TEMPLATE.read_text()
    for mark, value in (
        ("@@SERVERS@@", servers),
        ("@@LISTEN@@", f"127.0.0.1:{listen_port}"),
        ("@@DIR@@", str(folder)),
        ("@@USER@@", user),
    ):
        text = text.replace(mark, value)
    return text


def wait_healthy(url: str, proc: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_BOUND_S
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:  # loopback only
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{what} did not become healthy:\n{tail}")
        time.sleep(0.1)


class Fleet:
    """N replicas and the proxy. `with Fleet(2) as fleet: fleet.url …`; stop and restart by index."""

    def __init__(self, replicas: int = 2, *, port: int | None = None, env: dict[str, str] | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="img-wizard-replicas-"))
        self.ports = [free_port() for _ in range(replicas)]
        self.listen = port or free_port()
        self.url = f"http://127.0.0.1:{self.listen}"
        self.env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32), **(env or {})}
        self.procs: list[subprocess.Popen | None] = [None] * replicas
        self.nginx: subprocess.Popen | None = None

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def start_replica(self, i: int) -> None:
        log = self.folder / f"replica-{i}.log"
        with log.open("ab") as out:
            self.procs[i] = proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.port",
                    str(self.ports[i]),
                    *REPLICA_FLAGS,
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_healthy(self.replica_url(i), proc, f"replica {i}", log)

    def stop_replica(self, i: int) -> None:
        proc = self.procs[i]
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs[i] = None

    def restart_replica(self, i: int) -> None:
        """One step of a rolling restart: this replica stops, then starts again on its port."""
        self.stop_replica(i)
        self.start_replica(i)

    def start(self) -> Fleet:
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / name).mkdir()
        conf = self.folder / "nginx.conf"
        conf.write_text(render_config(self.ports, self.listen, self.folder))
        for i in range(len(self.ports)):
            self.start_replica(i)
        log = self.folder / "error.log"
        self.nginx = subprocess.Popen(
            [nginx_binary(), "-p", str(self.folder), "-c", str(conf), "-e", str(log)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "nginx.out").open("wb"),
        )
        wait_healthy(self.url, self.nginx, "nginx", self.folder / "nginx.out")
        return self

    def close(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish open requests, then exit
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        for i in range(len(self.procs)):
            self.stop_replica(i)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Fleet:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc: object) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8600, help="the proxy's port on 127.0.0.1")
    ap.add_argument("--print-config", action="store_true", help="print the nginx configuration and stop")
    args = ap.parse_args(argv)
    if args.print_config:
        ports = [8601 + i for i in range(args.replicas)]
        print(render_config(ports, args.port, Path(tempfile.gettempdir()) / "img-wizard-replicas"))
        return 0
    with Fleet(args.replicas, port=args.port) as fleet:
        print(
            f"{args.replicas} replicas behind nginx at {fleet.url}/ (replicas on ports {fleet.ports}); Ctrl-C stops all"
        )
        try:
            while all(p is not None and p.poll() is None for p in fleet.procs):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
