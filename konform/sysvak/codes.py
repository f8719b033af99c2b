"""SYSVAK's message types (Dok 31 §3.1, §3.6.1), code list OIDs (§3.5, §3.7.1) and our code lists.

Volven's real lists are not in Dok 31 (§1.4); the values below are konform's sample of
them, enough to exercise the rules. Dok 31 names the lists 9051 (ID-typer for
organisatoriske enheter), 8327 (offisiell personidentifikasjon) and 9032 (type
personidentifikasjon); the vaccine codes, reasons and geography are ours.

The rules and the simulator read the lists in use (`active()`, `codes_of()`): the sample,
or real lists loaded from files (`konform.sysvak.code_lists`, `install()`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from konform.msghead import VOLVEN

OID_ORG_ID_TYPES = VOLVEN + "9051"
OID_OFFICIAL_PERSON_ID = VOLVEN + "8327"
OID_PERSON_ID_TYPES = VOLVEN + "9032"


@dataclass(frozen=True)
class MessageType:
    """An incoming message type, the payload element it carries and the answer it gets (§3.1)."""

    code: str
    payload: str
    response_code: str
    response_payload: str


#: §3.6.1; the standard spells the Hendelse answer HENDELESERESPONSE, and so do we.
MESSAGE_TYPES = {
    "HENDELSEREQUEST": MessageType(
        "HENDELSEREQUEST", "HendelseRequest", "HENDELESERESPONSE", "HendelseResponse"
    ),
    "SOKREQUEST": MessageType("SOKREQUEST", "SokRequest", "SOKRESPONSE", "SokResponse"),
    "KODEVERKREQUEST": MessageType(
        "KODEVERKREQUEST", "KodeverkRequest", "KODEVERKRESPONSE", "KodeverkResponse"
    ),
}
RESPONSE_TYPES = {t.response_code: t for t in MESSAGE_TYPES.values()}

ORG_ID_TYPES = {
    "HER": "HER-id",
    "ENH": "Organisasjonsnummeret i Enhetsregisteret",
    "RSH": "RESH-id",
    "INST": "SYSVAKs institusjonskatalog",  # §3.5.1: the catalogue has its own code; its value is ours
}
OFFICIAL_PERSON_ID_TYPES = {"FNR": "Fødselsnummer", "DNR": "D-nummer"}
PERSON_ID_TYPES = {**OFFICIAL_PERSON_ID_TYPES, "HNR": "H-nummer"}
KJONN = {"1": "Mann", "2": "Kvinne", "9": "Ikke spesifisert"}

DEAD = "død"
REGISTER_STATUSES = ("bosatt", "utflyttet", "utvandret", DEAD)
#: §5.1.2 point 4: no address information is returned for these address types.
CONFIDENTIAL_ADDRESS_TYPES = frozenset(
    {"Sperret adresse, fortrolig", "Sperret adresse, strengt fortrolig", "Klientadresse"}
)
ORDINARY_ADDRESS = "Bostedsadresse"

#: Vaccine code → (name, in the childhood programme). §2.2: only non-programme vaccines can be reserved.
VAKSINER: dict[str, tuple[str, bool]] = {
    "DTP-IPV-HIB-HEPB": ("Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B", True),
    "PCV": ("Pneumokokk", True),
    "ROTA": ("Rotavirus", True),
    "MMR": ("Meslinger, kusma og røde hunder", True),
    "DTP-IPV": ("Difteri, stivkrampe, kikhoste og polio", True),
    "HPV": ("Humant papillomavirus", True),
    "BCG": ("Tuberkulose", False),
    "HEPA": ("Hepatitt A", False),
    "TBE": ("Skogflått-encefalitt", False),
    "VARICELLA": ("Vannkopper", False),
    "INFLUENSA": ("Influensa", False),
}
PROGRAMME = frozenset(code for code, (_, programme) in VAKSINER.items() if programme)

ARSAKER = {
    "MK": "Medisinsk kontraindikasjon",
    "FN": "Foresatte ønsker ikke vaksinering",
    "IM": "Immun etter gjennomgått sykdom",
}

FYLKER = {"03": "Oslo", "46": "Vestland", "50": "Trøndelag"}
KOMMUNER = {"0301": "Oslo", "4601": "Bergen", "5001": "Trondheim"}
BYDELER = {"030101": "Gamle Oslo", "030102": "Grünerløkka", "030103": "Sagene", "460101": "Arna"}
#: Postnummer → (poststed, kommune).
POSTNUMMER = {
    "0150": ("OSLO", "0301"),
    "0182": ("OSLO", "0301"),
    "0550": ("OSLO", "0301"),
    "5003": ("BERGEN", "4601"),
    "5260": ("INDRE ARNA", "4601"),
    "7010": ("TRONDHEIM", "5001"),
}


@dataclass(frozen=True)
class CodeList:
    """A code list SYSVAK hands out on request (§6): id, name and codes, always flat."""

    id: str
    name: str
    codes: tuple[tuple[str, str], ...]
    oid: str | None = None
    #: For vaccine codes: those in the childhood programme (§2.2); None when the list says nothing.
    programme: frozenset[str] | None = None


def _volven(number: str, name: str, codes: dict[str, str]) -> CodeList:
    return CodeList(number, name, tuple(codes.items()), VOLVEN + number)


#: §6.1: bostedsområder are a tree in the world (fylke ⊃ kommune ⊃ bydel) and flat in SYSVAK's answer.
CODE_LISTS: dict[str, CodeList] = {
    c.id: c
    for c in (
        _volven("9051", "ID-typer for organisatoriske enheter", ORG_ID_TYPES),
        _volven("8327", "Offisiell personidentifikasjon", OFFICIAL_PERSON_ID_TYPES),
        _volven("9032", "Type personidentifikasjon", PERSON_ID_TYPES),
        CodeList(
            "vaksinekoder",
            "Vaksinekoder i SYSVAK",
            tuple((k, v[0]) for k, v in VAKSINER.items()),
            programme=PROGRAMME,
        ),
        CodeList("arsaker", "Årsak til manglende vaksinering", tuple(ARSAKER.items())),
        CodeList("kjonn", "Kjønn", tuple(KJONN.items())),
        CodeList("bostedsomrader", "Bostedsområder", tuple({**FYLKER, **KOMMUNER, **BYDELER}.items())),
    )
}


_active: dict[str, CodeList] = dict(CODE_LISTS)


def active() -> dict[str, CodeList]:
    """The code lists in use, by id: the sample, with any loaded list in place of its namesake."""
    return dict(_active)


def install(lists: Mapping[str, CodeList]) -> None:
    """Use `lists` in place of the lists with the same ids (the others stay)."""
    _active.update(lists)


def reset() -> None:
    """Back to konform's sample."""
    _active.clear()
    _active.update(CODE_LISTS)


@contextmanager
def installed(lists: Mapping[str, CodeList]) -> Iterator[None]:
    """The lists in use inside the block; what was in use before, after it."""
    before = dict(_active)
    install(lists)
    try:
        yield
    finally:
        _active.clear()
        _active.update(before)


def codes_of(list_id: str) -> dict[str, str]:
    """Code → name of the list in use with this id (empty when there is none)."""
    found = _active.get(list_id)
    return dict(found.codes) if found else {}


def programme() -> frozenset[str]:
    """§2.2: the vaccines of the childhood programme, as the vaccine list in use marks them."""
    found = _active.get("vaksinekoder")
    if found is None or found.programme is None:
        return PROGRAMME & frozenset(codes_of("vaksinekoder"))
    return found.programme


def code_list(identifier: str) -> CodeList | None:
    """The code list in use named by its id or, for a Volven list, by its full OID."""
    found = _active.get(identifier.strip())
    return found or next((c for c in _active.values() if c.oid == identifier.strip()), None)


def parent_code(code: str) -> str | None:
    """The code one level up in the geography (kommune of a bydel, fylke of a kommune)."""
    return code[:-2] if len(code) in (4, 6) else None


#: Valideringsmelding codes konform's simulator answers with, by requirement or event (ours, §3.3).
VALIDATION_CODES = {
    "SYSVAK-ID": "ID_UGYLDIG",
    "SYSVAK-3.7.1-HNR": "HNR_OFFISIELL",
    "SYSVAK-3.5-UNIT": "ENHET_IDTYPE",
    "SYSVAK-4.2-FULL": "HENDELSE_UFULLSTENDIG",
    "SCHEMA": "SKJEMA",
}
