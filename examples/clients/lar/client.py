#!/usr/bin/env python3
"""A reference LAR client: performs konform's LAR test plan as a vendor's system would.

It reads what `konform certify --consumer lar` exports:
  KONFORM_LAR_URL      the MedicationAllergyService endpoint (SOAP 1.1, plain HTTP here)
  KONFORM_LAR_IDCARD   a file holding a signed DGWS ID card (saml:Assertion), level 4
  KONFORM_LAR_PLAN     the test plan with its test data, as JSON
and builds each SOAP envelope by hand with lxml: the ID card goes into wsse:Security beside
a wsu:Timestamp, a medcom:Header carries a fresh MessageID, the body is one LAR request.
Nothing here imports konform: copy it.

`--break NAME` makes one deliberate mistake (variants.toml lists them and the requirement
IDs each must fail on); konform's own tests use them to show the session catches each.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import requests
from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
MEDCOM = "http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
NS6 = "http://nsp.dk/medicationallergyservice/2018/11/21/"  # the service
NS8 = "http://nsp.dk/medicationallergyservice/allergy/2018/11/21/"  # the allergy
CPR = "urn:oid:1.2.208.176.1.2"
#: MedicationAllergyIntoleranceReduced's children in schema order (LAR guide §4.1.1); "value" ones
#: are written <ns8:clinicalStatus value="active"/>, codings as <system/> and <code/>.
FIELDS = [
    ("identifier", "text"), ("clinicalStatus", "value"), ("verificationStatus", "value"),
    ("type", "value"), ("category", "value"), ("criticality", "value"), ("substance", "coding"),
    ("substanceDescription", "text"), ("drugId", "coding"), ("patient", "coding"),
    ("onsetDateTime", "text"), ("recorder", "coding"), ("recorderOrganization", "coding"),
    ("note", "text"), ("reaction", "reaction"), ("versionId", "text"), ("lastUpdated", "text"),
]  # fmt: skip
REACTION = [("manifestation", "coding"), ("manifestationDescription", "text"), ("onset", "text"),
            ("severity", "value")]  # fmt: skip
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # never fetch or expand entities
BREAKS = ("no-idcard", "stale-no-reaction", "update-without-read", "no-history", "no-vaerdispring",
          "capital-status")  # fmt: skip


class Lar:
    """Calls to LAR with one ID card."""

    def __init__(self, url: str, card_file: str, broken: str | None) -> None:
        self.url = url
        self.broken = broken
        with open(card_file, "rb") as handle:
            # The card goes in as the bytes the STS signed (without its XML declaration): re-serialising
            # it inside the envelope could change its namespace prefixes and so break its signature.
            self.card = re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", handle.read())
        level = etree.fromstring(self.card).findtext(
            f".//{{{SAML}}}Attribute[@Name='sosi:AuthenticationLevel']/{{{SAML}}}AttributeValue"
        )
        self.level = (level or "4").strip()
        self.http = requests.Session()

    def envelope(self, payload: etree._Element) -> bytes:
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        card = b"" if self.broken == "no-idcard" else self.card
        return b"".join([
            b'<?xml version="1.0" encoding="UTF-8"?>',
            f'<soap:Envelope xmlns:soap="{SOAP}"><soap:Header>'.encode(),
            f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}">'.encode(),
            f"<wsu:Timestamp><wsu:Created>{created}</wsu:Created></wsu:Timestamp>".encode(),
            card,
            b"</wsse:Security>",
            f'<medcom:Header xmlns:medcom="{MEDCOM}">'
            f"<medcom:SecurityLevel>{self.level}</medcom:SecurityLevel>"
            f"<medcom:Linking><medcom:MessageID>{uuid.uuid4()}</medcom:MessageID></medcom:Linking>"
            "<medcom:FlowStatus>flow_running</medcom:FlowStatus></medcom:Header>".encode(),
            b"</soap:Header><soap:Body>",
            etree.tostring(payload),
            b"</soap:Body></soap:Envelope>",
        ])  # fmt: skip

    def call(self, operation: str, content: etree._Element) -> tuple[str, list[etree._Element]]:
        """(statusCode, the reply's allergies); a SOAP fault comes back as ("fault", [])."""
        request = etree.Element(f"{{{NS6}}}{operation}Request", nsmap={"ns6": NS6, "ns8": NS8})
        request.append(content)
        reply = self.http.post(
            self.url,
            data=self.envelope(request),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{operation}"'},
            timeout=30,
        )
        root = etree.fromstring(reply.content, PARSER)
        status = root.findtext(f".//{{{NS6}}}statusCode")
        text = root.findtext(f".//{{{NS6}}}statusText") or root.findtext(".//faultstring") or ""
        print(f"{operation}: HTTP {reply.status_code} {status or 'fault'} {text}".rstrip(), file=sys.stderr)
        allergies = root.findall(f".//{{{NS6}}}{operation}Response/MedicationAllergyIntoleranceReduced")
        return (status or "fault").strip(), allergies

    def get(self, patient: str, requester: dict[str, str], *, history: bool, override: bool = False) -> Any:
        criteria = etree.Element("MedicationAllergyIntoleranceSearchCriteria")
        add_coding(criteria, f"{{{NS6}}}patient", {"system": CPR, "code": patient}, NS6)
        organization = etree.SubElement(criteria, f"{{{NS6}}}requesterOrganization")
        etree.SubElement(organization, f"{{{NS6}}}type").set("value", requester["type"])
        etree.SubElement(organization, f"{{{NS6}}}code").text = requester["code"]
        etree.SubElement(criteria, f"{{{NS6}}}consentOverride").text = str(override).lower()
        etree.SubElement(criteria, f"{{{NS6}}}includeHistory").text = str(history).lower()
        return self.call("GetPatientAllergyList", criteria)


def add_coding(parent: etree._Element, tag: str, coding: dict[str, str], namespace: str = NS8) -> None:
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, f"{{{namespace}}}system").text = coding["system"]
    etree.SubElement(element, f"{{{namespace}}}code").text = coding["code"]


def add_fields(parent: etree._Element, order: list[tuple[str, str]], values: dict[str, Any]) -> None:
    for name, kind in order:
        value = values.get(name)
        if value is None:
            continue
        if kind == "reaction":
            for reaction in value:
                add_fields(etree.SubElement(parent, f"{{{NS8}}}reaction"), REACTION, reaction)
        elif kind == "coding":
            add_coding(parent, f"{{{NS8}}}{name}", value)
        elif kind == "value":
            etree.SubElement(parent, f"{{{NS8}}}{name}").set("value", str(value))
        else:
            etree.SubElement(parent, f"{{{NS8}}}{name}").text = str(value)


def allergy(values: dict[str, Any]) -> etree._Element:
    element = etree.Element("MedicationAllergyIntoleranceReduced")
    add_fields(element, FIELDS, values)
    return element


def changed(read: etree._Element, change: dict[str, Any]) -> etree._Element:
    """The allergy as read from LAR, with `change` applied (versionId stays the one read)."""
    element = copy.deepcopy(read)
    kinds, names = dict(FIELDS), [name for name, _ in FIELDS]
    for name, value in change.items():
        child = element.find(f"{{{NS8}}}{name}")
        if child is None:  # insert before the first field that follows it in schema order
            child = etree.Element(f"{{{NS8}}}{name}")
            later = {f"{{{NS8}}}{n}" for n in names[names.index(name) + 1 :]}
            following = next((c for c in element if c.tag in later), None)
            element.insert(element.index(following) if following is not None else len(element), child)
        if kinds[name] == "value":
            child.set("value", str(value))
        else:
            child.text = str(value)
    return element


def find(allergies: list[etree._Element], identifier: str) -> etree._Element | None:
    return next((a for a in allergies if a.findtext(f"{{{NS8}}}identifier") == identifier), None)


def update_from_newest(lar: Lar, data: dict[str, Any], task: dict[str, Any]) -> str:
    """Read the patient's allergies, then update the task's allergy from the version read."""
    status, allergies = lar.get(task["patient"], data["requester"], history=False)
    read = find(allergies, task["identifier"]) if status == "Success" else None
    if read is None:
        print(f"cannot read allergy {task['identifier']}: {status}", file=sys.stderr)
        return status
    return lar.call("UpdatePatientAllergy", changed(read, task["change"]))[0]


def held(data: dict[str, Any], identifier: str, version: int) -> etree._Element:
    """The allergy as this system stored it at `version` (here: from the plan's test data)."""
    entry = next(e for e in data["seeded"] if e["identifier"] == identifier)
    values = dict(entry)
    for change in (entry.get("versions") or [{}])[:version]:
        values.update(change)
    return allergy({**values, "versionId": version})


def run(lar: Lar, data: dict[str, Any]) -> None:
    broken, requester = lar.broken, data["requester"]
    # lar-register (§4.1.1): no identifier, LAR generates it.
    wanted = {**data["register"], "recorder": data["recorder"]}
    wanted["recorderOrganization"] = data["recorderOrganization"]
    if broken == "capital-status":
        wanted["clinicalStatus"] = wanted["clinicalStatus"].capitalize()
    lar.call("RegisterPatientAllergy", allergy(wanted))
    # lar-update-newest: read first, update from the newest version.
    task = data["update_newest"]
    if broken == "update-without-read":
        lar.call("UpdatePatientAllergy", changed(held(data, task["identifier"], 1), task["change"]))
    else:
        update_from_newest(lar, data, task)
    # lar-stale-version: update from the held version; on NotValidData read again and retry once.
    task = data["stale_version"]
    stale = changed(held(data, task["identifier"], task["held_version"]), task["change"])
    status, _ = lar.call("UpdatePatientAllergy", stale)
    if status == "NotValidData" and broken != "stale-no-reaction":
        update_from_newest(lar, data, task)
    # lar-get-current and lar-get-history (§4.2.1).
    lar.get(data["get_current"]["patient"], requester, history=False)
    lar.get(data["get_history"]["patient"], requester, history=broken != "no-history")
    # lar-vaerdispring: NegativeConsent, then the clinician's værdispring.
    patient = data["vaerdispring"]["patient"]
    status, _ = lar.get(patient, requester, history=False)
    if status == "NegativeConsent" and broken != "no-vaerdispring":
        lar.get(patient, requester, history=False, override=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--break", dest="broken", choices=BREAKS, help="make one deliberate mistake")
    args = parser.parse_args()
    missing = [
        k for k in ("KONFORM_LAR_URL", "KONFORM_LAR_IDCARD", "KONFORM_LAR_PLAN") if not os.environ.get(k)
    ]
    if missing:
        print(f"lar client: set {', '.join(missing)} (konform certify --consumer lar does)", file=sys.stderr)
        return 2
    plan = json.loads(os.environ["KONFORM_LAR_PLAN"])
    run(Lar(os.environ["KONFORM_LAR_URL"], os.environ["KONFORM_LAR_IDCARD"], args.broken), plan["data"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
