"""What every fuzz property checks of a simulator's answer, and how a traceback is observed.

A simulator runs in a uvicorn thread of the test process: an exception that escapes a
handler becomes Starlette's plain-text 500 and uvicorn's "Exception in ASGI application"
record on the `uvicorn.error` logger, which :class:`ServerErrors` collects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, Phase, settings

from konform import soap, xml
from konform.control import Control

#: How many examples a fuzz property's meta-test may draw to find a broken simulator's fault.
META_EXAMPLES = 200
#: Large mutants (over-long texts) are the point here, not a health problem.
SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large]


def fuzzing() -> settings:
    """A fuzz property's settings: the active profile's (ci, thorough), large mutants allowed."""
    return settings(suppress_health_check=SUPPRESSED)


def meta() -> settings:
    """A meta-test's settings: enough examples to meet the deviation, no shrinking, one failure."""
    return settings(
        max_examples=META_EXAMPLES,
        phases=(Phase.generate,),
        report_multiple_bugs=False,
        suppress_health_check=SUPPRESSED,
    )


def must_fail(run: Callable[[], None], control: Control, profile: str, caught: str) -> None:
    """Run a fuzz property against the simulator switched to `profile`: it must fail saying `caught`."""
    control.select_profile(profile)
    try:
        with pytest.raises(AssertionError, match=caught):
            run()
    finally:
        control.select_profile("correct")


class ServerErrors(logging.Handler):
    """Error records uvicorn logs while attached (an unhandled exception in the app)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> str:
        return "\n".join(self.format(record) for record in self.records)


@contextmanager
def server_errors() -> Iterator[ServerErrors]:
    handler = ServerErrors()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def soap_answer(status: int | None, body: bytes) -> tuple[str, str] | None:
    """Check a SOAP 1.1 endpoint's answer: (faultcode, faultstring) of a fault, None for a reply.

    Every 5xx must be a well-formed SOAP 1.1 fault, and a fault comes with HTTP 500
    (SOAP 1.1 over HTTP); anything else must be a 200 with a SOAP 1.1 envelope.
    """
    fault = soap.parse_fault(body)
    if fault is not None:
        assert status == 500, f"a SOAP fault with HTTP {status}: {fault[1][:300]}"
        assert fault[0] in ("soap:Client", "soap:Server"), f"faultcode {fault[0]!r}"
        assert fault[1], "a SOAP fault without a faultstring"
        return fault[0], fault[1]
    assert status is not None and status < 500, f"HTTP {status} that is no SOAP 1.1 fault: {body[:300]!r}"
    assert status == 200, f"HTTP {status} to a POST of XML: {body[:300]!r}"
    root = xml.parse(body)
    assert root.tag == f"{{{soap.SOAP11}}}Envelope", f"a 200 that is no SOAP 1.1 envelope: {body[:300]!r}"
    return None


def no_traceback(errors: ServerErrors, before: int) -> None:
    assert len(errors.records) == before, f"the simulator raised:\n{errors.describe()}"


#: The SOAP Body element, below which DGWS requests are mutated (the signed ID card stays whole).
SOAP_BODY = f"{{{soap.SOAP11}}}Body"
SOAP_HEADER = f"{{{soap.SOAP11}}}Header"


def soap_body_span(message: bytes) -> tuple[int, int]:
    """Where the SOAP Body of a request serialised by konform (prefix soap:) starts and ends."""
    end_tag = b"</soap:Body>"
    return message.index(b"<soap:Body"), message.index(end_tag) + len(end_tag)
