"""A correct SPOR written differently: the converse of the fault profiles.

Everything here is what a careful implementer reading "Integration mot SPOR 4.1" could
build, yet konform's own simulator does differently. The feature suite must pass it
with no failure (readings it words differently show only as warnings): the meta-test
`tests/spor/test_spor_fault_profiles.py` holds it to that.

- §3.2 "visas bara meddelandet": the upload answers with an HTML page in ISO-8859-1 that
  shows the message inside the page's layout, HTTP 200 also when the upload failed.
- HTTP header names in mixed case (`Content-Type`), as Java and .NET servers write them.
- §7.1 and §7.2.3: a registration that breaks one of §7.1's or §7.4's rules is answered
  with resultCode ERROR ("logiskt fel") in a 200 answer, not with §7.2.2's SOAP fault,
  which stays for what only the XML schema says (a KVÅ code, an unknown element).
- §7.2.3 "resultText blir då tex": its own wording of the result texts.
- §7.1 ISO 8601:2004: local times are taken and stored as sent (so is every registration:
  a resend that leaves variables out replaces the stored one, §6.5).
"""

from __future__ import annotations

import html

from lxml import etree

from konform.spor import schema
from konform.spor.behaviour import SporBehaviour

NS = schema.NS
#: The rules of §7.1 and §7.4 this SPOR answers with ERROR rather than a SOAP fault.
RULES = frozenset({schema.NOEMPTY, schema.DATES, schema.PNR, schema.HSA, schema.RMS})
PAGE = """<!DOCTYPE html>
<html lang="sv">
<head><meta charset="iso-8859-1"><title>SPOR - Filbaserad dataöverföring</title>
<style>.feedback {{ font-weight: bold; }}</style></head>
<body>
<header><a href="/spor/">SPOR</a> &rsaquo; Administration &rsaquo; Filbaserad dataöverföring</header>
<main>
<h1>Filbaserad dataöverföring</h1>
<div class="feedback">{message}</div>
<form method="post" enctype="multipart/form-data"><input type="file" name="fil"></form>
</main>
</body>
</html>
"""


class Independent(SporBehaviour):
    name = "independent"
    deviation = (
        "none: a correct SPOR written differently (an HTML upload page, mixed-case headers, "
        "ERROR for §7.1 breaches, its own result texts, local times taken)"
    )
    breaks = frozenset()

    def refuse(self, registrations: list[etree._Element]) -> dict[int, str]:
        refused = {}
        for position, registration in enumerate(registrations):
            violations = self.wire.violations(self.wire.to_wire(registration))
            if violations and all(violation.requirement in RULES for violation in violations):
                number = registration.findtext(f"{{{NS}}}behandlingsnummer") or "(utan behandlingsnummer)"
                first = violations[0]
                refused[position] = f"Registrering {number} avvisad, {first.element}: {first.message}"
        return refused

    def result_text(self, behandlingsnummer: str, created: bool) -> str:
        return f"Registrering {behandlingsnummer} {'skapad' if created else 'uppdaterad'}"

    def error_text(self, behandlingsnummer: str, why: str) -> str:
        return f"{why} (registrering {behandlingsnummer} togs inte emot)"

    def unknown_unit(self, system_id: str) -> str:
        return f"Okänd enhet i SystemId: {system_id}"

    def bad_identity(self, personnummer: str, problem: str) -> str:
        return f"Felaktigt personnummer/samordningsnummer {personnummer} ({problem})"

    def upload_feedback(self, failure: str | None) -> tuple[int, str]:
        _, message = super().upload_feedback(failure)
        return 200, message

    def upload_page(self, message: str) -> tuple[bytes, str]:
        page = PAGE.format(message=html.escape(message))
        return page.encode("iso-8859-1", "xmlcharrefreplace"), "text/html; charset=ISO-8859-1"

    def header_name(self, name: bytes) -> bytes:
        return b"-".join(part.capitalize() for part in name.split(b"-"))
