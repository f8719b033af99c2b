"""Every exchange with a target, attached to the report with a reproducer."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

import allure
import pytest
from hypothesis import currently_in_test_context

from konform import failure, xml

T = TypeVar("T")


class Headers(dict[str, str]):
    """HTTP header fields as sent: names keep their spelling, every lookup ignores their case.

    A field name is case-insensitive (RFC 9110 §5.1): a server that sends `Content-Type`
    (Java, .NET, Apache) and one that sends `content-type` (Starlette) say the same thing.
    """

    def __init__(self, fields: Mapping[str, str] | Iterable[tuple[str, str]] = (), /) -> None:
        super().__init__()
        self.update(fields)

    def _key(self, name: str) -> str:
        """The key as stored for `name`, whatever its case (`name` itself when absent)."""
        folded = name.lower()
        return next((key for key in dict.keys(self) if key.lower() == folded), name)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(self._key(name))

    def __setitem__(self, name: str, value: str) -> None:
        super().pop(self._key(name), None)
        super().__setitem__(name, value)

    def __delitem__(self, name: str) -> None:
        super().__delitem__(self._key(name))

    @overload
    def get(self, name: str, default: None = None, /) -> str | None: ...
    @overload
    def get(self, name: str, default: str, /) -> str: ...
    @overload
    def get(self, name: str, default: T, /) -> str | T: ...
    def get(self, name: str, default: object = None, /) -> object:
        return super().get(self._key(name), default)

    def pop(self, name: str, *default: Any) -> Any:
        return super().pop(self._key(name), *default)

    def setdefault(self, name: str, default: str = "", /) -> str:
        if name not in self:
            self[name] = default
        return self[name]

    def update(self, fields: Any = (), /, **more: str) -> None:
        pairs = fields.items() if isinstance(fields, Mapping) else fields
        for name, value in [*pairs, *more.items()]:
            self[name] = value

    def copy(self) -> Headers:
        return Headers(self)


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

    def __setattr__(self, name: str, value: Any) -> None:
        """Header fields, however given, are kept as Headers: every lookup ignores case."""
        if name in ("request_headers", "response_headers") and not isinstance(value, Headers):
            value = Headers(value)
        super().__setattr__(name, value)

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
        kept: list[Exchange] = []  # the same list the test's exchanges go to (an empty list is falsy)
        token = _exchanges.set(kept)
        _attached.set(0)
        item.stash[_STASH] = kept
        try:
            return (yield)
        except (pytest.skip.Exception, pytest.xfail.Exception):
            raise
        except BaseException as error:
            failure.attach(error, item.stash[_STASH])
            raise
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
