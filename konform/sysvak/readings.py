"""Where konform's SYSVAK checks go beyond the words of Dok 31: each reading in one sentence.

A check that rests on one of these passes it as `reading=` (konform.checks.require): it
fails a run only under `--readings strict`, otherwise it is a warning naming the reading.
Everything else the SYSVAK features check is the document's text; the catalogue row of
each requirement marks the same parts "(interp.)" or "(konform)".
"""

from __future__ import annotations

#: Dok 31 fixes no wording for a refusal or a Valideringsmelding.
NAMING = (
    "Dok 31 gives no wording for a refusal: konform expects its reason to name the element or "
    "rule at fault (any case, any spelling of separators)"
)

#: Requirements whose refusal of a message is konform's reading, not a rule of Dok 31.
REFUSAL = {
    "SYSVAK-2.2-RESERVE": (
        "Dok 31 §2.2 lets guardians reserve against vaccines outside the programme but says neither "
        "how a reservation reaches SYSVAK nor how SYSVAK answers a registration it covers: konform "
        "reads it as a refusal (Behandlingsresultat avvist) that stores nothing"
    ),
    "SYSVAK-4.2-FULL": (
        "Dok 31 §4.2 asks for every required field, but its type tables are lost: that a "
        "Vaksinasjon requires Batchnummer is konform's schema"
    ),
    "SYSVAK-6-KODEVERK": (
        "Dok 31 §6 does not say how SYSVAK answers a request for a code list it does not have: "
        "konform reads it as a refusal (Behandlingsresultat avvist)"
    ),
}

#: What a search or register view shows after a refusal that rests on a reading.
STORED = {
    "SYSVAK-2.2-RESERVE": REFUSAL["SYSVAK-2.2-RESERVE"],
    "SYSVAK-4.2-FULL": REFUSAL["SYSVAK-4.2-FULL"],
}

SAME_ANSWER = (
    "Dok 31 §3.1 gives one answer per incoming message; konform reads a message sent again with "
    "the same MsgId as the same message, which gets the same answer (the same answer MsgId)"
)

AKSJON = (
    "konform's schema: the HendelseResponse carries the hendelse with HendelseAksjon ny, endret or "
    "slettet, saying whether SYSVAK took it as new, as a change or as a deletion (§4.2 says only "
    "that SYSVAK decides)"
)

SEARCH_CASE = (
    "Dok 31 §5.1.2 says the Behandlingsresultat informs which case applied but publishes no codes: "
    "konform looks for the case's words (ingen treff, ett treff, flere treff, begrenset) in an "
    "informasjon Valideringsmelding's code or text"
)

NO_IDENT_RETURNED = (
    "Dok 31 §4.1 says SYSVAK returns the fødselsnummer/D-nummer it linked the vaksinand to; "
    "konform reads it as: no VaksinandIdent when SYSVAK linked none"
)

ANSWER_HEAD = (
    "Dok 31 §3.6.2 lists the elements of incoming messages; konform holds SYSVAK's answers to the "
    "same list (MsgHead v1.2 requires them too)"
)

CHARSET = (
    "the HTTP transport is konform's: a Content-Type charset parameter overrides the XML "
    "declaration (RFC 7303), so when the field names a charset it must be UTF-8"
)

NAMESPACE = "the SYSVAK namespace is konform's schema (FHI's XSDs are not public)"

CODE_SAMPLE = (
    "Dok 31 §1.4 leaves the code lists to Volven: which codes a list holds is konform's sample "
    "(or the lists loaded with --code-lists)"
)
