"""A phone on the other side of the test network: run inside the namespace by `ip netns exec`.

    python tests/e2e/phone.py browse JOIN_URL PASSCODE OUT_DIR   # the join URL, one step, the advisor QR
    python tests/e2e/phone.py upgrade JOIN_URL HOST              # a websocket upgrade with this Host header

`browse` drives Debian's chromium (headless, through Playwright): opens the join URL, types a
name, presses Start and waits for the next step's heading; then signs in on the advisor page and
saves the QR picture as OUT_DIR/qr.png. It prints one JSON line with what it saw.
`upgrade` sends a websocket handshake to /_stcore/stream by hand and prints the status line.
Only the URL it is given is contacted (an address the test's own namespace reaches); bounded in time.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CHROMIUM_ARGS, chromium_path

WAIT_MS = 60_000  # generous: a busy machine renders slowly


def browse(url: str, passcode: str, out: Path) -> dict:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    seen: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url, timeout=WAIT_MS)
        page.get_by_label("Your name (optional)", exact=True).and_(page.get_by_role("textbox")).fill("Amara")
        page.get_by_role("button", name="Start →").click()
        expect(page.get_by_role("heading", name="Medical degree", exact=True)).to_be_visible()
        seen["after_start"] = "Medical degree"

        page.goto(url + "advisor", timeout=WAIT_MS)
        page.get_by_label("Advisor passcode", exact=True).and_(page.locator("input")).fill(passcode)
        page.get_by_role("button", name="Open the advisor page").click()
        qr = page.locator("[data-testid=stImage] img").first
        expect(qr).to_be_visible()
        out.mkdir(parents=True, exist_ok=True)
        qr.screenshot(path=str(out / "qr.png"))
        seen["url_shown"] = url in page.inner_text("body")
        browser.close()
    return seen


def upgrade(url: str, host: str) -> str:
    """The status line the server answers a websocket handshake with, sent with this Host header."""
    where = urlparse(url)
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection((where.hostname, where.port), timeout=30) as s:
        s.sendall(request.encode())
        return s.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


if __name__ == "__main__":
    if sys.argv[1] == "browse":
        print(json.dumps(browse(sys.argv[2], sys.argv[3], Path(sys.argv[4]))))
    elif sys.argv[1] == "upgrade":
        print(upgrade(sys.argv[2], sys.argv[3]))
