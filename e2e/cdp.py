"""Headless Chromium driven over the Chrome DevTools Protocol, recording every request a page makes.

`Chromium` starts the browser with background networking off, a new empty profile and
`--remote-debugging-port=0`, reads the port from the profile's DevToolsActivePort file
and talks CDP over `e2e.websocket`. `Chromium.open` creates a tab, attaches to it
(flat sessions), enables Network/Page/Runtime, auto-attaches to its workers and
out-of-process frames (paused until their Network domain is on, so no request is
missed), navigates and waits for the load event. Every `Network.requestWillBeSent` of
the tab and its children is kept in `Tab.requests`, uncaught exceptions in `Tab.errors`.
The Fetch domain holds every request back and lets only loopback ones through, so a
report that tries to reach another host is recorded and never leaves the machine.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from e2e.websocket import WebSocket

#: The flags this machine's Chromium needs headless (see the environment notes) plus a
#: resolver that resolves nothing but loopback, so a stray request fails at once instead
#: of waiting on DNS. A request is still announced (and recorded) before it resolves.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)
Event = dict[str, Any]
#: Hosts that are this machine; schemes that never touch the network.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
INERT_SCHEMES = frozenset({"data", "blob", "about"})


def is_local(url: str) -> bool:
    """True for data:/blob:/about: URLs and http(s)/ws(s) URLs whose host is loopback."""
    parts = urlsplit(url)
    if parts.scheme in INERT_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and (parts.hostname or "") in LOOPBACK


class CdpError(RuntimeError):
    """Chromium did not start, a command failed, or a wait ran out of time."""


def find_chromium() -> str | None:
    """/usr/bin/chromium (Debian's package) or a chromium on PATH."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class Tab:
    """One page: its flat session, and what it requested and threw."""

    browser: Chromium
    session: str
    target: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def evaluate(self, expression: str, timeout: float = 10.0) -> Any:
        """The JSON value of `expression` in the page (promises awaited)."""
        result = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            raise CdpError(f"evaluate failed: {result['exceptionDetails'].get('text', '?')}")
        return result.get("result", {}).get("value")

    def wait_until(self, expression: str, timeout: float, what: str) -> Any:
        """Poll `expression` until it is truthy; events keep flowing in between polls."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() >= deadline:
                raise CdpError(f"timed out after {timeout:.0f} s waiting for {what}")
            self.browser.pump(0.1)

    def close(self) -> None:
        with contextlib.suppress(CdpError, TimeoutError, OSError):
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=5)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.browser.send("Page.captureScreenshot", params, session=self.session, timeout=30)
        path.write_bytes(base64.b64decode(data["data"]))
        return path


class Chromium:
    """A headless Chromium process and its browser-level CDP connection (a context manager)."""

    def __init__(self, executable: str, *, timeout: float = 30.0, window: str = "1280,1400") -> None:
        self.timeout = timeout
        self._profile = Path(tempfile.mkdtemp(prefix="konform-e2e-chromium-"))
        self._process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--window-size={window}",
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._next_id = 0
        self._handlers: list[Callable[[Event], None]] = []
        try:
            port, path = self._devtools_address()
            self._ws = WebSocket("127.0.0.1", port, path, timeout=timeout)
        except BaseException:
            self._process.kill()
            self._stop()
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _devtools_address(self) -> tuple[int, str]:
        marker = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise CdpError(f"chromium exited at start (exit {self._process.returncode})")
            lines = marker.read_text().split("\n") if marker.exists() else []
            if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
                return int(lines[0]), lines[1].strip()
            time.sleep(0.05)  # polling for the browser to write the file
        raise CdpError(f"chromium wrote no DevToolsActivePort within {self.timeout:.0f} s")

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send a command and return its result; events that arrive meanwhile are dispatched."""
        ident = self.post(method, params, session=session)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._receive(deadline, f"the reply to {method}")
            if message.get("id") == ident:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error'].get('message')}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def post(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> int:
        """Send a command without waiting for its reply."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._ws.send_text(json.dumps(message))
        return self._next_id

    def wait_event(self, method: str, session: str, timeout: float) -> Event:
        """Dispatch events until `method` arrives on `session`."""
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline, method)
            if message.get("method") == method and message.get("sessionId") == session:
                return message

    def pump(self, seconds: float) -> None:
        """Dispatch whatever events arrive within `seconds`."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._receive(deadline, "events")
        except TimeoutError:
            return

    def _receive(self, deadline: float, what: str) -> Event:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"timed out waiting for {what}")
        self._ws.settimeout(left)
        try:
            message: Event = json.loads(self._ws.receive_text())
        except TimeoutError:
            raise TimeoutError(f"timed out waiting for {what}") from None
        if "method" in message:
            for handler in list(self._handlers):
                handler(message)
        return message

    def open(self, url: str, *, timeout: float | None = None) -> Tab:
        """A new tab at `url`, loaded (load event fired), with request recording on from the start."""
        timeout = timeout or self.timeout
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, session, target)
        children = {session}

        def record(event: Event) -> None:
            params, method = event.get("params", {}), event.get("method")
            if method == "Target.attachedToTarget" and event.get("sessionId") in children:
                child = params["sessionId"]
                children.add(child)
                self.post("Network.enable", session=child)
                self.post("Fetch.enable", session=child)
                self.post("Target.setAutoAttach", _AUTO_ATTACH, session=child)
                self.post("Runtime.runIfWaitingForDebugger", session=child)
            elif event.get("sessionId") not in children:
                return
            elif method == "Network.requestWillBeSent":
                tab.requests.append(params["request"]["url"])
            elif method == "Fetch.requestPaused":
                verdict = {"requestId": params["requestId"]}
                if is_local(params["request"]["url"]):
                    self.post("Fetch.continueRequest", verdict, session=event["sessionId"])
                else:
                    verdict["errorReason"] = "BlockedByClient"
                    self.post("Fetch.failRequest", verdict, session=event["sessionId"])
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                tab.errors.append(details.get("exception", {}).get("description") or details["text"])

        self._handlers.append(record)
        for method, params in (
            ("Network.enable", {}),
            ("Fetch.enable", {}),
            ("Page.enable", {}),
            ("Runtime.enable", {}),
            ("Target.setAutoAttach", _AUTO_ATTACH),
        ):
            self.send(method, params, session=session)
        navigation = self.send("Page.navigate", {"url": url}, session=session)
        if navigation.get("errorText"):
            raise CdpError(f"navigating to {url}: {navigation['errorText']}")
        try:
            self.wait_event("Page.loadEventFired", session, timeout)
        except TimeoutError as error:
            raise CdpError(f"{url}: {error}") from None
        return tab

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.post("Browser.close")
        self._ws.close()
        self._stop()

    def _stop(self) -> None:
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        shutil.rmtree(self._profile, ignore_errors=True)


_AUTO_ATTACH = {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True}
