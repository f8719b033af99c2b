"""SokRequest against FolkeregisterFHI (§5): criteria with AND, and what may be disclosed (§5.1.2)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from konform.identifiers import no_fodselsnummer
from konform.identifiers.exceptions import ValidationError
from konform.sysvak import codes
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.model import (
    Adresse,
    Bostedsomrade,
    FregPerson,
    Ident,
    Kriterier,
    NavnSok,
    Person,
    UtenIdent,
)

_FOLDS = str.maketrans({"æ": "ae", "ø": "o", "å": "aa"})


def _fold(text: str) -> str:
    """For LignerPa: case, accents and the Norwegian letters folded away."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(c for c in decomposed if c.isalnum())


def name_matches(value: str | None, search: NavnSok) -> bool:
    if value is None:
        return False
    if search.operator == "BegynnerMed":
        return value.casefold().startswith(search.verdi.casefold())
    if search.operator == "LignerPa":
        return _fold(value) == _fold(search.verdi)
    return value.casefold() == search.verdi.casefold()


def area_of(person: FregPerson) -> Bostedsomrade:
    """The person's fylke, kommune and bydel, the missing levels filled from the lower ones."""
    area = person.bostedsomrade or Bostedsomrade()
    kommune = area.kommune or (area.bydel[:4] if area.bydel else None)
    if kommune is None and person.adresse is not None:
        kommune = codes.POSTNUMMER.get(person.adresse.postnummer, ("", None))[1]
    fylke = area.fylke or (kommune[:2] if kommune else None)
    return Bostedsomrade(fylke, kommune, area.bydel)


def criteria(person: FregPerson, wanted: Kriterier) -> Iterator[bool]:
    """One verdict per criterion given (§5.2: no check of their consistency)."""
    if wanted.person_ident is not None:
        yield person.ident == wanted.person_ident.id
    if wanted.navn is not None:
        yield any(name_matches(n, wanted.navn) for n in (person.fornavn, person.mellomnavn, person.etternavn))
    for part in ("fornavn", "mellomnavn", "etternavn"):
        search = getattr(wanted, part)
        if search is not None:
            yield name_matches(getattr(person, part), search)
    if wanted.fodselsdato is not None:
        yield person.fodselsdato.isoformat().startswith(wanted.fodselsdato)
    if wanted.kjonn is not None:
        yield person.kjonn == wanted.kjonn
    if wanted.bostedsomrade is not None:
        held = area_of(person)
        for level in ("fylke", "kommune", "bydel"):
            if getattr(wanted.bostedsomrade, level) is not None:
                yield getattr(held, level) == getattr(wanted.bostedsomrade, level)
    if wanted.postnummer is not None:
        yield person.adresse is not None and person.adresse.postnummer == wanted.postnummer


def hits(persons: list[FregPerson], wanted: Kriterier, behaviour: SysvakBehaviour) -> list[FregPerson]:
    """§5.1, §5.2: the searchable persons that meet the criteria, in the register's order."""
    return [p for p in persons if behaviour.searchable(p) and behaviour.combine(list(criteria(p, wanted)))]


def as_freg(ident: str, known: UtenIdent | None) -> FregPerson | None:
    """A row of the table of vaksinander uten ident dressed as a person (only a broken SYSVAK returns it)."""
    if known is None:
        try:
            return FregPerson(ident=ident, fodselsdato=no_fodselsnummer.get_birth_date(ident))
        except ValidationError:
            return None
    return FregPerson(
        ident=ident,
        fodselsdato=known.fodselsdato,
        fornavn=known.fornavn,
        etternavn=known.etternavn,
        kjonn=known.kjonn,
        bostedsomrade=known.bostedsomrade,
    )


def person_out(person: FregPerson, behaviour: SysvakBehaviour) -> Person:
    """A person as SokResponse carries it: the newest data (§3.4), no confidential address (§5.1.2)."""
    data = behaviour.person_data(person)
    adresse = Adresse(data.adresse, area_of(data)) if behaviour.shows_address(data) else None
    return Person(
        ident=Ident.person(data.ident, data.number_type),
        fornavn=data.fornavn,
        mellomnavn=data.mellomnavn,
        etternavn=data.etternavn,
        fodselsdato=data.fodselsdato,
        kjonn=data.kjonn,
        status=data.status,
        adresse=adresse,
    )
