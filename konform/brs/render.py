"""The notification service's answer: one Notifications element per stored notification (NOTIF-PAYLOAD).

Written in the order of the guide's (corrected) example: the alarm element
TreatmentRelationAlarmType in .../brsnotification, its content in .../brs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from lxml import etree

from konform import xml
from konform.brs.model import q
from konform.brs.schema import ALARM, BRS, NOTIFICATION, QUERY_RESPONSE


def _add(parent: etree._Element, name: str, text: str, namespace: str = BRS) -> etree._Element:
    element = etree.SubElement(parent, q(name, namespace))
    element.text = text
    return element


def _relations(parent: etree._Element, name: str, found: Iterable[str]) -> None:
    element = etree.SubElement(parent, q(name))
    for category in found:
        _add(element, "Relation", category)


def query_response(rows: Iterable[sqlite3.Row]) -> etree._Element:
    """NotificationQueryResponseBody holding `rows` (as BrsState.notifications returns them)."""
    root = etree.Element(QUERY_RESPONSE, nsmap={"ns5": NOTIFICATION})
    for row in rows:
        root.append(notification(row))
    return root


def notification(row: sqlite3.Row) -> etree._Element:
    """One Notifications element: Type, SerialNumber, ExternalReferenceId, QueryableCvr, payload."""
    element = etree.Element(q("Notifications", NOTIFICATION), nsmap={"ns5": NOTIFICATION})
    _add(element, "Type", row["type"], NOTIFICATION)
    _add(element, "SerialNumber", str(row["notification_serial"]), NOTIFICATION)
    _add(element, "ExternalReferenceId", row["external_id"], NOTIFICATION)
    _add(element, "QueryableCvr", row["cvr"], NOTIFICATION)
    alarm = etree.SubElement(
        element,
        q("TreatmentRelationAlarmType", ALARM),
        nsmap={"TreatmentRelationAlarmType": ALARM, None: BRS},
    )
    followup = etree.SubElement(alarm, q("TreatmentRelationFollowup"))
    relayer = etree.SubElement(followup, q("TreatmentRelationRelayerData"))
    organisation = etree.SubElement(relayer, q("OrganisationIdentifier"))
    _add(organisation, row["org_kind"], row["org_value"])
    _add(relayer, "PatientCpr", row["patient"])
    _add(relayer, "HealthProfessionalCpr", row["professional"])
    interval = etree.SubElement(relayer, q("RelationLookupTimeInterval"))
    _add(interval, "start", row["lookup_start_text"])
    _add(interval, "end", row["lookup_end_text"])
    _add(followup, "TimeLimit", row["time_limit_text"])
    _add(followup, "ExternalReferenceId", row["external_id"])
    _add(followup, "QueryableCvr", row["queryable_cvr"])
    _relations(followup, "AcceptableRelations", json.loads(row["acceptable"]))
    source = etree.SubElement(followup, q("RequestSource"))
    original = xml.parse(row["request"].encode("utf-8"))
    original.tag = q("TreatmentRelationRequestBody")  # the example's name for it inside RequestSource
    source.append(original)
    _add(followup, "TreatmentRelationFollowupSerialNumber", str(row["serial"]))
    _add(followup, "UniqueId", row["unique_id"])
    _relations(alarm, "ActualRelations", json.loads(row["actual"]))
    return element
