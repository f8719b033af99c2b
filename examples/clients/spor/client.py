#!/usr/bin/env python3
"""A reference SPOR client: what an operation-planning system does, in one small script.

Reads the connection and the test plan from the environment `konform certify --consumer
spor` exports (KONFORM_SPOR_URL, _CA, _CLIENT_CERT, _CLIENT_KEY, _PLAN), and performs
the plan over mutual TLS (Integration mot SPOR 4.1, §3.1): the night's export (§6.1–§6.4,
without block-listed patients, §6.6), then the changed registration again, whole (§6.5).
The SOAP envelope is written by hand; only `requests` and `lxml` are needed.

    python client.py                  # the correct client
    python client.py --break NAME     # one deviation (variants.toml lists them)
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import requests
from lxml import etree

NS = "urn:konform:spor:4.1"  # the namespace of SPOR's registration schema (the WSDL's types)
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
#: A registration's elements, in the schema's order (§7, SPOR Variabellista 4.1).
ORDER = (
    "recipientMessageSplit", "systemId", "behandlingsnummer", "personnummer", "planeringstidpunkt",
    "operationsanmalan", "planeratIngrepp", "avfordFranVantelistan", "operationsdatum",
    "anlantOperationsavdelning", "operationsstart", "operationsslut", "lamnatOperationsavdelning",
    "lamnatPostop", "atgarder", "kommentar",
)
BREAKS = ("wrong-luhn", "blocked-sent", "partial-resend", "wrong-unit", "early-planning")


def registration(number: str, variables: dict, unit: str) -> etree._Element:
    """One <registration>: §7.1 – a variable not recorded is left out, never an empty element."""
    values = {"recipientMessageSplit": "SPOR", "systemId": unit, "behandlingsnummer": number, **variables}
    element = etree.Element(f"{{{NS}}}registration")
    for name in ORDER:
        value = values.get(name)
        if value in (None, "", []):
            continue
        child = etree.SubElement(element, f"{{{NS}}}{name}")
        if name == "atgarder":
            for code in value:
                etree.SubElement(child, f"{{{NS}}}kvaKod").text = code
        else:
            child.text = str(value)
    return element


def envelope(registrations: list[etree._Element], export_time: str | None) -> bytes:
    """A SOAP 1.1 envelope around one postRegistrationRequest."""
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP})
    body = etree.SubElement(root, f"{{{SOAP}}}Body")
    request = etree.SubElement(body, f"{{{NS}}}postRegistrationRequest", nsmap={None: NS})
    if export_time:
        request.set("exportTime", export_time)
    request.extend(registrations)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def post(session: requests.Session, url: str, body: bytes) -> None:
    """POST one request; print each registration's resultCode (§7.2.3)."""
    answer = session.post(url, data=body, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30)
    print(f"HTTP {answer.status_code}")
    if answer.status_code != 200:
        print(answer.text[:500])
        return
    for result in etree.fromstring(answer.content).iter(f"{{{NS}}}result"):
        print(" ", result.findtext(f"{{{NS}}}resultCode"), result.findtext(f"{{{NS}}}resultText"))


def wrong_luhn(personnummer: str) -> str:
    """The personnummer with its check digit off by one."""
    return personnummer[:-1] + str((int(personnummer[-1]) + 1) % 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--break", dest="broken", choices=BREAKS, help="send with this one deviation")
    broken = parser.parse_args().broken
    plan = json.loads(os.environ["KONFORM_SPOR_PLAN"])
    data = plan["data"]
    unit = "SE2321000131-E000000000999" if broken == "wrong-unit" else data["unit"]
    blocked = set(data["block_list"])

    session = requests.Session()
    session.trust_env = False
    session.verify = os.environ["KONFORM_SPOR_CA"]
    session.cert = (os.environ["KONFORM_SPOR_CLIENT_CERT"], os.environ["KONFORM_SPOR_CLIENT_KEY"])
    url = os.environ["KONFORM_SPOR_URL"]

    # The night's export (§6.1–§6.4): every treatment of the day, block-listed patients left out (§6.6).
    export = []
    for number, variables in data["treatments"].items():
        variables = dict(variables)
        if variables["personnummer"] in blocked and broken != "blocked-sent":
            continue
        plans = data["plans"].get(number)
        if plans:  # §6.3: of the day's plannings only the last
            variables["planeringstidpunkt"] = min(plans) if broken == "early-planning" else max(plans)
        if broken == "wrong-luhn" and number == "2200102":
            variables["personnummer"] = wrong_luhn(variables["personnummer"])
        export.append(registration(number, variables, unit))
    post(session, url, envelope(export, data["export_time"]))

    # The change after the export (§6.5): the whole registration again, since SPOR replaces it.
    change = data["change"]
    number = change["behandlingsnummer"]
    whole = {**data["treatments"][number], **change["set"]}
    if broken == "partial-resend":
        whole = {"personnummer": whole["personnummer"], **change["set"]}
    post(session, url, envelope([registration(number, whole, unit)], None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
