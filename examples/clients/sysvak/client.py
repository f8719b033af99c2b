"""A reference SYSVAK client: performs konform's SYSVAK consumer plan the way a vaccination journal would.

Copy it to see how to talk to SYSVAK (Dok 31) over konform's HTTP transport: every message is a
KITH MsgHead v1.2 written by hand around one SYSVAK message, UTF-8, POSTed to KONFORM_SYSVAK_URL;
the answer comes back at once (200) or later (202, then GET <URL>/responses/<MsgId>). It needs
only requests and lxml, and reads everything from the environment a consumer session exports:

  KONFORM_SYSVAK_URL    where to POST each MsgHead
  KONFORM_SYSVAK_CA     CA certificate to trust (only when the URL is https)
  KONFORM_SYSVAK_PLAN   the plan with its test data, as JSON

`--break NAME` makes one deliberate mistake (variants.toml beside this file lists them with the
requirement IDs a session must fail on); konform's meta-tests use them.

    konform certify --consumer sysvak --run "python examples/clients/sysvak/client.py"
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import requests
from lxml import etree

MSGHEAD = "http://www.kith.no/xmlstds/msghead/2006-05-24"
SYSVAK = "urn:konform:sysvak:dok31:1.0"  # konform's schema of Dok 31's messages
VOLVEN = "2.16.578.1.12.4.1.1."
OFFICIAL_PERSON_ID = VOLVEN + "8327"  # offisiell personidentifikasjon: FNR, DNR
PERSON_ID_TYPES = VOLVEN + "9032"  # type personidentifikasjon: FNR, DNR, HNR

BREAKS = (
    "change-without-delete",
    "delete-before-register",
    "deletion-not-whole",
    "missing-migversion",
    "latin1",
    "conversation-ref",
    "two-documents",
    "hnr-as-official",
    "resend-shifted-date",
    "hnummer-only",  # not a mistake: the same task done another way the guide allows
)


class Sysvak:
    """Writes MsgHeads, sends them, prints each answer's Behandlingsresultat."""

    def __init__(self, url: str, plan: dict[str, Any], broken: str | None) -> None:
        self.url, self.data, self.broken = url.rstrip("/"), plan["data"], broken
        self.http = requests.Session()
        self.http.trust_env = False
        ca = os.environ.get("KONFORM_SYSVAK_CA")
        if ca:
            self.http.verify = ca

    # -- the MsgHead (§3.6) -------------------------------------------------------------------------
    def msghead(self, type_code: str, payloads: list[etree._Element]) -> tuple[str, etree._Element]:
        msg_id = str(uuid.uuid4())
        root = etree.Element(f"{{{MSGHEAD}}}MsgHead", nsmap={None: MSGHEAD})
        info = sub(root, "MsgInfo", ns=MSGHEAD)
        sub(info, "Type", ns=MSGHEAD, V=type_code, DN=type_code)
        if self.broken != "missing-migversion":
            sub(info, "MIGversion", "v1.2 2006-05-24", ns=MSGHEAD)
        sub(info, "GenDate", datetime.now(UTC).isoformat(timespec="seconds"), ns=MSGHEAD)
        sub(info, "MsgId", msg_id, ns=MSGHEAD)
        if self.broken == "conversation-ref":  # only SYSVAK's answers carry one (§3.6.4)
            ref = sub(info, "ConversationRef", ns=MSGHEAD)
            sub(ref, "RefToParent", msg_id, ns=MSGHEAD)
            sub(ref, "RefToConversation", msg_id, ns=MSGHEAD)
        for role in ("Sender", "Receiver"):
            party = self.data[role.lower()]
            organisation = sub(sub(info, role, ns=MSGHEAD), "Organisation", ns=MSGHEAD)
            sub(organisation, "OrganisationName", party["name"], ns=MSGHEAD)
            ident = sub(organisation, "Ident", ns=MSGHEAD)
            sub(ident, "Id", party["id"], ns=MSGHEAD)
            sub(ident, "TypeId", ns=MSGHEAD, V=party["type"], S=party["oid"], DN="HER-id")
        for payload in payloads:  # SYSVAK takes one Document (§3.6.2)
            ref_doc = sub(sub(root, "Document", ns=MSGHEAD), "RefDoc", ns=MSGHEAD)
            sub(ref_doc, "MsgType", ns=MSGHEAD, V="XML", DN="XML-instans")
            sub(ref_doc, "Content", ns=MSGHEAD).append(payload)
        return msg_id, root

    def send(self, type_code: str, *payloads: etree._Element) -> None:
        msg_id, root = self.msghead(type_code, list(payloads))
        encoding = "ISO-8859-1" if self.broken == "latin1" else "UTF-8"  # §3.7.3: UTF-8
        body = etree.tostring(root, xml_declaration=True, encoding=encoding)
        headers = {"Content-Type": f"application/xml; charset={encoding.lower()}"}
        answer = self.http.post(self.url, data=body, headers=headers, timeout=30)
        for _ in range(50):  # §3.2: the answer may come later
            if answer.status_code != 202:
                break
            time.sleep(0.2)
            answer = self.http.get(f"{self.url}/responses/{msg_id}", timeout=30)
        print(f"{type_code} {msg_id}: HTTP {answer.status_code} {result(answer)}")

    # -- the SYSVAK messages (§4.3, §5.2, §6.1) -----------------------------------------------------
    def unit(self, parent: etree._Element) -> None:
        unit = self.data["unit"]
        ident(parent, "UtfortAvHelseenhet", unit["id"], unit["type"], unit["oid"])

    def hendelse(
        self, event: dict[str, Any], aksjon: str, *, date: str | None = None, whole: bool = True
    ) -> etree._Element:
        root = etree.Element(f"{{{SYSVAK}}}HendelseRequest", nsmap={None: SYSVAK})
        self.unit(root)
        hendelse = sub(root, "Hendelse")
        vaksinand = sub(hendelse, "Vaksinand")
        if "vaksinand" in event:
            ident(vaksinand, "VaksinandIdent", event["vaksinand"], "FNR", OFFICIAL_PERSON_ID)
        else:
            self.uten_ident(vaksinand, event)
        vaksinasjon = sub(hendelse, "Vaksinasjon")
        sub(vaksinasjon, "HendelseAksjon", aksjon)
        sub(vaksinasjon, "Konsultasjonsdato", date or event["konsultasjonsdato"])
        sub(vaksinasjon, "Vaksinekode", V=event["vaksinekode"])
        if whole:  # §4.2: changes and deletions carry the whole hendelse
            sub(vaksinasjon, "Batchnummer", event["batchnummer"])
        sub(vaksinasjon, "Dosenummer", str(event["dosenummer"]))
        return root

    def uten_ident(self, vaksinand: etree._Element, child: dict[str, Any]) -> None:
        """§4.1: no fødselsnummer/D-nummer: what the journal knows; an H-nummer only under 9032 (§3.7.1)."""
        oid = OFFICIAL_PERSON_ID if self.broken == "hnr-as-official" else PERSON_ID_TYPES
        ident(vaksinand, "VaksinandIdent", child["hnummer"], "HNR", oid)
        if self.broken == "hnummer-only":
            return
        uten = sub(vaksinand, "VaksinandUtenIdent")
        sub(uten, "Fornavn", child["fornavn"])
        sub(uten, "Etternavn", child["etternavn"])
        sub(uten, "Fodselsdato", child["fodselsdato"])
        sub(uten, "Kjonn", V=child["kjonn"])
        ident(uten, "OmsorgspersonIdent", child["omsorgsperson"], "FNR", OFFICIAL_PERSON_ID)

    def sok(self, person: str) -> etree._Element:
        root = etree.Element(f"{{{SYSVAK}}}SokRequest", nsmap={None: SYSVAK})
        self.unit(root)
        ident(root, "PersonIdent", person, "FNR", OFFICIAL_PERSON_ID)
        return root

    def kodeverk(self, list_id: str) -> etree._Element:
        root = etree.Element(f"{{{SYSVAK}}}KodeverkRequest", nsmap={None: SYSVAK})
        self.unit(root)
        sub(root, "KodeverkId", list_id)
        return root

    # -- the plan's tasks, in the order a journal would act ------------------------------------------
    def run(self) -> None:
        data, hendelse = self.data, "HENDELSEREQUEST"
        register = self.hendelse(data["register"], "ny")
        if self.broken == "two-documents":  # a batch: two registrations in one MsgHead (§3.1)
            self.send(hendelse, register, self.hendelse(data["register"], "ny"))
        else:
            self.send(hendelse, register)  # sysvak-register
            resent = None if self.broken != "resend-shifted-date" else "2024-05-04"
            self.send(hendelse, self.hendelse(data["register"], "ny", date=resent))  # sysvak-resend

        correct = data["correct"]  # sysvak-correct: Konsultasjonsdato is part of the identity (§4.2)
        self.send(hendelse, self.hendelse(correct, "ny"))
        if self.broken != "change-without-delete":
            self.send(hendelse, self.hendelse(correct, "slettet"))
        self.send(hendelse, self.hendelse(correct, "ny", date=correct["korrigert_konsultasjonsdato"]))

        mistake = data["delete"]  # sysvak-delete: register first, then delete (§3.6.3)
        steps = [
            self.hendelse(mistake, "ny"),
            self.hendelse(mistake, "slettet", whole=self.broken != "deletion-not-whole"),
        ]
        for step in reversed(steps) if self.broken == "delete-before-register" else steps:
            self.send(hendelse, step)

        self.send(hendelse, self.hendelse(data["uten_ident"], "ny"))  # sysvak-uten-ident
        self.send("SOKREQUEST", self.sok(data["search"]["vaksinand"]))  # sysvak-search
        self.send("KODEVERKREQUEST", self.kodeverk(data["kodeverk"]["id"]))  # sysvak-kodeverk


def sub(
    parent: etree._Element, name: str, text: str | None = None, *, ns: str = SYSVAK, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def ident(parent: etree._Element, name: str, number: str, type_v: str, oid: str) -> None:
    element = sub(parent, name)
    sub(element, "Id", number)
    sub(element, "TypeId", V=type_v, S=oid)


def result(answer: requests.Response) -> str:
    """The answer's Behandlingsresultat/Status (akseptert, avvist), or why there is none."""
    if answer.status_code != 200:
        return answer.text.strip()[:200]
    try:
        root = etree.fromstring(answer.content)
    except etree.XMLSyntaxError as error:
        return f"unreadable answer: {error}"
    status = root.findtext(f".//{{{SYSVAK}}}Behandlingsresultat/{{{SYSVAK}}}Status")
    return status or "no Behandlingsresultat"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--break", dest="broken", choices=BREAKS, help="make one deliberate mistake")
    args = parser.parse_args()
    missing = [name for name in ("KONFORM_SYSVAK_URL", "KONFORM_SYSVAK_PLAN") if not os.environ.get(name)]
    if missing:
        print(
            f"client: set {', '.join(missing)} (konform certify --consumer sysvak exports them)",
            file=sys.stderr,
        )
        return 2
    plan = json.loads(os.environ["KONFORM_SYSVAK_PLAN"])
    try:
        Sysvak(os.environ["KONFORM_SYSVAK_URL"], plan, args.broken).run()
    except requests.RequestException as error:
        print(f"client: SYSVAK unreachable: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
