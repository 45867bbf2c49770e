"""Two strangers on one server at once, with markup in their names, against a server under strace.

One module-scoped run records everything (pages, websocket frames, requests, PDFs, the server
log, connect() calls, files written); the tests below each check one promise about it:

* what one person types never reaches the other's page, websocket messages or PDF;
* the browser asks nothing of any host but the server, on every page;
* the server connects to nothing but loopback and local sockets;
* nothing a person typed is written to disk or to the server's log;
* markup and script in a name stay text: nothing runs, nothing is injected, no image is fetched,
  and the PDF prints the name literally;
* an error inside the app shows a generic message, never its text (real browser, hardened config).
"""

from __future__ import annotations

import io
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect
from servers import ROOT, binds, files_containing, outside_connects, start, strace_or_skip

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # generous: a busy machine renders slowly, a pass is never slower

TOKEN = uuid.uuid4().hex[:8]
MARK_A, MARK_B = f"Aa{TOKEN}", f"Bb{TOKEN}"
# Each name holds a unique marker and hostile markup, under the 100-character cap of the field.
NAME_A = f'{MARK_A} <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
NAME_B = f"{MARK_B} ![p](http://127.0.0.2:9/p.png) [a](javascript:window.__xss=3) :red[V] **b**"
assert len(NAME_A) <= 100 and len(NAME_B) <= 100
LOCAL = {"127.0.0.1", "localhost"}
STEPS = ["Medical degree", "Exams", "Target", "Status and visa", "Experience", "Review your answers"]


@dataclass
class Person:
    name: str
    page: Page
    frames: list[bytes] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # page text on every page visited
    pdfs: list[str] = field(default_factory=list)  # text of each PDF downloaded
    xss: list = field(default_factory=list)
    injected: list = field(default_factory=list)


def watch(person: Person) -> None:
    def on_ws(ws):
        ws.on(
            "framereceived",
            lambda payload: person.frames.append(payload if isinstance(payload, bytes) else payload.encode()),
        )

    person.page.on("websocket", on_ws)

    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if host in LOCAL or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            person.outside.append(url)
            route.abort()

    person.page.route("**/*", handle)


def look(person: Person) -> None:
    page = person.page
    page.wait_for_timeout(300)
    person.texts.append(page.inner_text("body"))
    person.xss.append(page.evaluate("() => window.__xss"))
    person.injected.append(
        page.evaluate(
            """() => [...document.querySelectorAll('img, a, script, iframe')]
              .map(e => e.getAttribute('src') || e.getAttribute('href') || '')
              .filter(v => v === 'x' || v.includes('127.0.0.2') || v.startsWith('javascript'))"""
        )
    )


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text, exact=True)).to_be_visible()


def begin(person: Person, url: str) -> None:
    watch(person)
    person.page.goto(url + "/")
    field_ = person.page.get_by_label("Your name (optional)", exact=True)
    field_.fill(person.name)
    field_.press("Tab")
    look(person)
    person.page.get_by_role("button", name="Start →").click()
    heading(person.page, "Medical degree")


def finish(person: Person) -> None:
    """Skip every question (all are optional), read the review, plan, timeline; take the PDF."""
    page = person.page
    for nxt in STEPS[1:]:
        page.get_by_role("button", name="Next →").click()
        heading(page, nxt)
        look(person)
    expect(page.get_by_text(person.name, exact=True)).to_be_visible()
    for button, title in (("See my plan →", "Your plan"), ("Timeline →", "Timeline"), ("Summary →", "Summary")):
        page.get_by_role("button", name=button).click()
        heading(page, title)
        expect(
            page.get_by_role("button", name=re.compile(r"(Timeline|Summary) →|Prepare my PDF")).first
        ).to_be_visible()
        look(person)
    download(person)


def download(person: Person) -> None:
    from pypdf import PdfReader

    person.page.get_by_role("button", name=re.compile("Prepare my PDF")).click()
    button = person.page.get_by_role("button", name=re.compile("Download my plan"))
    expect(button).to_be_visible(timeout=60_000)
    with person.page.expect_download(timeout=60_000) as info:
        button.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    person.pdfs.append("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture(scope="module")
def session_pair(browser, chromium, tmp_path_factory):
    work = tmp_path_factory.mktemp("privacy")
    served = start(work, strace=strace_or_skip())
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True) for _ in range(2)]
    a = Person(NAME_A, contexts[0].new_page())
    b = Person(NAME_B, contexts[1].new_page())
    try:
        begin(a, served.url)
        begin(b, served.url)  # both sessions are live at the same time from here on
        finish(a)
        look(b)  # B's page after A took a PDF
        finish(b)
        for p in (a, b):  # after both downloads: back to the plan, a second PDF, Compare states
            p.page.get_by_role("button", name="Your plan").click()
            heading(p.page, "Your plan")
            look(p)
        a.page.goto(served.url + "/compare_states")
        expect(a.page.get_by_role("heading", name="Compare states")).to_be_visible()
        look(a)
    finally:
        for c in contexts:
            c.close()
        served.stop()
    yield {"a": a, "b": b, "served": served, "work": work}


def _holds(person: Person, marker: str) -> list[str]:
    where = []
    if any(marker.encode() in f for f in person.frames):
        where.append("websocket messages")
    if any(marker in t for t in person.texts):
        where.append("page text")
    if any(marker in t for t in person.pdfs):
        where.append("PDF")
    return where


def test_what_one_person_types_never_reaches_the_other(session_pair):
    a, b = session_pair["a"], session_pair["b"]
    assert _holds(a, MARK_A) == ["websocket messages", "page text", "PDF"], "sanity: A sees A's own name"
    assert _holds(b, MARK_B) == ["websocket messages", "page text", "PDF"], "sanity: B sees B's own name"
    assert _holds(b, MARK_A) == []
    assert _holds(a, MARK_B) == []


def test_the_browser_asks_nothing_of_any_other_host_on_any_page(session_pair):
    assert session_pair["a"].outside == []
    assert session_pair["b"].outside == []


def test_the_server_connects_to_nothing_but_loopback(session_pair):
    trace = session_pair["served"].trace
    if trace is None:
        pytest.skip("strace is not available here (required in CI)")
    assert any('inet_addr("127.0.0.1")' in line for line in binds(trace)), "strace did not follow the server"
    seen, bad = outside_connects(trace)
    assert bad == [], f"{len(bad)} of {seen} connect() calls left the machine"


def test_nothing_a_person_typed_is_written_to_disk_or_to_the_log(session_pair):
    served = session_pair["served"]
    log = served.log.read_text(errors="replace")
    assert MARK_A not in log and MARK_B not in log
    roots = [ROOT, served.home, served.tmp, Path(tempfile.gettempdir())]
    found = files_containing([MARK_A, MARK_B], roots, served.started - 1)
    assert found == [], f"a name was written to: {found}"


def test_markup_and_script_in_a_name_stay_text_in_the_page_and_the_pdf(session_pair):
    for person in (session_pair["a"], session_pair["b"]):
        assert all(x is None for x in person.xss), "a script from a name ran"
        assert all(found == [] for found in person.injected), f"elements injected: {person.injected}"
        flat = re.sub(r"\s+", "", person.pdfs[0])
        assert re.sub(r"\s+", "", person.name) in flat, "the PDF must print the name literally"
        assert any(person.name in t for t in person.texts), "the review page shows the name as typed"


def test_an_error_inside_the_app_shows_a_generic_message_in_the_browser(page: Page, chromium, tmp_path):
    """The real app with its evaluation made to fail: a copy of the entry point beside links to the code."""
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    for name in ("app.py", "wizard", "rules", ".streamlit"):
        (app_dir / name).symlink_to(ROOT / name)
    (app_dir / "failing_app.py").write_text(
        "import os, runpy\n"
        "import wizard.ui.results as results\n"
        "def _boom(*a, **k):\n"
        "    raise RuntimeError(os.environ['IMG_WIZARD_TEST_CANARY'])\n"
        "results.evaluate = _boom\n"
        "runpy.run_path(os.path.join(os.path.dirname(__file__), 'app.py'), run_name='__main__')\n",
        encoding="utf-8",
    )
    canary = f"CANARY{uuid.uuid4().hex}"
    served = start(tmp_path / "run", script="failing_app.py", cwd=app_dir, env={"IMG_WIZARD_TEST_CANARY": canary})
    person = Person("", page)
    try:
        watch(person)
        page.goto(served.url + "/plan")
        alert = page.get_by_text(re.compile("encountered an error|redacted", re.I)).first
        expect(alert).to_be_visible()
        look(person)
    finally:
        served.stop()
    assert canary not in person.texts[-1]
    assert not any(canary.encode() in f for f in person.frames), "the exception text reached the browser"
    assert person.outside == []
