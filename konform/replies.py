"""Reading a target's replies: a reply no client can read fails the call that got it.

Every registry's client posts through a recording transport (konform/recording.py) and
reads the answer from the recorded exchange itself. zeep's own reading of a reply – a
fault, an element konform's WSDL does not know, a body that is no XML – is never the
verdict: `call` lets zeep send the request and returns the exchange whatever zeep thought
of the answer. A reply that is not even a SOAP 1.1 envelope is `UnreadableReply`, a
non-conformance of the scenario that received it, with the raw reply attached to the
report; it never lingers as an empty answer for a later check (or scenario) to trip over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import allure
from lxml import etree

from konform import soap, xml
from konform.checks import NonConformance
from konform.evidence import Exchange
from konform.recording import RecordingTransport

#: How much of an unreadable reply a failure message quotes (the report has all of it).
QUOTED = 600


class UnreadableReply(NonConformance):
    """A reply that is not the SOAP 1.1 message the operation answers with.

    Raised by a client for the call that received it: the failure names the requirement the
    reply breaks and quotes the raw reply; `unreadable` puts the whole reply in the report.
    """

    def __init__(self, requirement: str, exchange: Exchange, reason: str) -> None:
        self.exchange = exchange
        self.reason = reason
        raw = exchange.response_body.decode("utf-8", "replace")
        quoted = raw[:QUOTED] + (f"… ({len(raw)} characters)" if len(raw) > QUOTED else "")
        super().__init__(
            requirement,
            expected="a SOAP 1.1 envelope with the operation's reply or a SOAP fault",
            received=f"HTTP {exchange.status}: {reason}; the raw reply: {quoted!r}",
            title=f"{exchange.title}: the reply cannot be read",
        )


def unreadable(requirement: str, exchange: Exchange, reason: str) -> UnreadableReply:
    """The failure for an unreadable reply, its raw bytes attached to the running test's report.

    Attached here as well as by `evidence.record`, which keeps only the first exchanges of a
    property: the reply that failed the test is always in the report, byte for byte as text.
    """
    allure.attach(
        exchange.response_body.decode("utf-8", "replace"),
        f"{exchange.title}: unreadable reply (HTTP {exchange.status}), raw",
        allure.attachment_type.TEXT,
    )
    return UnreadableReply(requirement, exchange, reason)


def envelope(exchange: Exchange) -> etree._Element | str:
    """The reply's SOAP 1.1 envelope, or why there is none (no body, not XML, not SOAP 1.1)."""
    if not exchange.response_body.strip():
        return "the reply has no body"
    try:
        root = xml.parse(exchange.response_body)
    except xml.UnsafeXml as error:
        return f"the reply is not XML ({error})"
    if root.tag != f"{{{soap.SOAP11}}}Envelope":
        return f"the reply's root element is {root.tag}, not a SOAP 1.1 Envelope"
    if root.find(f"{{{soap.SOAP11}}}Body") is None:
        return "the reply's SOAP Envelope has no Body"
    return root


def call(transport: RecordingTransport, title: str, operation: Callable[..., Any], **values: Any) -> Exchange:
    """Send one zeep operation through `transport` and return the recorded exchange.

    Whatever zeep raises once the request has been sent is its reading of the reply, not
    konform's: the caller reads the exchange. An error before anything was sent (zeep
    could not build the request, the connection failed) is raised as it is.
    """
    transport.title, transport.last = title, None
    try:
        operation(**values)
    except Exception:
        if transport.last is None:
            raise
    if transport.last is None:
        raise RuntimeError(f"zeep sent no {title} request")
    return transport.last
