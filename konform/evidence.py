"""Every exchange with a target, attached to the report with a reproducer."""

from __future__ import annotations

import shlex
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import allure
import pytest
from hypothesis import currently_in_test_context

from konform import xml


@dataclass
class Exchange:
    """One request and its answer (or the transport error that replaced it)."""

    title: str
    url: str
    request_body: bytes = b""
    request_headers: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    response_body: bytes = b""
    response_headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    ca: str | None = None
    method: str = "POST"

    def curl(self) -> str:
        """The request as a curl command (a POST's body from request.xml beside it)."""
        parts = ["curl", "-sS", "-i", self.url]
        if self.method != "GET":
            parts += ["-X", self.method, "--data-binary", "@request.xml"]
        for name, value in self.request_headers.items():
            parts += ["-H", f"{name}: {value}"]
        if self.client_cert:
            parts += ["--cert", self.client_cert]
        if self.client_key:
            parts += ["--key", self.client_key]
        if self.ca:
            parts += ["--cacert", self.ca]
        return " ".join(shlex.quote(p) for p in parts)


_exchanges: ContextVar[list[Exchange] | None] = ContextVar("konform_exchanges", default=None)
_attached: ContextVar[int] = ContextVar("konform_attached", default=0)


#: A property or state machine makes hundreds of exchanges: the report keeps the first few of
#: each test, the terminal reproducer the last one (Hypothesis replays the failing example last).
PROPERTY_ATTACHMENTS = 3
#: How many exchanges a test keeps in memory for its reproducer.
KEPT = 50


def record(exchange: Exchange) -> Exchange:
    """Attach an exchange to the running test's report and remember it for a reproducer."""
    current = _exchanges.get()
    if current is not None:
        current.append(exchange)
        attached = _attached.get()
        _attached.set(attached + 1)
        del current[:-KEPT]
        if currently_in_test_context() and attached >= PROPERTY_ATTACHMENTS:
            return exchange
    kind = allure.attachment_type.XML
    allure.attach(_pretty(exchange.request_body), f"{exchange.title}: request", kind)
    if exchange.error:
        allure.attach(exchange.error, f"{exchange.title}: transport error", allure.attachment_type.TEXT)
    else:
        allure.attach(
            _pretty(exchange.response_body),
            f"{exchange.title}: response (HTTP {exchange.status})",
            kind if exchange.response_body.lstrip().startswith(b"<") else allure.attachment_type.TEXT,
        )
    allure.attach(exchange.curl(), f"{exchange.title}: reproduce with curl", allure.attachment_type.TEXT)
    return exchange


def _pretty(body: bytes) -> str:
    try:
        from lxml import etree

        return etree.tostring(xml.parse(body), pretty_print=True, encoding="unicode")
    except Exception:  # not XML: attach as sent
        return body.decode("utf-8", "replace")


class ReproducerPlugin:
    """Collects a test's exchanges; a failed test shows the last one as a curl command."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Any:
        token = _exchanges.set([])
        _attached.set(0)
        item.stash[_STASH] = _exchanges.get() or []
        try:
            return (yield)
        finally:
            _exchanges.reset(token)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        exchanges = item.stash.get(_STASH, [])
        if report.when == "call" and report.failed and exchanges:
            last = exchanges[-1]
            text = (
                f"{last.title}: HTTP {last.status if last.status is not None else last.error}\n"
                f"request.xml:\n{last.request_body.decode('utf-8', 'replace')}\n\n{last.curl()}"
            )
            report.sections.append(("konform reproducer", text))
        return report


_STASH = pytest.StashKey[list[Exchange]]()
