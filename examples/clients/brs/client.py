#!/usr/bin/env python3
"""A reference BRS client: performs konform's BRS test plan as a vendor's system would.

It reads what `konform certify --consumer brs` exports:
  KONFORM_BRS_URL               BRS's treatmentRelation endpoint ([miljøurl]/brs-nsp/service/brs)
  KONFORM_BRS_NOTIFICATION_URL  the notification service ([miljøurl]gos/service/notification)
  KONFORM_BRS_IDCARD            a file holding a signed DGWS ID card (saml:Assertion), level 3
  KONFORM_BRS_CONTROL_URL       the simulator's control API (here only: move its clock)
  KONFORM_BRS_PLAN              the test plan with its test data, as JSON
  KONFORM_BRS_STS_CERT/_STS_KEY the test STS (only the unlisted-cvr variant mints its own card)
and builds each SOAP 1.1 envelope by hand: the ID card goes into wsse:Security beside a
wsu:Timestamp, a medcom:Header carries a fresh MessageID, the body is one BRS request.
Nothing here imports konform: copy it.

`--break NAME` makes one deliberate mistake (variants.toml lists them and the requirement
IDs each must fail on); konform's own tests use them to show the session catches each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
MEDCOM = "http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
BRS = "http://nsi.dk/fmki20110601/brs"
NOTIFICATION = "http://nsi.dk/fmki20110601/notification"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # never fetch or expand entities
BREAKS = ("no-idcard", "unlisted-cvr", "serial-from-zero", "no-authorisation", "zulu-time",
          "no-followup", "query-at-brs")  # fmt: skip
ENVELOPE = """<soap:Envelope xmlns:soap="{soap}"><soap:Header>\
<wsse:Security xmlns:wsse="{wsse}" xmlns:wsu="{wsu}"><wsu:Timestamp><wsu:Created>{created}</wsu:Created>\
</wsu:Timestamp>{card}</wsse:Security>\
<medcom:Header xmlns:medcom="{medcom}"><medcom:SecurityLevel>{level}</medcom:SecurityLevel><medcom:Linking>\
<medcom:MessageID>{message_id}</medcom:MessageID></medcom:Linking><medcom:FlowStatus>flow_running\
</medcom:FlowStatus></medcom:Header></soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"""


class Problem(Exception):
    """BRS refused a call or answered something this client cannot use."""


def timestamp(moment: datetime, broken: str | None) -> str:
    """BRS's format for every timestamp: YYYY-MM-DDTHH:MM:SS+HH:MM (the guide's example +02:00)."""
    if broken == "zulu-time":
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.astimezone().replace(microsecond=0).isoformat()


def element(parent: etree._Element, name: str, text: str | None = None, ns: str = BRS) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = text
    return child


class Brs:
    """Calls to BRS and the notification service with one ID card."""

    def __init__(self, env: dict[str, str], plan: dict[str, Any], broken: str | None) -> None:
        self.env, self.data, self.broken = env, plan["data"], broken
        card = etree.parse(env["KONFORM_BRS_IDCARD"], PARSER).getroot()
        if broken == "unlisted-cvr":
            card = remint(card, self.data["cvr"], self.data["unlisted_cvr"], env)
        self.card = card
        conditions = card.find(f"{{{SAML}}}Conditions")
        assert conditions is not None, "the ID card has no saml:Conditions"
        # RelationLookupTimeInterval: the guide's example choice, the ID card's validity period.
        self.valid = [datetime.fromisoformat(conditions.get(n, "").replace("Z", "+00:00"))
                      for n in ("NotBefore", "NotOnOrAfter")]  # fmt: skip
        self.http = requests.Session()
        self.http.trust_env = False

    def call(self, url: str, body: etree._Element) -> etree._Element:
        """POST one DGWS request; the answer's body element, or Problem with BRS's fault."""
        card = "" if self.broken == "no-idcard" else etree.tostring(self.card).decode()
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        envelope = ENVELOPE.format(
            soap=SOAP, wsse=WSSE, wsu=WSU, medcom=MEDCOM, created=created, card=card, level=3,
            message_id=uuid.uuid4(), body=etree.tostring(body).decode(),
        )  # fmt: skip
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
        response = self.http.post(url, data=envelope.encode(), headers=headers, timeout=30)
        root = etree.fromstring(response.content, PARSER)
        answer = root.find(f"{{{SOAP}}}Body/*")
        if answer is None or answer.tag == f"{{{SOAP}}}Fault":
            text = root.findtext(f".//{{{SOAP}}}Fault/faultstring") or response.text[:200]
            raise Problem(f"HTTP {response.status_code}: {text}")
        return answer

    def ask(self, patient: str, acceptable: list[str], followup: list[str] | None = None) -> etree._Element:
        """treatmentRelation; with `followup` a follow-up is ordered (TimeLimit, QueryableCvr)."""
        body = etree.Element(f"{{{BRS}}}treatmentRelationRequestBody", nsmap={None: BRS})
        organisation = element(body, "OrganisationIdentifier")
        element(organisation, self.data["organisation"]["kind"], self.data["organisation"]["value"])
        element(body, "PatientCpr", patient)
        element(body, "HealthProfessionalCpr", self.data["professional"])
        interval = element(body, "RelationLookupTimeInterval")
        element(interval, "start", timestamp(self.valid[0], self.broken))
        element(interval, "end", timestamp(self.valid[1], self.broken))
        if followup is not None:
            limit = datetime.now().astimezone() + timedelta(hours=1)
            element(body, "TimeLimit", timestamp(limit, self.broken))
            element(body, "ExternalReferenceId", f"my-system-{uuid.uuid4()}")
            element(body, "QueryableCvr", self.data["cvr"])
        relations = element(body, "AcceptableRelations")
        for category in acceptable:
            element(relations, "Relation", category)
        if followup is not None and self.broken != "no-followup":
            relations = element(body, "FollowupRelations")
            for category in followup:
                element(relations, "Relation", category)
        if self.broken != "no-authorisation":
            element(body, "AuthorisationIdentifier", self.data["authorisation"])
        provider = element(body, "ServiceProvider")
        for name, value in (("Name", "my-system"), ("Version", "1.0"), ("Vendor", "a vendor")):
            element(provider, name, value)
        return self.call(self.env["KONFORM_BRS_URL"], body)

    def notifications(self, serial: int) -> list[tuple[int, str]]:
        """notificationQuery from SerialNumber `serial`: (SerialNumber, UniqueId) of each notification."""
        body = etree.Element(f"{{{NOTIFICATION}}}NotificationQueryRequestBody", nsmap={None: NOTIFICATION})
        element(body, "Type", "BRS", NOTIFICATION)
        element(body, "SerialNumber", str(serial), NOTIFICATION)
        where = "KONFORM_BRS_URL" if self.broken == "query-at-brs" else "KONFORM_BRS_NOTIFICATION_URL"
        answer = self.call(self.env[where], body)
        found = []
        for item in answer.iterchildren(f"{{{NOTIFICATION}}}Notifications"):
            number = int(item.findtext(f"{{{NOTIFICATION}}}SerialNumber") or "0")
            found.append((number, (item.findtext(f".//{{{BRS}}}UniqueId") or "").strip()))
        return found

    def read_all(self, last_seen: int) -> tuple[list[tuple[int, str]], int]:
        """Every notification after `last_seen`: query on from the last serial number seen until
        an answer brings nothing new (one answer holds at most 100). Returns them and the new last seen."""
        seen: dict[int, str] = {}
        while True:
            start = 0 if self.broken == "serial-from-zero" else last_seen + 1
            new = [(n, u) for n, u in self.notifications(start) if n not in seen]
            if not new:
                return sorted(seen.items()), last_seen
            seen.update(new)
            last_seen = max(last_seen, *seen)

    def advance_clock(self, seconds: int) -> None:
        """Test environment only: move the simulator's clock (instead of waiting for TimeLimit)."""
        url = self.env["KONFORM_BRS_CONTROL_URL"].rstrip("/") + self.data["followup"]["clock"]
        self.http.put(url, json={"advance_seconds": seconds}, timeout=30).raise_for_status()


def remint(card: etree._Element, cvr: str, other: str, env: dict[str, str]) -> etree._Element:
    """The unlisted-cvr variant: the same card for a CVR NSP has not whitelisted, signed by the STS."""
    from signxml import XMLSigner  # only this variant signs; a real system gets its card from the STS
    from signxml.algorithms import CanonicalizationMethod, SignatureConstructionMethod

    text = etree.tostring(card).decode().replace(cvr, other)
    card = etree.fromstring(text.encode(), PARSER)
    for signature in card.findall(f"{{{DS}}}Signature"):
        card.remove(signature)
    signer = XMLSigner(SignatureConstructionMethod.enveloped,
                       c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0)  # fmt: skip
    with open(env["KONFORM_BRS_STS_KEY"], "rb") as key, open(env["KONFORM_BRS_STS_CERT"], "rb") as cert:
        pem_key, pem_cert = key.read(), cert.read().decode()
    reference = f"#{card.get('id')}"
    return signer.sign(card, key=pem_key, cert=pem_cert, reference_uri=reference, id_attribute="id")


def run(brs: Brs) -> list[str]:
    """The plan's tasks in order; the problems met (none for a system that did it all)."""
    data, problems = brs.data, []
    try:
        answer = brs.ask(data["ask"]["patient"], data["ask"]["acceptable"])
        print("brs-ask: SufficientRelation", answer.findtext(f"{{{BRS}}}SufficientRelation"))
    except Problem as problem:
        problems.append(f"brs-ask: {problem}")
    unique = None
    try:
        followup = data["followup"]
        answer = brs.ask(followup["patient"], followup["acceptable"], followup["followup"])
        if answer.findtext(f"{{{BRS}}}FollowupOrdered") == "true":
            unique = answer.findtext(f"{{{BRS}}}UniqueReferenceId")
        print("brs-ask-followup: follow-up", unique or "not ordered")
    except Problem as problem:
        problems.append(f"brs-ask-followup: {problem}")
    last_seen = 0  # a system keeps this between runs; it has seen none yet
    try:
        found, last_seen = brs.read_all(last_seen)
        print(f"brs-poll-all: {len(found)} notifications, last serial number seen {last_seen}")
    except Problem as problem:
        problems.append(f"brs-poll-all: {problem}")
    try:
        brs.advance_clock(2 * 3600)  # past the follow-up's TimeLimit (an hour from the question)
        found, last_seen = brs.read_all(last_seen)
        mine = [n for n, u in found if unique and u == unique]
        print("brs-followup-notified: serial", mine[0] if mine else "none")
        if not mine:
            problems.append("brs-followup-notified: the follow-up's notification did not arrive")
    except (Problem, requests.RequestException) as problem:
        problems.append(f"brs-followup-notified: {problem}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--break", dest="broken", choices=BREAKS, help="make one deliberate mistake")
    broken = parser.parse_args().broken
    needed = ("KONFORM_BRS_URL", "KONFORM_BRS_IDCARD", "KONFORM_BRS_PLAN")
    missing = [name for name in needed if name not in os.environ]
    if missing:
        print(f"client: {', '.join(missing)} not set; run me under `konform certify --consumer brs --run`")
        return 2
    env = dict(os.environ)
    env.setdefault(
        "KONFORM_BRS_NOTIFICATION_URL",
        env["KONFORM_BRS_URL"].replace("brs-nsp/service/brs", "gos/service/notification"),
    )
    problems = run(Brs(env, json.loads(env["KONFORM_BRS_PLAN"]), broken))
    for problem in problems:
        print("client:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
