"""SPOR's decisions as overridable methods, and fault profiles that each break one of them.

The correct behaviour follows the SPOR guide and the catalogue's table "How SPOR
answers each breach" (REQUIREMENTS.md). A fault profile overrides one decision and
names the requirement IDs the feature suite must then fail on (`breaks`), and which of
them only konform's readings catch (`reading_breaks`: failed under strict readings, a
warning under lenient ones); the meta-test `tests/spor/test_spor_fault_profiles.py` holds
every profile to exactly that. `konform.spor.independent` is the converse: a correct SPOR
written differently, which the suite must pass.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import ClassVar

from lxml import etree

from konform.faults import Behaviour
from konform.identifiers import is_ascii_digits, luhn
from konform.spor import rules, schema
from konform.spor.page import LUCKADES, MISSLYCKADES
from konform.spor.wire import BUILTIN_WIRE, Wire

NS = schema.NS

__all__ = ["LUCKADES", "MISSLYCKADES", "SporBehaviour"]


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


class SporBehaviour(Behaviour):
    """SPOR as its integration guide describes it."""

    #: The IDs of `breaks` that only konform's readings catch (konform.spor.readings).
    reading_breaks: ClassVar[frozenset[str]] = frozenset()
    #: The schema the simulator speaks (its binding): the decisions see konform's canonical elements.
    wire: Wire = BUILTIN_WIRE

    def wsdl_published(self) -> bool:
        """§3.1: the WSDL is published at the endpoint's `?wsdl` address."""
        return True

    def refuse(self, registrations: list[etree._Element]) -> dict[int, str]:
        """§7.2.3: registrations (by position) answered ERROR before the schema is applied; none here."""
        return {}

    def admit(self, request: etree._Element) -> tuple[str | None, etree._Element]:
        """§7.2.2: the schema error of a request (None if valid) and the request to process."""
        return self.wire.unmarshalling_error(request), request

    def schema_fault_status(self) -> int:
        """§7.2.2: a request that breaks the schema gets HTTP 500 Internal Server Error."""
        return 500

    def unit_known(self, system_id: str, registered: bool) -> bool:
        """§7.2.3: a SystemId SPOR does not know ends in ERROR."""
        return registered

    def identity_problem(self, personnummer: str, today: date) -> str | None:
        """§7.1: personnummer and samordningsnummer must pass Skatteverket's rules."""
        return rules.identity_problem(personnummer, today=today)

    def stored(self, previous: etree._Element | None, sent: etree._Element) -> etree._Element:
        """§6.5: a resend replaces all stored data for the behandlingsnummer."""
        return sent

    def result_text(self, behandlingsnummer: str, created: bool) -> str:
        """§7.2.3: "Skapade: <nr>" for a new registration, "Uppdaterade: <nr>" for a replaced one."""
        return f"{'Skapade' if created else 'Uppdaterade'}: {behandlingsnummer}"

    def error_text(self, behandlingsnummer: str, why: str) -> str:
        """§7.2.3: the ERROR text, as the guide's example words it."""
        return f"Systemet kunde inte ta emot registreringen: {behandlingsnummer} {why}"

    def unknown_unit(self, system_id: str) -> str:
        """§7.2.3: why a registration naming a unit SPOR does not know is refused (the guide's example)."""
        return f"Systemet {system_id} som angivits i SystemId hittas inte"

    def bad_identity(self, personnummer: str, problem: str) -> str:
        """§7.1: why a number that fails Skatteverket's rules is refused."""
        return f"Personnumret {personnummer} är ogiltigt: {problem}"

    def fellista_reasons(self, registration: etree._Element) -> list[str]:
        """§7.3: schema-valid registrations that break SPOR's rules are listed with the reasons."""
        return rules.fellista_reasons(registration)

    def upload_feedback(self, failure: str | None) -> tuple[int, str]:
        """§3.2: the message the upload page shows (and the HTTP status we give it)."""
        return (200, LUCKADES) if failure is None else (400, MISSLYCKADES + failure)

    def upload_page(self, message: str) -> tuple[bytes, str]:
        """§3.2: the page showing the message, and its content type: here the message as plain text."""
        return message.encode("utf-8"), "text/plain; charset=utf-8"

    def header_name(self, name: bytes) -> bytes:
        """How a response header's name is written (HTTP names are case-insensitive); lower case here."""
        return name

    def accepts_untrusted_certificates(self) -> bool:
        """§3.1, §7.2.1: a client certificate not signed by the shared root fails the handshake."""
        return False


class AcceptsBadLuhn(SporBehaviour):
    name = "accepts-bad-luhn"
    deviation = "accepts a personnummer whose Luhn check digit is wrong"
    breaks = frozenset({"SPOR-7.1-PNR"})

    def identity_problem(self, personnummer: str, today: date) -> str | None:
        problem = super().identity_problem(personnummer, today)
        if problem is None or len(personnummer) != 12 or not is_ascii_digits(personnummer):
            return problem
        corrected = personnummer[:-1] + luhn.calc_check_digit(personnummer[2:-1])
        return None if super().identity_problem(corrected, today) is None else problem


class RejectsSamordningsnummer(SporBehaviour):
    name = "rejects-samordningsnummer"
    deviation = "answers ERROR for a valid samordningsnummer (day + 60)"
    # Every scenario that sends a valid samordningsnummer notices: the acceptance property,
    # the Fellista property and the upload example all draw or name one.
    breaks = frozenset({"SPOR-7.1-PNR", "SPOR-7.2.3-RESULT", "SPOR-7.3-FELLISTA", "SPOR-3.2-UPLOAD"})

    def identity_problem(self, personnummer: str, today: date) -> str | None:
        problem = super().identity_problem(personnummer, today)
        if problem is None and int(personnummer[6:8]) >= 60:
            return f"samordningsnummer {personnummer} tas inte emot"
        return problem


class MergesOnResend(SporBehaviour):
    name = "merges-on-resend"
    deviation = "keeps variables a resend leaves out, instead of replacing the registration"
    breaks = frozenset({"SPOR-6.5-REPLACE"})

    def stored(self, previous: etree._Element | None, sent: etree._Element) -> etree._Element:
        if previous is None:
            return sent
        merged = copy.deepcopy(sent)
        present = {child.tag for child in merged}
        merged.extend(copy.deepcopy(child) for child in previous if child.tag not in present)
        merged[:] = sorted(merged, key=lambda child: _VARIABLES.get(child.tag, (len(_VARIABLES), ""))[0])
        return merged


class SkapadeOnUpdate(SporBehaviour):
    name = "skapade-on-update"
    deviation = 'answers "Skapade" when a behandlingsnummer is re-sent, never "Uppdaterade"'
    # §7.2.3 gives the texts as examples ("tex"): only konform's reading of them catches this.
    breaks = frozenset({"SPOR-7.2.3-RESULT"})
    reading_breaks = breaks

    def result_text(self, behandlingsnummer: str, created: bool) -> str:
        return super().result_text(behandlingsnummer, created=True)


class AcceptsAnyRms(SporBehaviour):
    name = "accepts-any-rms"
    deviation = 'accepts a Recipient Message Split (var 105) other than "SPOR"'
    breaks = frozenset({"SPOR-7.4-RMS"})

    def admit(self, request: etree._Element) -> tuple[str | None, etree._Element]:
        relaxed = copy.deepcopy(request)
        for rms in relaxed.iter(_q("recipientMessageSplit")):
            if (rms.text or "").strip():  # an empty element stays §7.1's breach, not this one
                rms.text = "SPOR"
        return super().admit(relaxed)[0], request


class AcceptsEmptyElements(SporBehaviour):
    name = "accepts-empty-elements"
    deviation = "takes an empty XML element as a variable left out"
    # §7.1 tells the sender not to send empty tags, not how SPOR answers one: a reading catches it.
    breaks = frozenset({"SPOR-7.1-NOEMPTY"})
    reading_breaks = breaks

    def admit(self, request: etree._Element) -> tuple[str | None, etree._Element]:
        stripped = copy.deepcopy(request)
        for registration in stripped.iter(_q("registration")):
            for element in registration.iter():
                if element is not registration and len(element) == 0 and not (element.text or "").strip():
                    parent = element.getparent()
                    if parent is not None:
                        parent.remove(element)
        return super().admit(stripped)


class RejectsLocalTimes(SporBehaviour):
    name = "rejects-local-times"
    deviation = "refuses a date-time without an offset, which ISO 8601:2004 allows as a local time"
    # The guide's example has an offset; that SPOR takes local times is konform's reading.
    breaks = frozenset({"SPOR-7.1-DATES"})
    reading_breaks = breaks

    def admit(self, request: etree._Element) -> tuple[str | None, etree._Element]:
        for element in request.iter(*_TIDPUNKT):
            text = (element.text or "").strip()
            if len(text) == 19 and text[10:11] == "T":
                return (
                    f"Unmarshalling Error: cvc-pattern-valid: Value '{text}' is not facet-valid with "
                    "respect to pattern '.*(Z|[+\\-]\\d{2}:\\d{2})' for type 'tidpunkt'.",
                    request,
                )
        return super().admit(request)


class SchemaErrorOk(SporBehaviour):
    name = "schema-error-200"
    deviation = "answers a schema error with HTTP 200 instead of 500 Internal Server Error"
    breaks = frozenset({"SPOR-7.2.2-SCHEMA"})

    def schema_fault_status(self) -> int:
        return 200


class AcceptsUnknownSystemId(SporBehaviour):
    name = "accepts-unknown-systemid"
    deviation = "stores a registration whose SystemId names no unit in SPOR"
    # The web service answers OK instead of §7.2.3's ERROR, and an upload naming the unit succeeds.
    breaks = frozenset({"SPOR-7.2.3-RESULT", "SPOR-3.2-UPLOAD"})

    def unit_known(self, system_id: str, registered: bool) -> bool:
        return True


class AcceptsUntrustedCertificate(SporBehaviour):
    name = "accepts-untrusted-certificate"
    deviation = "completes the TLS handshake with a client certificate from a CA it should not trust"
    breaks = frozenset({"SPOR-3.1-MTLS"})

    def accepts_untrusted_certificates(self) -> bool:
        return True


class LosesFellista(SporBehaviour):
    name = "loses-fellista"
    deviation = "stores an implausible registration but never lists it in the Fellista"
    breaks = frozenset({"SPOR-7.3-FELLISTA"})

    def fellista_reasons(self, registration: etree._Element) -> list[str]:
        return []


class UploadAlwaysLyckades(SporBehaviour):
    name = "upload-always-lyckades"
    deviation = 'says "Dataöverföringen lyckades" for an upload that failed (and stored nothing)'
    breaks = frozenset({"SPOR-3.2-UPLOAD"})

    def upload_feedback(self, failure: str | None) -> tuple[int, str]:
        return 200, LUCKADES


class NoWsdl(SporBehaviour):
    name = "no-wsdl"
    deviation = "does not publish the WSDL at the endpoint's ?wsdl address"
    breaks = frozenset({"SPOR-3.1-ENV"})

    def wsdl_published(self) -> bool:
        return False


def _registration_variables() -> dict[str, tuple[int, str]]:
    """Element → (position in the schema's `registration` sequence, type name)."""
    tree = etree.parse(str(schema.SCHEMA_PATH))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    sequence = tree.find(f"{xs}complexType[@name='registration']/{xs}sequence")
    elements = [] if sequence is None else list(sequence.iter(f"{xs}element"))
    return {
        _q(str(e.get("name"))): (position, str(e.get("type", "")).partition(":")[2])
        for position, e in enumerate(elements)
    }


_VARIABLES = _registration_variables()
_TIDPUNKT = {tag for tag, (_, kind) in _VARIABLES.items() if kind == "tidpunkt"}
