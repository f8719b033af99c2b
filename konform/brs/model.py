"""BRS and notification messages as data, and as XML in the guide's element names and order.

Times are kept as the text sent (BRS-TIME: `YYYY-MM-DDTHH:MM:SS+HH:MM`); `brs_time`
writes one and `parse_time` reads one. The notification's payload is read into
`Notification`; the simulator writes it with `konform.brs.render`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from konform.brs.schema import ALARM, BRS, NOTIFICATION, QUERY, REQUEST, RESPONSE

#: The relation categories konform knows, best first: the guide's examples ("A+, A, B", "D, E",
#: C in its answer). The guide gives no closed list; another category is not an error.
CATEGORIES = ("A+", "A", "B", "C", "D", "E")
ALL = "All"
#: Kinds of OrganisationIdentifier: sks, ydernummer (the guide's example), SOR code, EAN.
ORGANISATION_KINDS = (
    "HospitalOrganisationIdentifier",
    "DoctorOrganisationIdentifier",
    "SorOrganisationIdentifier",
    "EanOrganisationIdentifier",
)
DANISH = ZoneInfo("Europe/Copenhagen")
TIME_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def q(local: str, namespace: str = BRS) -> str:
    return f"{{{namespace}}}{local}"


def brs_time(moment: datetime) -> str:
    """`moment` in the guide's format, in Danish local time: `2013-01-31T22:59:40+02:00`.

    Before 1894 Copenhagen's offset was +00:50:20, which the format cannot show: UTC then.
    """
    local = moment.astimezone(DANISH)
    offset = local.utcoffset()
    if offset is not None and offset.seconds % 60:
        local = moment.astimezone(UTC)
    return local.replace(microsecond=0).isoformat()


def parse_time(text: str) -> datetime:
    """A BRS timestamp as an aware datetime (ValueError if it is not one)."""
    if not TIME_FORMAT.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not YYYY-MM-DDTHH:MM:SS+HH:MM")
    return datetime.fromisoformat(text.strip())


def xs_long(text: str) -> int:
    """An xs:long as the schema admits it, leading zeros and all (int() refuses 4300+ digits)."""
    text = text.strip()
    digits = text.lstrip("+-").lstrip("0") or "0"
    return int(("-" if text.startswith("-") else "") + digits)


def categories(found: Iterable[str]) -> tuple[str, ...]:
    """Distinct relation categories in CATEGORIES order (unknown ones last, as given)."""
    distinct = list(dict.fromkeys(found))
    rank = {category: index for index, category in enumerate(CATEGORIES)}
    return tuple(sorted(distinct, key=lambda category: rank.get(category, len(rank))))


@dataclass(frozen=True)
class Organisation:
    kind: str
    value: str


@dataclass(frozen=True)
class ServiceProvider:
    name: str = "konform"
    version: str = "1.0"
    vendor: str = "konform"


@dataclass(frozen=True, kw_only=True)
class TreatmentRelationRequest:
    """treatmentRelationRequestBody (BRS-REQ); `followup` is a tuple of categories or ALL.

    A request that orders no follow-up leaves out FollowupRelations (`followup=()`) and may
    leave out TimeLimit and QueryableCvr (None).
    """

    organisation: Organisation
    patient: str
    professional: str
    start: str
    end: str
    time_limit: str | None
    queryable_cvr: str | None
    acceptable: tuple[str, ...]
    followup: tuple[str, ...] | str
    authorisation: str = "DM712"
    provider: ServiceProvider = field(default_factory=ServiceProvider)
    external_reference: str | None = None

    def to_xml(self, tag: str = REQUEST) -> etree._Element:
        """The request element (or, with another tag, the same content under that name)."""
        root = etree.Element(tag, nsmap={None: BRS})
        organisation = etree.SubElement(root, q("OrganisationIdentifier"))
        etree.SubElement(organisation, q(self.organisation.kind)).text = self.organisation.value
        _text(root, "PatientCpr", self.patient)
        _text(root, "HealthProfessionalCpr", self.professional)
        _interval(root, self.start, self.end)
        if self.time_limit is not None:
            _text(root, "TimeLimit", self.time_limit)
        if self.external_reference is not None:
            _text(root, "ExternalReferenceId", self.external_reference)
        if self.queryable_cvr is not None:
            _text(root, "QueryableCvr", self.queryable_cvr)
        _relations(root, "AcceptableRelations", self.acceptable)
        if self.followup:
            followup = etree.SubElement(root, q("FollowupRelations"))
            if self.followup == ALL:
                _text(followup, "All", ALL)
            else:
                for category in self.followup:
                    _text(followup, "Relation", category)
        _text(root, "AuthorisationIdentifier", self.authorisation)
        provider = etree.SubElement(root, q("ServiceProvider"))
        for name, value in (("Name", self.provider.name), ("Version", self.provider.version)):
            _text(provider, name, value)
        _text(provider, "Vendor", self.provider.vendor)
        return root

    def zeep_values(self) -> dict[str, Any]:
        """Keyword values for zeep's treatmentRelation operation."""
        values: dict[str, Any] = {
            "OrganisationIdentifier": {self.organisation.kind: self.organisation.value},
            "PatientCpr": self.patient,
            "HealthProfessionalCpr": self.professional,
            "RelationLookupTimeInterval": {"start": self.start, "end": self.end},
            "AcceptableRelations": {"Relation": list(self.acceptable)},
            "AuthorisationIdentifier": self.authorisation,
            "ServiceProvider": {
                "Name": self.provider.name,
                "Version": self.provider.version,
                "Vendor": self.provider.vendor,
            },
        }
        if self.time_limit is not None:
            values["TimeLimit"] = self.time_limit
        if self.queryable_cvr is not None:
            values["QueryableCvr"] = self.queryable_cvr
        if self.followup:
            values["FollowupRelations"] = (
                {"All": ALL} if self.followup == ALL else {"Relation": list(self.followup)}
            )
        if self.external_reference is not None:
            values["ExternalReferenceId"] = self.external_reference
        return values

    @classmethod
    def from_xml(cls, element: etree._Element) -> TreatmentRelationRequest:
        """Read a schema-valid request element."""
        organisation = element.find(q("OrganisationIdentifier"))
        kind = organisation[0] if organisation is not None and len(organisation) else None
        followup = element.find(q("FollowupRelations"))
        chosen: tuple[str, ...] | str = (
            ALL if followup is not None and followup.find(q("All")) is not None else _list(followup)
        )
        provider = element.find(q("ServiceProvider"))
        return cls(
            organisation=Organisation(etree.QName(kind).localname, (kind.text or "").strip())
            if kind is not None
            else Organisation("", ""),
            patient=_get(element, "PatientCpr"),
            professional=_get(element, "HealthProfessionalCpr"),
            start=_get(element, "RelationLookupTimeInterval/brs:start"),
            end=_get(element, "RelationLookupTimeInterval/brs:end"),
            time_limit=_optional(element, "TimeLimit"),
            queryable_cvr=_optional(element, "QueryableCvr"),
            acceptable=_list(element.find(q("AcceptableRelations"))),
            followup=chosen,
            authorisation=_get(element, "AuthorisationIdentifier"),
            provider=ServiceProvider(*(_get(provider, n) for n in ("Name", "Version", "Vendor")))
            if provider is not None
            else ServiceProvider("", "", ""),
            external_reference=element.findtext(q("ExternalReferenceId")),
        )


@dataclass(frozen=True)
class TreatmentRelationResponse:
    """treatmentRelationResponseBody (BRS-SUFFICIENT, BRS-FOLLOWUP, BRS-REFS)."""

    sufficient: bool
    actual: tuple[str, ...]
    followup_ordered: bool
    unique_reference: str
    external_reference: str

    def to_xml(self) -> etree._Element:
        root = etree.Element(RESPONSE, nsmap={"brs": BRS})
        _text(root, "SufficientRelation", "true" if self.sufficient else "false")
        _relations(root, "ActualRelations", self.actual)
        _text(root, "FollowupOrdered", "true" if self.followup_ordered else "false")
        _text(root, "UniqueReferenceId", self.unique_reference)
        _text(root, "ExternalReferenceId", self.external_reference)
        return root

    @classmethod
    def from_xml(cls, element: etree._Element) -> TreatmentRelationResponse:
        return cls(
            sufficient=_get(element, "SufficientRelation") in ("true", "1"),
            actual=_list(element.find(q("ActualRelations"))),
            followup_ordered=_get(element, "FollowupOrdered") in ("true", "1"),
            unique_reference=_get(element, "UniqueReferenceId"),
            external_reference=_get(element, "ExternalReferenceId"),
        )


@dataclass(frozen=True, kw_only=True)
class Notification:
    """One Notifications element with its TreatmentRelationAlarm payload (NOTIF-PAYLOAD)."""

    type: str
    serial: int
    external_reference: str
    queryable_cvr: str
    actual: tuple[str, ...]
    organisation: Organisation
    patient: str
    professional: str
    lookup_start: str
    lookup_end: str
    time_limit: str
    followup_external_reference: str
    followup_queryable_cvr: str
    acceptable: tuple[str, ...]
    request_source: etree._Element | None
    followup_serial: int
    unique_id: str
    times: tuple[str, ...] = ()

    @classmethod
    def from_xml(cls, element: etree._Element) -> Notification:
        """Read a schema-valid Notifications element (alarm in either accepted namespace)."""
        alarms = element.iterchildren(q("TreatmentRelationAlarmType", ALARM), q("TreatmentRelationAlarmType"))
        alarm = next(iter(alarms))
        followup = alarm.find(q("TreatmentRelationFollowup"))
        relayer = followup.find(q("TreatmentRelationRelayerData")) if followup is not None else None
        assert followup is not None and relayer is not None  # the schema requires them
        organisation = relayer.find(q("OrganisationIdentifier"))
        kind = organisation[0] if organisation is not None and len(organisation) else None
        source = followup.find(f"{q('RequestSource')}/{q('TreatmentRelationRequestBody')}")
        return cls(
            type=_get(element, "Type", NOTIFICATION),
            serial=xs_long(_get(element, "SerialNumber", NOTIFICATION)),
            external_reference=_get(element, "ExternalReferenceId", NOTIFICATION),
            queryable_cvr=_get(element, "QueryableCvr", NOTIFICATION),
            actual=_list(alarm.find(q("ActualRelations"))),
            organisation=Organisation(etree.QName(kind).localname, (kind.text or "").strip())
            if kind is not None
            else Organisation("", ""),
            patient=_get(relayer, "PatientCpr"),
            professional=_get(relayer, "HealthProfessionalCpr"),
            lookup_start=_get(relayer, "RelationLookupTimeInterval/brs:start"),
            lookup_end=_get(relayer, "RelationLookupTimeInterval/brs:end"),
            time_limit=_get(followup, "TimeLimit"),
            followup_external_reference=_get(followup, "ExternalReferenceId"),
            followup_queryable_cvr=_get(followup, "QueryableCvr"),
            acceptable=_list(followup.find(q("AcceptableRelations"))),
            request_source=source,
            followup_serial=xs_long(_get(followup, "TreatmentRelationFollowupSerialNumber")),
            unique_id=_get(followup, "UniqueId"),
            # The times the service writes; RequestSource's are the caller's, copied as sent.
            times=tuple(
                (node.text or "").strip()
                for parent in (relayer.find(q("RelationLookupTimeInterval")), followup)
                if parent is not None
                for node in parent.iterchildren(q("start"), q("end"), q("TimeLimit"))
            ),
        )


def query_xml(serial: int | str, type_: str = "BRS") -> etree._Element:
    """NotificationQueryRequestBody (NOTIF-QUERY)."""
    root = etree.Element(QUERY, nsmap={None: NOTIFICATION})
    etree.SubElement(root, q("Type", NOTIFICATION)).text = type_
    etree.SubElement(root, q("SerialNumber", NOTIFICATION)).text = str(serial)
    return root


def notifications_of(element: etree._Element) -> list[Notification]:
    """The notifications of a NotificationQueryResponseBody, in the order sent."""
    return [Notification.from_xml(n) for n in element.iterchildren(q("Notifications", NOTIFICATION))]


def request_values(element: etree._Element, prefix: str = "") -> list[tuple[str, str]]:
    """(path, text) of every leaf below `element`: how two requests are compared (RequestSource)."""
    values: list[tuple[str, str]] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        path = prefix + etree.QName(child).localname
        if len(child):
            values += request_values(child, path + "/")
        else:
            values.append((path, (child.text or "").strip()))
    return values


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, q(name, etree.QName(parent).namespace or BRS))
    element.text = value
    return element


def _interval(parent: etree._Element, start: str, end: str) -> None:
    interval = etree.SubElement(parent, q("RelationLookupTimeInterval"))
    _text(interval, "start", start)
    _text(interval, "end", end)


def _relations(parent: etree._Element, name: str, found: Sequence[str]) -> None:
    element = etree.SubElement(parent, q(name))
    for category in found:
        _text(element, "Relation", category)


def _list(element: etree._Element | None) -> tuple[str, ...]:
    if element is None:
        return ()
    return tuple((r.text or "").strip() for r in element.iterchildren(q("Relation")))


def _optional(element: etree._Element, name: str) -> str | None:
    """The text of an optional child, None when it is left out."""
    return _get(element, name) if element.find(q(name)) is not None else None


def _get(element: etree._Element, path: str, namespace: str = BRS) -> str:
    prefix = "brs" if namespace == BRS else "n"
    found = element.findtext(f"{prefix}:{path}", namespaces={"brs": BRS, "n": namespace})
    return (found or "").strip()
