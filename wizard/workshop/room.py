"""Room mode: serving the wizard to a room of phones from one laptop, as pure helpers.

Owns: checking the address the advisor gives (finding one is wizard.workshop.lan's job),
the `streamlit run` command line with the hardening flags, the
environment the server process gets (workshop settings, the advisor passcode — never a file),
the join URL and its QR code, the passcode check, and the in-memory room counts.

Must not know: Streamlit (the UI reads `Settings.from_env`), the clock.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wizard.domain.book import RULES_DIR_ENV

DEFAULT_PORT = 8501
#: Phones sleep: a session survives a disconnect this long (Streamlit's default is 120 s).
WORKSHOP_SESSION_TTL = 900
MIN_PASSCODE_CHARS = 6
MAX_IDLE_MINUTES = 240
#: The room summary shows missing requirements only once this many attendees reached the plan,
#: so a count can't point at one person in a small room.
MIN_ROOM_FOR_DETAILS = 5

# The server process learns its settings from these (set by `img-wizard serve`, or by hand).
WORKSHOP_ENV = "IMG_WIZARD_WORKSHOP"
JOIN_URL_ENV = "IMG_WIZARD_JOIN_URL"
PASSCODE_ENV = "IMG_WIZARD_ADVISOR_PASSCODE"
KIOSK_IDLE_ENV = "IMG_WIZARD_KIOSK_IDLE_MINUTES"
ROOM_SUMMARY_ENV = "IMG_WIZARD_ROOM_SUMMARY"

#: Flags measured to cut server CPU per rerun (README, "Performance"); kept in room mode.
HARDENING_FLAGS = ("--server.fileWatcherType", "none", "--runner.postScriptGC", "false", "--server.headless", "true")


class WorkshopError(ValueError):
    """A plain message for the advisor starting the server."""


# ------------------------------------------------------------------ the address given


def check_address(text: str) -> str:
    try:
        ip = ipaddress.IPv4Address(text.strip())
    except ValueError:
        raise WorkshopError(f"'{text}' is not an IPv4 address such as 192.168.137.1.") from None
    if ip.is_unspecified or ip.is_multicast:
        raise WorkshopError(f"{ip} is not one address: give the laptop's own address so the server listens only there.")
    return str(ip)


# ------------------------------------------------------------------ the server command


@dataclass(frozen=True)
class ServeOptions:
    address: str
    port: int = DEFAULT_PORT
    workshop: bool = False
    passcode: str | None = None
    kiosk_idle_minutes: int | None = None
    room_summary: bool = False
    rules_dir: Path | None = None  # None: the rule book that ships with the wizard


def join_url(address: str, port: int) -> str:
    return f"http://{address}:{port}/"


def streamlit_command(app: Path | str, options: ServeOptions, python: str = sys.executable) -> list[str]:
    """`streamlit run` for these options. Other hardening (telemetry off, no tracebacks, small
    upload limits) comes from .streamlit/config.toml beside app.py, which the server reads."""
    cmd = [
        python,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        options.address,
        "--server.port",
        str(options.port),
        "--browser.serverAddress",
        options.address,
        "--browser.serverPort",
        str(options.port),
        *HARDENING_FLAGS,
    ]
    if options.workshop:
        cmd += [
            "--server.allowedHosts",
            options.address,
            "--server.disconnectedSessionTTL",
            str(WORKSHOP_SESSION_TTL),
        ]
    return cmd


def server_env(base: Mapping[str, str], options: ServeOptions) -> dict[str, str]:
    """The server's environment: the settings the pages read, and nothing left over from `base`
    that could switch on a mode the advisor did not ask for."""
    env = {k: v for k, v in base.items() if k not in _OUR_ENV}
    if options.workshop:
        env[WORKSHOP_ENV] = "1"
        env[JOIN_URL_ENV] = join_url(options.address, options.port)
    if options.passcode:
        env[PASSCODE_ENV] = options.passcode
    if options.kiosk_idle_minutes:
        env[KIOSK_IDLE_ENV] = str(options.kiosk_idle_minutes)
    if options.room_summary:
        env[ROOM_SUMMARY_ENV] = "1"
    if options.rules_dir is not None:
        env[RULES_DIR_ENV] = str(options.rules_dir)
    return env


_OUR_ENV = (WORKSHOP_ENV, JOIN_URL_ENV, PASSCODE_ENV, KIOSK_IDLE_ENV, ROOM_SUMMARY_ENV)


# ------------------------------------------------------------------ what the pages read


@dataclass(frozen=True)
class Settings:
    """Room-mode settings as the server process sees them (from its environment)."""

    workshop: bool = False
    join_url: str | None = None
    passcode: str | None = None
    kiosk_idle_minutes: int | None = None
    room_summary: bool = False

    @property
    def advisor_page(self) -> bool:
        """The advisor page exists in room mode, or wherever a passcode is configured."""
        return self.workshop or bool(self.passcode)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def flag(name: str) -> bool:
            return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")

        idle: int | None = None
        try:
            minutes = int(env.get(KIOSK_IDLE_ENV, "").strip())
            idle = minutes if 1 <= minutes <= MAX_IDLE_MINUTES else None
        except ValueError:
            idle = None
        passcode = env.get(PASSCODE_ENV) or None
        return cls(
            workshop=flag(WORKSHOP_ENV),
            join_url=(env.get(JOIN_URL_ENV) or "").strip() or None,
            passcode=passcode if passcode and len(passcode) >= MIN_PASSCODE_CHARS else None,
            kiosk_idle_minutes=idle,
            room_summary=flag(ROOM_SUMMARY_ENV),
        )


def passcode_matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; no configured passcode means no one gets in."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


def check_passcode(text: str) -> str:
    if len(text) < MIN_PASSCODE_CHARS:
        raise WorkshopError(f"The advisor passcode needs at least {MIN_PASSCODE_CHARS} characters.")
    return text


def new_passcode() -> str:
    """Eight random digits in two groups, easy to type on a laptop at the front of a room."""
    digits = "".join(secrets.choice("0123456789") for _ in range(8))
    return f"{digits[:4]}-{digits[4:]}"


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """The join URL as a QR code (PNG), made on this machine."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def qr_text(url: str) -> str:
    """The join URL as a QR code drawn with block characters, for the terminal."""
    import io

    import segno

    buf = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=buf, compact=True, border=2)
    return buf.getvalue()


# ------------------------------------------------------------------ room counts


@dataclass(frozen=True)
class RoomSnapshot:
    reached_plan: int
    missing: tuple[tuple[str, int], ...]  # (requirement id, attendees missing it), most first
    details_hidden: bool  # too few attendees for per-requirement counts


class RoomCounts:
    """How many attendees reached the plan and which requirements they miss most: counts only.

    Holds no answers, no names and no session ids; each session remembers in its own state what
    it last contributed (`record(previous, current)`), so a person who changes an answer moves a
    count rather than adding one. Thread-safe: every session's script thread may call it.
    Lives in the server's memory only and is gone when the server stops.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reached = 0
        self._missing: Counter[str] = Counter()

    def record(self, previous: frozenset[str] | None, current: frozenset[str]) -> None:
        with self._lock:
            if previous is None:
                self._reached += 1
            else:
                self._missing.subtract(previous)
            self._missing.update(current)
            self._missing += Counter()  # drop zero and negative counts

    def forget(self, previous: frozenset[str] | None) -> None:
        """A session cleared its answers: its contribution goes (the attendee still reached the plan)."""
        if previous is None:
            return
        with self._lock:
            self._missing.subtract(previous)
            self._missing += Counter()

    def snapshot(self, top: int = 10) -> RoomSnapshot:
        with self._lock:
            reached = self._reached
            ranked = sorted(self._missing.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        hidden = reached < MIN_ROOM_FOR_DETAILS
        return RoomSnapshot(reached, () if hidden else tuple(ranked), hidden)
