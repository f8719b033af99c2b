"""A SYSVAK written by someone else from the same document: correct, and different on the wire.

Not a fault profile: it `breaks` nothing. It decides everything as Dok 31 says, but writes
every detail the document leaves open the other way a careful implementer could – the
converse of the fault profiles. `tests/sysvak/test_sysvak_fault_profiles.py` requires the
SYSVAK features to pass against it with no failure and no warning, so a check that quietly
depends on how konform's own simulator spells things fails there.
"""

from __future__ import annotations

from lxml import etree

from konform.sysvak import codes
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.model import Ident, Valideringsmelding

#: Its own Valideringsmelding codes (Dok 31 §3.3: SYSVAK's list is a separate document).
CODES = {
    "SYSVAK-ID": "E101",
    "SYSVAK-3.7.1-HNR": "E102",
    "SYSVAK-3.5-UNIT": "E201",
    "SYSVAK-4.2-FULL": "E301",
}


class IndependentSysvak(SysvakBehaviour):
    name = "independent"
    deviation = (
        "none in substance: a correct SYSVAK written independently – Content-Type spelt "
        '"Content-Type: Text/XML; Charset=\\"UTF-8\\"", a lower-case XML declaration, refusals as HTTP '
        "422 with the reason in capitals and other words, a waiting message answered 202 with a "
        "note and an answer not yet there 204, its own Valideringsmelding codes, search cases in "
        "words, an H-nummer under 9032 returned as sent"
    )
    breaks = frozenset()

    def content_type(self) -> tuple[str, str]:
        return "Content-Type", 'Text/XML; Charset="UTF-8"'

    def serialize(self, root: etree._Element) -> bytes:
        return etree.tostring(root, encoding="utf-8", xml_declaration=True)

    def refusal(self, reason: str, status: int) -> tuple[int, str]:
        worded = reason.upper().replace("-", " ")
        return (422 if status == 400 else status), f"MELDINGEN ER AVVIST. ÅRSAK: {worded}\r\n"

    def waiting(self) -> tuple[int, str]:
        return 202, "Meldingen er mottatt og venter på prosessering.\n"

    def not_yet(self, msg_id: str) -> tuple[int, str]:
        return 204, ""

    def validation_code(self, requirement: str) -> str:
        return CODES.get(requirement, "E999")

    def search_case(self, hits: int, shown: int) -> tuple[Valideringsmelding, ...]:
        info = Valideringsmelding.info
        if hits == 0:
            return (info("S000", "Ingen treff."),)
        if hits == 1:
            return (info("S001", "Ett treff, vaksinasjonsstatus vises."),)
        many = info("S002", f"Flere treff ({hits}): bare persondata vises.")
        if shown < hits:
            return many, info("S003", f"Svaret er begrenset til {shown} personer.")
        return (many,)

    def returned_ident(self, sent: Ident | None, linked: Ident | None) -> Ident | None:
        if linked is None and sent is not None and sent.oid == codes.OID_PERSON_ID_TYPES:
            return sent  # §3.7.1 forbids an H-nummer under 8327 only; under 9032 it may come back
        return linked
