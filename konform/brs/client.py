"""Clients for BRS and the notification service: zeep on our WSDLs with DGWS headers, raw posts, control API.

Every exchange goes through `konform.evidence.record`, so the report shows the request
and response XML and a curl reproducer. Answers are read from the recorded response,
faults included: a DGWS fault is data to judge, not an error of the client.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import zeep
import zeep.exceptions
from lxml import etree

from konform import soap, xml
from konform.brs import model, schema
from konform.dgws import header
from konform.dgws.namespaces import MEDCOM
from konform.dgws.zeep_plugin import DgwsPlugin
from konform.evidence import Exchange
from konform.recording import RecordingSession, RecordingTransport
from konform.targets import Endpoint

BRS_BINDING = "{http://nsi.dk/fmki20110601/brs/wsdl}BrsBinding"
NOTIFICATION_BINDING = "{http://nsi.dk/fmki20110601/notification/wsdl}NotificationBinding"
CardSource = Callable[[], etree._Element]


@dataclass
class Answer:
    """What the service answered: a body element, or a DGWS fault's code and text."""

    exchange: Exchange
    payload: etree._Element | None = None
    fault_code: str | None = None
    fault_string: str | None = None

    @property
    def status(self) -> int | None:
        return self.exchange.status

    @property
    def is_fault(self) -> bool:
        return self.fault_string is not None

    def response(self) -> model.TreatmentRelationResponse:
        assert self.payload is not None and self.payload.tag == schema.RESPONSE, self.summary()
        return model.TreatmentRelationResponse.from_xml(self.payload)

    def notifications(self) -> list[model.Notification]:
        assert self.payload is not None and self.payload.tag == schema.QUERY_RESPONSE, self.summary()
        return model.notifications_of(self.payload)

    def summary(self) -> str:
        if self.is_fault:
            code = self.fault_code or "(no medcom:FaultCode)"
            return f"HTTP {self.status}, SOAP fault {code}: {self.fault_string}"
        body = etree.QName(self.payload).localname if self.payload is not None else "no body element"
        return f"HTTP {self.status}, {body}"


def answer_of(exchange: Exchange) -> Answer:
    """Read a response: the Body's element, or the fault's medcom:FaultCode and faultstring."""
    answer = Answer(exchange)
    fault = soap.parse_fault(exchange.response_body) if exchange.response_body else None
    if fault is not None:
        code = fault[2].findtext(f"{{{MEDCOM}}}FaultCode") if fault[2] is not None else None
        answer.fault_code, answer.fault_string = (code or "").strip() or None, fault[1]
        return answer
    with contextlib.suppress(xml.UnsafeXml):
        root = xml.parse(exchange.response_body)
        body = root.find(f"{{{soap.SOAP11}}}Body")
        answer.payload = next((e for e in body if isinstance(e.tag, str)), None) if body is not None else None
    return answer


def urls(endpoint: Endpoint) -> dict[str, str]:
    """treatmentRelation, notificationQuery and its gos alias of a target (options override)."""
    base = endpoint.url.removesuffix("/brs-nsp/service/brs")
    return {
        "brs": endpoint.url,
        "notification": str(endpoint.options.get("notification_url", base + "/brs-nsp/service/notification")),
        "gos": str(endpoint.options.get("gos_notification_url", base + "/gos/service/notification")),
    }


class BrsClient:
    """A vendor's view of BRS and the notification service, through zeep with DGWS headers."""

    def __init__(self, endpoint: Endpoint, card: CardSource) -> None:
        self.endpoint = endpoint
        self.urls = urls(endpoint)
        self.card = card
        self.recorder = RecordingSession(endpoint)
        self.transport = RecordingTransport(self.recorder, "BRS")
        plugin = DgwsPlugin(lambda: self.card())
        brs = zeep.Client(str(schema.BRS_WSDL), transport=self.transport, plugins=[plugin])
        notification = zeep.Client(str(schema.NOTIFICATION_WSDL), transport=self.transport, plugins=[plugin])
        self.brs = brs.create_service(BRS_BINDING, self.urls["brs"])
        self.notification = {
            name: notification.create_service(NOTIFICATION_BINDING, self.urls[name])
            for name in ("notification", "gos")
        }

    def _call(self, title: str, operation: Callable[..., Any], **values: Any) -> Answer:
        self.transport.title, self.transport.last = title, None
        # A fault is no error here: the answer is read from the recorded exchange.
        with contextlib.suppress(zeep.exceptions.Error):
            operation(**values)
        assert self.transport.last is not None, f"zeep sent no {title} request"
        return answer_of(self.transport.last)

    def treatment_relation(self, request: model.TreatmentRelationRequest) -> Answer:
        """treatmentRelation through zeep."""
        return self._call("treatmentRelation", self.brs.treatmentRelation, **request.zeep_values())

    def notification_query(self, serial: int, type_: str = "BRS", *, via: str = "notification") -> Answer:
        """notificationQuery through zeep, at brs-nsp/service/notification or (`via="gos"`) its alias."""
        return self._call(
            f"notificationQuery ({via})",
            self.notification[via].notificationQuery,
            Type=type_,
            SerialNumber=serial,
        )

    def post(self, payload: etree._Element, *, to: str = "brs", card: etree._Element | None = None) -> Answer:
        """A body element as written, in an envelope with DGWS headers (for what zeep would not build)."""
        envelope = header.wrap(payload, card if card is not None else self.card())
        return self.post_raw(envelope, to=to, title=f"{etree.QName(payload).localname} (as written)")

    def post_raw(
        self,
        body: bytes,
        *,
        to: str = "brs",
        content_type: str = soap.CONTENT_TYPE,
        title: str = "raw request",
    ) -> Answer:
        """Bytes exactly as given (hostile input, missing headers)."""
        headers = {"Content-Type": content_type, "SOAPAction": '""'}
        return answer_of(self.recorder.exchange(title, "POST", self.urls[to], body, headers))

    def wsdl(self, to: str = "brs") -> Exchange:
        """GET the WSDL at `?wsdl`."""
        return self.recorder.exchange(f"WSDL ({to})", "GET", self.urls[to] + "?wsdl", b"", {})

    def close(self) -> None:
        self.recorder.session.close()

    def __enter__(self) -> BrsClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
