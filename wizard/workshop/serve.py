"""`img-wizard serve`: start the browser app, on this laptop only or for a room (`--workshop`).

Owns: the subcommand's arguments, asking for the advisor passcode, printing the join URL and
its QR code, and running `streamlit run` on the app that ships with the package (wizard/domain/shipped.py)
until the advisor stops it (Ctrl-C). The server runs in the shipped folder, beside the hardened
.streamlit/config.toml, which Streamlit reads from the app's folder and from its working folder.
The passcode reaches the server through its environment only: never a file, never argv.

Must not know: Streamlit's Python API (the server is a child process).
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import subprocess
import sys
from pathlib import Path

from wizard.domain import shipped
from wizard.workshop.lan import detect_address
from wizard.workshop.room import (
    DEFAULT_PORT,
    MAX_IDLE_MINUTES,
    PASSCODE_ENV,
    ServeOptions,
    WorkshopError,
    check_address,
    check_passcode,
    join_url,
    new_passcode,
    qr_text,
    server_env,
    streamlit_command,
)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number from 1024 to 65535")
    return port


def _minutes(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_IDLE_MINUTES:
        raise argparse.ArgumentTypeError(f"give a whole number of minutes from 1 to {MAX_IDLE_MINUTES}")
    return n


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sv = sub.add_parser(
        "serve",
        help="start the browser app (this laptop only; --workshop for a room of phones)",
        description="Start the browser app. Without --workshop it listens on this laptop only (127.0.0.1).",
    )
    sv.add_argument(
        "--workshop",
        action="store_true",
        help="serve a room: listen on the laptop's network address, show the join QR on /advisor",
    )
    sv.add_argument(
        "--address", help="the laptop's IPv4 address to listen on (default: found from the network interfaces)"
    )
    sv.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    sv.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="serve a rule book folder of your own (default: the one installed with the wizard)",
    )
    sv.add_argument(
        "--passcode",
        help=f"advisor passcode for /advisor (visible to other users of this laptop in the process list: "
        f"prefer the prompt or {PASSCODE_ENV})",
    )
    sv.add_argument(
        "--kiosk-idle-minutes",
        type=_minutes,
        metavar="N",
        help="return a device idle for N minutes to a clean Welcome page",
    )
    sv.add_argument(
        "--room-summary",
        action="store_true",
        help="count (in memory only) how many attendees reach the plan and what they miss most",
    )
    sv.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    sv.set_defaults(run=cmd_serve)


def _passcode(args: argparse.Namespace) -> tuple[str | None, bool]:
    """(passcode, made up here). Flag, then environment, then a prompt, then a random one."""
    given = args.passcode or os.environ.get(PASSCODE_ENV) or None
    if given:
        return check_passcode(given), False
    if not args.workshop:
        return None, False
    if sys.stdin.isatty() and not args.dry_run:
        typed = getpass.getpass("Advisor passcode for the advisor page (Enter for a random one): ")
        if typed:
            return check_passcode(typed), False
    return new_passcode(), True


def options_from(args: argparse.Namespace) -> tuple[ServeOptions, bool]:
    if args.address:
        address = check_address(args.address)
    elif args.workshop:
        address = detect_address()
    else:
        address = "127.0.0.1"
    passcode, made_up = _passcode(args)
    if not args.workshop and (args.kiosk_idle_minutes or args.room_summary):
        raise WorkshopError("--kiosk-idle-minutes and --room-summary belong to room mode: add --workshop.")
    if args.rules is not None and not args.rules.is_dir():
        raise WorkshopError(f"--rules {args.rules}: no such folder.")
    return (
        ServeOptions(
            address=address,
            port=args.port,
            workshop=args.workshop,
            passcode=passcode,
            kiosk_idle_minutes=args.kiosk_idle_minutes,
            room_summary=args.room_summary,
            rules_dir=args.rules.resolve() if args.rules is not None else None,
        ),
        made_up,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        options, made_up = options_from(args)
    except WorkshopError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not shipped.APP.exists():
        print(f"The app is missing from this installation ({shipped.APP}): reinstall the wizard.", file=sys.stderr)
        return 1
    url = join_url(options.address, options.port)
    cmd = streamlit_command(shipped.APP, options)
    if options.workshop:
        print(qr_text(url))
        print(f"Attendees join at  {url}  (scan the QR code above, or the big one on the advisor page)")
        print(f"Advisor page:      {url}advisor")
        if made_up:
            print(f"Advisor passcode:  {options.passcode}   (made up for this run; kept in memory only)")
        print("Plain HTTP: use a private hotspot with a WPA2 password, not the venue's open Wi-Fi.")
    else:
        print(f"The wizard runs at {url} (this laptop only)")
        if options.passcode:
            print(f"Advisor page:      {url}advisor")
    print("Press Ctrl-C to stop. Nothing anyone entered is kept.", flush=True)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    return run_until_stopped(cmd, server_env(os.environ, options))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_until_stopped(cmd: list[str], env: dict[str, str]) -> int:
    """Run the server until it ends, or until this process is told to stop (Ctrl-C, or a
    termination signal): then the server is stopped too, never left running on its own."""
    server = subprocess.Popen(cmd, cwd=shipped.ROOT, env=env)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        # A terminal's Ctrl-C reaches the server as well; a signal sent to this process alone does not.
        server.terminate()
        server.wait()
        return 0
