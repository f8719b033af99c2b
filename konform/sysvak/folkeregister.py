"""FolkeregisterFHI, the register's copy of the population register (§3.4): an internal subsystem.

The control API can take it down; every read then raises SubsystemDown, which the
mottak treats as an unforeseen failure (§3.2) and keeps the message for later.
"""

from __future__ import annotations

from konform.sysvak.model import FregPerson, UtenIdent
from konform.sysvak.state import Store


class SubsystemDown(Exception):
    """An internal subsystem of SYSVAK is unavailable (an unforeseen failure, §3.2)."""


class Folkeregister:
    """Reads of FolkeregisterFHI that fail while the subsystem is down."""

    name = "FolkeregisterFHI"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.available = True

    def _check(self) -> None:
        if not self.available:
            raise SubsystemDown(f"{self.name} is not available")

    def person(self, ident: str) -> FregPerson | None:
        self._check()
        return self.store.person(ident)

    def persons(self) -> list[FregPerson]:
        self._check()
        return self.store.persons()

    def find(self, known: UtenIdent) -> FregPerson | None:
        """§4.1 point 1: the one person who fits what is known of a vaksinand, if exactly one does.

        A birth date alone links nobody: a name or an omsorgsperson must fit as well.
        """
        if not (known.fornavn or known.etternavn or known.omsorgspersoner):
            return None
        guardians = {g.id for g in known.omsorgspersoner}
        hits = [
            person
            for person in self.persons()
            if person.fodselsdato == known.fodselsdato
            and _same(known.fornavn, person.fornavn)
            and _same(known.etternavn, person.etternavn)
            and (known.kjonn is None or person.kjonn in (None, known.kjonn))
            and (not guardians or bool(guardians & set(person.omsorgspersoner)))
        ]
        return hits[0] if len(hits) == 1 else None


def _same(sent: str | None, held: str | None) -> bool:
    return sent is None or (held or "").casefold() == sent.casefold()
