"""Room mode on a real (virtual) network: the laptop and a phone on different addresses.

The test makes its own network namespace and a veth pair between it and this machine, with
addresses from 198.18.0.0/15 (reserved for network tests), and removes both afterwards, also
when the test fails. `img-wizard serve --workshop --address <laptop side>` runs here; from the
namespace (the phone side) headless chromium opens the printed join URL, completes a step, and
the advisor page shows a QR code that decodes to that same URL. A websocket handshake with
another Host header is refused (the allowed-hosts check), and the server listens on no other
address. Traffic goes only to the test's own 198.18 addresses and to loopback.

Needs root (or CAP_NET_ADMIN) and `ip` from iproute2: skipped with the reason where namespaces
cannot be made; in CI (CI=true) that is a failure.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from servers import wait_healthy

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PHONE = Path(__file__).resolve().parent / "phone.py"
TEST_NET = ipaddress.IPv4Network("198.18.0.0/15")
PASSCODE = "room-net-test-passcode"
BOUND_S = 120  # generous for a busy machine


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=check)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"network namespaces are needed in CI: {reason}")
    pytest.skip(f"network namespaces cannot be made here: {reason}")


@pytest.fixture
def test_network():
    """(namespace name, laptop address, phone address) on a fresh veth pair; removed afterwards."""
    if shutil.which("ip") is None:
        _unavailable("`ip` (iproute2) is not installed")
    tag = os.getpid() % 100000
    ns, laptop_if, phone_if = f"imgw{tag}", f"imgwl{tag}", f"imgwp{tag}"
    block = list(TEST_NET.subnets(new_prefix=30))[tag % (TEST_NET.num_addresses // 4)]
    laptop, phone = str(block[1]), str(block[2])
    _ip("netns", "del", ns, check=False)  # left over from an interrupted run with the same pid
    _ip("link", "del", laptop_if, check=False)
    made = _ip("netns", "add", ns, check=False)
    if made.returncode != 0:
        _unavailable(made.stderr.strip() or "ip netns add failed")
    try:
        _ip("link", "add", laptop_if, "type", "veth", "peer", "name", phone_if)
        _ip("link", "set", phone_if, "netns", ns)
        _ip("addr", "add", f"{laptop}/30", "dev", laptop_if)
        _ip("link", "set", laptop_if, "up")
        _ip("-n", ns, "addr", "add", f"{phone}/30", "dev", phone_if)
        _ip("-n", ns, "link", "set", phone_if, "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        yield ns, laptop, phone
    finally:
        _ip("link", "del", laptop_if, check=False)
        _ip("netns", "del", ns, check=False)


def _free_port(address: str) -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


@pytest.fixture
def room_server(test_network, chromium, tmp_path):
    """`img-wizard serve --workshop` on the laptop side; yields (join URL as printed, port)."""
    ns, laptop, _ = test_network
    port = _free_port(laptop)
    log = tmp_path / "serve.log"
    env = {**os.environ, "IMG_WIZARD_TODAY": "2026-11-25", "IMG_WIZARD_ADVISOR_PASSCODE": PASSCODE}
    exe = Path(sys.executable).with_name("img-wizard")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", "--workshop", "--address", laptop, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_healthy(f"http://{laptop}:{port}", proc, log, bound_s=BOUND_S)
        printed = re.search(r"Attendees join at\s+(\S+)", log.read_text(errors="replace"))
        assert printed, "serve printed no join URL"
        yield printed.group(1), port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _phone(ns: str, *args: str) -> str:
    done = subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, str(PHONE), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"the phone failed:\n{done.stderr[-3000:]}"
    return done.stdout.strip().splitlines()[-1]


def test_a_phone_on_another_address_joins_by_the_printed_url_and_the_advisor_qr_is_that_url(
    test_network, room_server, tmp_path
):
    import zxingcpp
    from PIL import Image

    ns, laptop, _ = test_network
    url, port = room_server
    assert url == f"http://{laptop}:{port}/"

    seen = json.loads(_phone(ns, "browse", url, PASSCODE, str(tmp_path)))
    assert seen["after_start"] == "Medical degree"
    assert seen["url_shown"], "the advisor page does not show the join URL in words"
    decoded = [b.text for b in zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))]
    assert decoded == [url]


def test_the_room_server_refuses_another_host_name_and_listens_on_no_other_address(test_network, room_server):
    ns, laptop, _ = test_network
    url, port = room_server
    assert _phone(ns, "upgrade", url, f"{laptop}:{port}").startswith("HTTP/1.1 101")
    refused = _phone(ns, "upgrade", url, f"attacker.example:{port}")
    assert not refused.startswith("HTTP/1.1 101"), f"a foreign Host header was let in: {refused}"

    listening = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, timeout=30).stdout
    on_port = [line.split()[3] for line in listening.splitlines() if line.split()[3].endswith(f":{port}")]
    assert on_port == [f"{laptop}:{port}"]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
