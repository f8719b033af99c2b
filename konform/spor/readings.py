"""konform's readings of "Integration mot SPOR 4.1": where a SPOR check goes beyond the guide's words.

Each reading is one sentence. A check that rests on one passes it as `reading=` (a
NonConformance through `konform.checks.require`, or a `Finding`): under lenient readings
its failure is a warning that names the reading, under strict readings it fails. The
catalogue row of the requirement marks the same part "(konform)" or "(interp.)".
"""

from __future__ import annotations

from lxml import etree

from konform.identifiers import se_hsaid
from konform.spor import iso8601, schema

NS = schema.NS

# -- the web service's answers (§7.1, §7.2.3) ---------------------------------------------------

#: §7.1 forbids the sender to send empty tags; it does not say how SPOR answers one.
EMPTY_REFUSED = (
    "§7.1 tells the sender not to send empty XML tags but not how SPOR answers one; "
    "konform expects SPOR to refuse it rather than read it as a variable not recorded"
)
#: §7.1 "Max 64 siffror totalt".
HSA_CHARACTERS = "§7.1 says 'Max 64 siffror totalt'; konform reads it as 64 characters, not 64 digits"
#: §7.1 "anges enligt ISO 8601:2004", whose local times have no offset.
LOCAL_TIME_TAKEN = (
    "§7.1 gives date-times 'enligt ISO 8601:2004', which allows a local time without an offset; "
    "konform expects SPOR to take one"
)
#: §7.2.3 "resultText blir då tex: ..." gives the texts as examples.
RESULT_TEXT = (
    "§7.2.3 gives the resultText only as examples (\"tex\"): 'Skapade: <nr>', 'Uppdaterade: <nr>', "
    "'Systemet kunde inte ta emot registreringen: <nr> …'; konform expects those texts"
)
#: What a refusal's text says is not in the guide (except §7.2.2's own KVÅ example).
ANSWER_NAMES = (
    "the guide does not say what a refusal's text contains; konform expects it to name "
    "the behandlingsnummer or the value that was refused"
)
#: §7.2.2 and §3.2 show one answer per request or file.
WHOLE_REQUEST = (
    "the guide shows one answer per request and one message per file; konform reads a refused "
    "request or a failed upload as storing none of its registrations"
)
#: §3.2's failure message: "Dataöverföringen misslyckades: <anledning till fel>".
UPLOAD_REASON = "§3.2 shows '<anledning till fel>'; konform expects the reason to name the value that failed"
#: §3.1 and §7.2.1 on a client without any certificate.
NO_CERTIFICATE = (
    "§7.2.1 answers failed authentication with an SSL handshake failure; konform reads a client "
    "without a certificate as such a failure, never as an HTTP answer"
)
#: §3.1 lists the addresses; the WSDL's own soap:address is not described.
WSDL_ADDRESS = (
    "§3.1 lists the addresses, not the WSDL's content; konform expects the WSDL's soap:address "
    "to end in the documented path /spor/ws/4_1/RegistrationService"
)
#: §4 "mappning av variabler är korrekt gjord".
STORED_AS_SENT = (
    "§4 asks that the mapping of variables is verified; konform reads that as SPOR holding every "
    "uploaded registration exactly as it was sent"
)
#: §7.3's reason text is not given.
FELLISTA_REASON = "§7.3 shows no wording for the Fellista's reason; konform expects it to name the variable"

# -- a vendor's exports (§6, §7.1) ----------------------------------------------------------------

DATE_FORM = (
    "§7.1 gives dates and times 'enligt ISO 8601:2004'; konform reads them in the extended form of "
    "the guide's examples, 2022-04-13 and 2022-04-13T13:54:22+01:00"
)
OFFSET = (
    "§7.1's example carries an offset (2022-04-13T13:54:22+01:00) but ISO 8601:2004 allows local "
    "times; konform asks for an offset so the time is unambiguous"
)
FELLISTA_ORDER = (
    "§7.3's example is operationsslut before operationsstart; konform also expects the other times "
    "in the order they happen (310, 540, start, slut, 585, 800)"
)
NIGHTLY = "§6.1 says 'bör'; konform judges it on the export's exportTime (konform's schema) in its own offset"
INCLUSION = (
    "§6.2 says 'bör' and gives its conditions by example ('t.ex. variabel 310 är satt'); konform reads "
    "a treatment with one of 310, 410, 450 = Ja, 540, 585 or 800 set as one to export"
)
NOT_INCLUDED = (
    "§6.2 says 'bör' and gives its conditions by example; konform notes a registration that shows "
    "none of them (nor a planning, an operation time or 585)"
)
ABORTED = (
    "§6.4 updates the recommendation ('rekommendationerna') to trigger on 540 instead of 585; konform "
    "reads an aborted operation listed in --treatments as one to export"
)


def refusal(requirement: str, registration: etree._Element) -> str:
    """The reading a refusal of this breach rests on, or "" when the guide's words demand it."""
    if requirement == schema.NOEMPTY:
        return EMPTY_REFUSED
    if requirement == schema.HSA:
        value = registration.findtext(f"{{{NS}}}systemId") or ""
        if se_hsaid.SPOR_PATTERN.fullmatch(value) and sum(c.isdigit() for c in value) <= se_hsaid.MAX_LENGTH:
            return HSA_CHARACTERS
    if requirement == schema.DATES:
        _, typed = schema.types()
        values = [
            child.text or ""
            for child in registration
            if isinstance(child.tag, str) and typed.get(etree.QName(child).localname) in schema.DATE_TYPES
        ]
        if all(iso8601.is_date_or_time(value) for value in values):
            return DATE_FORM
    return ""
