"""A small Streamlit client that speaks the app's own websocket protocol (no browser).

It connects to ``ws://127.0.0.1:PORT/_stcore/stream`` with the ``streamlit`` subprotocol, sends
``BackMsg`` protobufs and reads ``ForwardMsg`` protobufs, exactly as the browser does:

* a run is ``BackMsg.rerun_script`` carrying ``ClientState`` (page hash and widget values);
* widgets are found in the run's deltas (``delta.new_element.<kind>.id``); a widget made with
  ``key="k"`` has an id ending in ``-k``;
* a run is over at ``script_finished`` with a final status (a ``st.switch_page`` ends one run early
  and starts the next page's run, which this client follows);
* ``delta.new_element.exception`` is an error in the app and is counted.

Used by ``bench/load.py`` (many users) and by the privacy tests (two users). Loopback only.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
WIDGET_KINDS = (
    "selectbox",
    "radio",
    "number_input",
    "date_input",
    "text_input",
    "text_area",
    "button",
    "download_button",
    "checkbox",
    "file_uploader",
)


class AppError(RuntimeError):
    """The app showed an exception element, or the server ended a run badly."""


@dataclass
class Widget:
    kind: str
    id: str
    proto: Any

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")


@dataclass
class Run:
    seconds: float
    page_hash: str
    widgets: list[Widget]
    headings: list[str]
    exceptions: list[str]
    raw: list[bytes] = field(repr=False, default_factory=list)
    alerts: list[str] = field(default_factory=list)  # st.warning / st.info / st.error bodies

    def widget(self, key: str) -> Widget | None:
        suffix = "-" + key
        return next((w for w in self.widgets if w.id.endswith(suffix)), None)

    def button(self, label: str) -> Widget | None:
        return next((w for w in self.widgets if w.kind in ("button", "download_button") and w.label == label), None)


class Session:
    """One browser tab's worth of protocol; not thread-safe, one coroutine at a time."""

    def __init__(self, base: str, *, timeout: float = 60.0, keep_raw: bool = False):
        self.base = base.rstrip("/")
        self.ws_url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        self.timeout = timeout
        self.keep_raw = keep_raw
        self.ws: Any = None
        self.page_hash = ""
        self.session_id = ""
        self.last: Run | None = None
        self._cache: dict[str, bytes] = {}
        self.received: list[bytes] = []  # every frame, when keep_raw
        self.cookie = ""  # what a proxy set on the first page load (sticky sessions)

    async def load_page(self) -> None:
        """What a browser does first: GET the page, keeping any cookie (a proxy's route cookie)."""
        self.cookie = await asyncio.to_thread(_page_cookie, self.base + "/")

    async def connect(self, *, resume: bool = False) -> None:
        """Open the websocket; with resume, ask for the earlier session as a reconnecting tab does."""
        protocols = ["streamlit", "xsrf", self.session_id] if resume and self.session_id else ["streamlit"]
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=protocols,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            ping_interval=None,
            max_size=16 * 1024 * 1024,
            open_timeout=self.timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def _recv(self) -> ForwardMsg:
        raw = await asyncio.wait_for(self.ws.recv(), timeout=self.timeout)
        if self.keep_raw:
            self.received.append(raw)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise AppError(f"server referred to a message this client never got ({msg.ref_hash})")
            msg = ForwardMsg()
            msg.ParseFromString(cached)
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = raw
        return msg

    async def run(self, states: list[WidgetState] | None = None) -> Run:
        """Send one rerun request (with these widget values) and wait until the page is drawn."""
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = self.page_hash
        for s in states or ():
            back.rerun_script.widget_states.widgets.append(s)
        started = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        widgets: list[Widget] = []
        headings: list[str] = []
        exceptions: list[str] = []
        alerts: list[str] = []
        raw_frames: list[bytes] = []
        mark = len(self.received)
        while True:
            msg = await self._recv()
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
                if msg.new_session.initialize.session_id:
                    self.session_id = msg.new_session.initialize.session_id
                widgets, headings = [], []  # a new page run replaces what was drawn
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                ek = el.WhichOneof("type")
                if ek == "exception":
                    exceptions.append(f"{el.exception.type}: {el.exception.message}")
                elif ek == "heading":
                    headings.append(el.heading.body)
                elif ek == "alert":
                    alerts.append(el.alert.body)
                elif ek in WIDGET_KINDS:
                    proto = getattr(el, ek)
                    widgets.append(Widget(ek, proto.id, proto))
            elif kind == "script_finished" and msg.script_finished in FINAL:
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    exceptions.append("script compile error")
                break
        if self.keep_raw:
            raw_frames = self.received[mark:]
        self.last = Run(
            time.perf_counter() - started, self.page_hash, widgets, headings, exceptions, raw_frames, alerts
        )
        return self.last

    async def deferred_file(self, file_id: str) -> bytes:
        """What a click on a deferred `st.download_button` does: ask for the file, then fetch it."""
        back = BackMsg()
        req = back.backend_operation_request
        req.request_id = f"bench-{time.monotonic_ns()}"
        req.session_id = self.session_id
        req.deferred_file.file_id = file_id
        await self.ws.send(back.SerializeToString())
        while True:
            msg = await self._recv()
            if msg.WhichOneof("type") == "backend_operation_response":
                resp = msg.backend_operation_response
                if resp.error_msg:
                    raise AppError(f"file not generated: {resp.error_msg}")
                url = resp.deferred_file.url
                break
        return await asyncio.to_thread(_get, self.base + url, self.cookie)

    async def get(self, path: str) -> bytes:
        """A plain GET on this server with this tab's cookie (a download, a media file)."""
        return await asyncio.to_thread(_get, self.base + path, self.cookie)


def _get(url: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as r:  # loopback only: base is 127.0.0.1
        return r.read()


def _page_cookie(url: str) -> str:
    """The cookies a page load sets, as a Cookie header value ("a=1; b=2")."""
    with urllib.request.urlopen(url, timeout=60) as r:  # loopback only
        r.read()
        pairs = [h.split(";", 1)[0].strip() for h in r.headers.get_all("Set-Cookie") or []]
    return "; ".join(p for p in pairs if "=" in p)


# --------------------------------------------------------------------------- widget values


def trigger(widget: Widget) -> WidgetState:
    s = WidgetState(id=widget.id)
    s.trigger_value = True
    return s


def value(widget: Widget, v: Any) -> WidgetState:
    """A widget value as the browser would send it (options by their shown label)."""
    s = WidgetState(id=widget.id)
    if widget.kind in ("selectbox", "radio"):
        s.string_value = _option_label(widget, v)
    elif widget.kind == "number_input":
        if widget.proto.data_type == widget.proto.INT:
            s.int_value = int(v)
        else:
            s.double_value = float(v)
    elif widget.kind == "date_input":
        d = v.isoformat() if isinstance(v, date) else str(v)
        s.string_array_value.data.append(d.replace("-", "/"))
    elif widget.kind in ("text_input", "text_area"):
        s.string_value = str(v)
    elif widget.kind == "checkbox":
        s.bool_value = bool(v)
    else:
        raise ValueError(f"cannot set a {widget.kind}")
    return s


def _option_label(widget: Widget, v: Any) -> str:
    """Options travel as the formatted label; accept either the label or a unique match of it."""
    options = list(widget.proto.options)
    if v in options:
        return v
    wanted = {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v
    if wanted in options:
        return wanted
    raise KeyError(f"{v!r} is not an option of {widget.id}: {options[:8]}…")
