"""Room mode: serving the wizard to a room of phones from one laptop, as pure helpers.

Owns: finding the laptop's own LAN address without any network traffic (interfaces are
listed, never probed), the `streamlit run` command line with the hardening flags, the
environment the server process gets (workshop settings, the advisor passcode — never a file),
the join URL and its QR code, the passcode check, and the in-memory room counts.

Must not know: Streamlit (the UI reads `Settings.from_env`), the clock.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

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

_VIRTUAL = re.compile(r"^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|zt|wg|lxc|cni|flannel)")


class WorkshopError(ValueError):
    """A plain message for the advisor starting the server."""


# ------------------------------------------------------------------ the LAN address


@dataclass(frozen=True)
class Interface:
    name: str  # "" when the source does not say
    address: str


def parse_ip_addr(text: str) -> list[Interface]:
    """Interfaces from `ip -4 -o addr show` (Linux)."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+)/", line)
        if m:
            out.append(Interface(m.group(1), m.group(2)))
    return out


def parse_ifconfig(text: str) -> list[Interface]:
    """Interfaces from `ifconfig` (macOS, BSD, older Linux)."""
    out, name = [], ""
    for line in text.splitlines():
        head = re.match(r"^([A-Za-z0-9_.-]+):?\s", line)
        if head and not line[0].isspace():
            name = head.group(1).rstrip(":")
        m = re.search(r"\binet (?:addr:)?(\d+\.\d+\.\d+\.\d+)", line)
        if m:
            out.append(Interface(name, m.group(1)))
    return out


def _rank(iface: Interface) -> tuple[int, int] | None:
    """Lower is better; None for addresses a phone can never reach."""
    try:
        ip = ipaddress.IPv4Address(iface.address)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified:
        return None
    virtual = 1 if _VIRTUAL.match(iface.name) else 0
    if ip in ipaddress.IPv4Network("192.168.0.0/16"):
        kind = 0  # hotspots and home routers
    elif ip in ipaddress.IPv4Network("10.0.0.0/8"):
        kind = 1
    elif ip in ipaddress.IPv4Network("172.16.0.0/12"):
        kind = 2
    else:
        kind = 3
    return (virtual, kind)


def pick_address(interfaces: Iterable[Interface]) -> str | None:
    """The address phones in the room are most likely to reach: a private, non-virtual one."""
    ranked = [(r, i) for i in interfaces if (r := _rank(i)) is not None]
    if not ranked:
        return None
    ranked.sort(key=lambda ri: ri[0])  # stable: keeps the system's order within a rank
    return ranked[0][1].address


def _command_output(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None:
        return ""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _hostname_addresses() -> list[Interface]:
    """The host name's addresses (on Windows and macOS the system lists every interface)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [Interface("", str(info[4][0])) for info in infos]


def lan_interfaces(
    run: Callable[[list[str]], str] = _command_output,
    by_hostname: Callable[[], list[Interface]] = _hostname_addresses,
) -> list[Interface]:
    """Every IPv4 interface this machine has: `ip` (Linux), else `ifconfig` (macOS), else the
    host name's addresses (Windows). Lists them; opens no connection."""
    found = parse_ip_addr(run(["ip", "-4", "-o", "addr", "show"]))
    if not found:
        found = parse_ifconfig(run(["ifconfig"]))
    return found or by_hostname()


def detect_address(
    run: Callable[[list[str]], str] = _command_output,
    by_hostname: Callable[[], list[Interface]] = _hostname_addresses,
) -> str:
    address = pick_address(lan_interfaces(run, by_hostname))
    if address is None:
        raise WorkshopError(
            "No network address for the room was found: join the laptop to the hotspot "
            "(or start one), then try again, or give the address with --address."
        )
    return address


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


def join_url(address: str, port: int) -> str:
    return f"http://{address}:{port}/"


def streamlit_command(app: Path | str, options: ServeOptions, python: str = sys.executable) -> list[str]:
    """`streamlit run` for these options. Other hardening (telemetry off, no tracebacks, small
    upload limits) comes from .streamlit/config.toml, which the server reads from its folder."""
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
