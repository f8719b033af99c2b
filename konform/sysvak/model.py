"""SYSVAK's messages as data (Dok 31 §4–§7): identifications, hendelser, persons, results."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from konform.sysvak import codes

Kind = Literal["Vaksinasjon", "ManglendeVaksinering"]
KINDS: tuple[Kind, ...] = ("Vaksinasjon", "ManglendeVaksinering")
NY, ENDRET, SLETTET = "ny", "endret", "slettet"


@dataclass(frozen=True)
class Ident:
    """Id and TypeId (V, S): a unit's under 9051, a person's under 8327 or 9032."""

    id: str
    type: str
    oid: str | None = None

    @classmethod
    def unit(cls, id: str, type: str = "HER") -> Ident:
        return cls(id, type, codes.OID_ORG_ID_TYPES)

    @classmethod
    def person(cls, id: str, type: str = "FNR", oid: str = codes.OID_OFFICIAL_PERSON_ID) -> Ident:
        return cls(id, type, oid)


@dataclass(frozen=True)
class Hendelse:
    """A vaksinasjon or a manglende vaksinering (Tabell 13–15)."""

    kind: Kind
    konsultasjonsdato: date
    vaksinekode: str
    aksjon: str = NY
    merknad: str | None = None
    batchnummer: str | None = None
    dosenummer: int | None = None
    arsak: str | None = None

    @property
    def identity(self) -> tuple[Kind, date, str]:
        """§4.2: with the vaksinand, what makes a hendelse the same hendelse."""
        return (self.kind, self.konsultasjonsdato, self.vaksinekode)

    def with_aksjon(self, aksjon: str) -> Hendelse:
        return replace(self, aksjon=aksjon)

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "konsultasjonsdato": self.konsultasjonsdato.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Hendelse:
        return cls(**{**data, "konsultasjonsdato": date.fromisoformat(data["konsultasjonsdato"])})


@dataclass(frozen=True)
class Bostedsomrade:
    fylke: str | None = None
    kommune: str | None = None
    bydel: str | None = None


@dataclass(frozen=True)
class Gateadresse:
    adresselinje: str
    postnummer: str
    poststed: str | None = None


@dataclass(frozen=True)
class Adresse:
    gateadresse: Gateadresse | None = None
    bostedsomrade: Bostedsomrade | None = None


@dataclass(frozen=True)
class UtenIdent:
    """What a sender knows of a vaksinand without fødselsnummer/D-nummer (Tabell 4)."""

    fodselsdato: date
    fornavn: str | None = None
    mellomnavn: str | None = None
    etternavn: str | None = None
    kjonn: str | None = None
    bostedsomrade: Bostedsomrade | None = None
    omsorgspersoner: tuple[Ident, ...] = ()


@dataclass(frozen=True)
class Vaksinand:
    """Tabell 3: an identification, what is known without one, or both."""

    ident: Ident | None = None
    uten_ident: UtenIdent | None = None


@dataclass(frozen=True)
class Person:
    """A person as SYSVAK returns it from FolkeregisterFHI (Tabell 16)."""

    ident: Ident
    fornavn: str | None = None
    mellomnavn: str | None = None
    etternavn: str | None = None
    fodselsdato: date | None = None
    kjonn: str | None = None
    status: str | None = None
    adresse: Adresse | None = None


@dataclass(frozen=True)
class NavnSok:
    verdi: str
    operator: str = "ErLik"


@dataclass(frozen=True)
class Kriterier:
    """SokRequest's criteria (Tabell 5); every one given must hold (§5.2)."""

    person_ident: Ident | None = None
    navn: NavnSok | None = None
    fornavn: NavnSok | None = None
    mellomnavn: NavnSok | None = None
    etternavn: NavnSok | None = None
    fodselsdato: str | None = None
    kjonn: str | None = None
    bostedsomrade: Bostedsomrade | None = None
    postnummer: str | None = None

    def given(self) -> bool:
        return any(value is not None for value in self.__dict__.values())


@dataclass(frozen=True)
class Valideringsmelding:
    kode: str
    alvorlighetsgrad: str  # feil | advarsel | informasjon
    beskrivelse: str
    element: str | None = None

    @classmethod
    def info(cls, kode: str, beskrivelse: str) -> Valideringsmelding:
        return cls(kode, "informasjon", beskrivelse)


@dataclass(frozen=True)
class Behandlingsresultat:
    status: str  # akseptert | avvist
    meldinger: tuple[Valideringsmelding, ...] = ()

    def codes(self, alvorlighetsgrad: str | None = None) -> list[str]:
        return [m.kode for m in self.meldinger if alvorlighetsgrad in (None, m.alvorlighetsgrad)]


@dataclass(frozen=True)
class HendelseRequest:
    unit: Ident
    vaksinand: Vaksinand
    hendelse: Hendelse


@dataclass(frozen=True)
class SokRequest:
    unit: Ident
    kriterier: Kriterier


@dataclass(frozen=True)
class KodeverkRequest:
    unit: Ident
    kodeverk_id: str


@dataclass(frozen=True)
class HendelseResponse:
    unit: Ident | None
    resultat: Behandlingsresultat
    vaksinand_ident: Ident | None = None
    hendelse: Hendelse | None = None


@dataclass(frozen=True)
class Treff:
    """One vaksinand of a SokResponse: the person and, for a single hit, the hendelser."""

    person: Person
    hendelser: tuple[Hendelse, ...] = ()


@dataclass(frozen=True)
class SokResponse:
    unit: Ident | None
    resultat: Behandlingsresultat
    treff: tuple[Treff, ...] = ()


@dataclass(frozen=True)
class Kodeverk:
    id: str
    navn: str
    koder: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class KodeverkResponse:
    unit: Ident | None
    resultat: Behandlingsresultat
    kodeverk: Kodeverk | None = None


Request = HendelseRequest | SokRequest | KodeverkRequest
Response = HendelseResponse | SokResponse | KodeverkResponse


@dataclass(frozen=True)
class FregPerson:
    """A person in FolkeregisterFHI, the population register copy (§3.4), as the control API takes it."""

    ident: str
    fodselsdato: date
    fornavn: str | None = None
    mellomnavn: str | None = None
    etternavn: str | None = None
    kjonn: str | None = None
    status: str = "bosatt"
    adressetype: str = codes.ORDINARY_ADDRESS
    adresse: Gateadresse | None = None
    bostedsomrade: Bostedsomrade | None = None
    omsorgspersoner: tuple[str, ...] = field(default_factory=tuple)

    @property
    def number_type(self) -> str:
        return "DNR" if int(self.ident[0]) >= 4 else "FNR"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            k: v for k, v in self.__dict__.items() if v is not None and k not in ("adresse", "bostedsomrade")
        }
        data["fodselsdato"] = self.fodselsdato.isoformat()
        data["omsorgspersoner"] = list(self.omsorgspersoner)
        if self.adresse is not None:
            data["adresse"] = dict(self.adresse.__dict__)
        if self.bostedsomrade is not None:
            data["bostedsomrade"] = dict(self.bostedsomrade.__dict__)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FregPerson:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["fodselsdato"] = date.fromisoformat(str(known["fodselsdato"]))
        known["omsorgspersoner"] = tuple(str(g) for g in known.get("omsorgspersoner", ()))
        if isinstance(known.get("adresse"), dict):
            known["adresse"] = Gateadresse(**known["adresse"])
        if isinstance(known.get("bostedsomrade"), dict):
            known["bostedsomrade"] = Bostedsomrade(**known["bostedsomrade"])
        return cls(**known)
