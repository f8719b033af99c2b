"""A client for a simulator's control API (/_konform/…), shared by every registry's steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

TIMEOUT = 30.0


class ControlError(RuntimeError):
    """The simulator's control API could not be reached or refused a request."""


class Control:
    """The calls every simulator's control API offers; a registry's client adds its own."""

    def __init__(self, control_url: str, ca: Path | None = None) -> None:
        self.base = control_url.rstrip("/")
        self.session = requests.Session()
        self.session.trust_env = False  # STACK.md gotcha 4: the machine's CA bundle would win
        self.session.verify = str(ca) if ca else True

    def call(self, method: str, path: str, payload: Any = None, *, missing_ok: bool = False) -> Any:
        """One JSON call; ControlError when unreachable or refused (None for 404 if missing_ok)."""
        try:
            response = self.session.request(method, self.base + path, json=payload, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ControlError(f"control API {self.base}{path} unreachable: {error}") from error
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise ControlError(f"control API {method} {path}: HTTP {response.status_code} {response.text}")
        return response.json()

    def close(self) -> None:
        self.session.close()

    def reset(self) -> None:
        self.call("POST", "/_konform/reset")

    def select_profile(self, name: str) -> dict[str, Any]:
        return dict(self.call("PUT", "/_konform/fault", {"profile": name}))

    def received(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/_konform/received?since={since}"))
