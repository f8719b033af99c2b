"""konform's readings of the LAR service guide: where a check goes beyond the guide's words.

Each is one sentence, named by a short key. A provider check passes it as `reading=` to
`konform.checks.require` (a warning unless `--readings strict`), a rule as
`Finding(reading=…)`; a feature marks the step with "(konform's reading: <key>)". The
catalogue rows (LAR-*) and docs/lar.md mark the same parts "(konform)".
"""

from __future__ import annotations

READINGS = {
    # How LAR refuses a request: the guide lists NotValidData and asks for a statusText "med
    # uddybende beskrivelse af evt. fejl" (§4.1.2), nothing more.
    "not-valid-data": (
        "a request LAR refuses for its data is answered HTTP 200 with statusCode NotValidData, not "
        "with a SOAP fault (the guide lists NotValidData but does not say a refusal is never a fault)"
    ),
    "names-field": (
        "the refusal's statusText (or fault string) names the field it rejects, in any case (the guide "
        "asks only for 'uddybende beskrivelse af evt. fejl')"
    ),
    "duplicate": (
        "RegisterPatientAllergy with an identifier LAR already holds is refused (the guide says only "
        "that UpdatePatientAllergy's identifier must exist)"
    ),
    "schema": (
        "a body outside konform's schema – an element the guide's tables do not list, an "
        "onsetDateTime that is no xs:dateTime – is refused (the guide publishes no schema)"
    ),
    "reply-schema": (
        "the reply follows konform's XSD, designed from the guide's tables (LAR publishes no schema)"
    ),
    "serverity": (
        "the §4.1.1 table's 'reaction.serverity' is a misspelling of the examples' severity (erratum), "
        "so an element spelt serverity is refused"
    ),
    "cpr": (
        "LAR refuses a patient code that is no CPR-nummer (an impossible birth date); the guide says "
        "the code is the CPR number, not that LAR checks it"
    ),
    "substance": (
        "a substance is coded in ATC: the guide says its system 'kan være oid for ATC kode' and names "
        "no other, so a substance in another §4.3 system (CPR, SOR, autorisationskode, SKS, drug id) "
        "is refused"
    ),
    "code-structure": (
        "an ATC code is complete (e.g. N02BE01) and a SOR code is 1-18 digits; a warning only, the "
        "guide's own examples use ATC code 648005 and SOR codes 1234567890 and 12345"
    ),
    "versions": (
        "versions are numbered 1, 2, 3 …: the guide's examples register version 1 and update from it, "
        "but the guide does not say how versions are numbered"
    ),
    "consent": (
        "a patient's negative consent gives NegativeConsent and no allergies, data-specific consent "
        "SuccessButDataSpecificConsent without the withheld ones, and consentOverride (værdispring) "
        "Success with all of them (the guide lists the codes, not when each is answered)"
    ),
    "minlog": (
        "LAR logs every read in MinLog, a værdispring as one (the guide names MinLogTechnicalError "
        "but not what LAR logs)"
    ),
    "outages": (
        "a back end that does not answer gives its own status code and no data – BRS "
        "TreatmentRelationTechhnicalError, the consent service SamtykkeTechnicalError, MSB "
        "MsbTechnicalError, CAVE ProblemCallingCave (nothing stored), MinLog MinLogTechnicalError "
        "(the guide lists the codes, not when each is answered)"
    ),
    "replay": (
        "a MessageID LAR has already seen within the ID card's lifetime is refused with the DGWS "
        "fault processing_problem (neither the guide nor konform's DGWS sources say what a repeat gets)"
    ),
}


class UnknownReading(KeyError):
    """A feature names a reading konform does not define."""


def reading(key: str | None) -> str:
    """The sentence of reading `key`; "" for None (the check rests on the guide's words)."""
    if not key:
        return ""
    try:
        return READINGS[key]
    except KeyError:
        raise UnknownReading(f"unknown LAR reading {key!r}; known: {', '.join(sorted(READINGS))}") from None
