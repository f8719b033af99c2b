"""Which vaksinand a hendelse belongs to (Dok 31 §4.1), and the periodic re-identification.

By fødselsnummer/D-nummer when FolkeregisterFHI holds it; else by lookup in
FolkeregisterFHI on what the sender knows (name, birth date, omsorgsperson); else in the
table of vaksinander without fødselsnummer/D-nummer, matched so that no duplicate is
made. A valid number FolkeregisterFHI does not hold (yet) is kept in that table too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.folkeregister import Folkeregister
from konform.sysvak.identity import is_official, number_kind
from konform.sysvak.model import FregPerson, UtenIdent, Vaksinand, Valideringsmelding
from konform.sysvak.state import Store, fnr_key, uid_key

info = Valideringsmelding.info


@dataclass(frozen=True)
class Resolved:
    """Which vaksinand a hendelse belongs to: the register key, the number found (if any), what happened."""

    key: str
    number: str | None
    person: FregPerson | None
    note: Valideringsmelding


class Vaksinander:
    """The register's view of vaksinander: FolkeregisterFHI by key, and its own table without ident."""

    def __init__(
        self,
        store: Store,
        freg: Folkeregister,
        behaviour: Callable[[], SysvakBehaviour],
        now: Callable[[], str],
    ) -> None:
        self.store, self.freg, self._behaviour, self.now = store, freg, behaviour, now

    def resolve(self, vaksinand: Vaksinand) -> Resolved:
        """§4.1: the vaksinand by its number, by lookup in FolkeregisterFHI, or in the table without ident."""
        ident, known = vaksinand.ident, vaksinand.uten_ident
        if ident is not None and is_official(ident.type, ident.id):
            person = self.freg.person(ident.id)
            if person is not None:
                return Resolved(
                    fnr_key(ident.id),
                    ident.id,
                    person,
                    info("VAKSINAND_FOLKEREGISTER", "Vaksinanden finnes i FolkeregisterFHI"),
                )
        elif known is not None:
            person = self.freg.find(known)
            if person is not None:
                text = f"Vaksinanden er funnet i FolkeregisterFHI med {person.number_type} {person.ident}"
                return Resolved(
                    fnr_key(person.ident),
                    person.ident,
                    person,
                    info("VAKSINAND_FUNNET", text),
                )
        local = ident.id if ident is not None else None
        row = self.uten_ident_row(local, vaksinand)
        return Resolved(
            uid_key(row),
            None,
            None,
            info("VAKSINAND_UTEN_IDENT", "Vaksinanden er registrert uten fødselsnummer/D-nummer"),
        )

    def uten_ident_row(self, local: str | None, vaksinand: Vaksinand) -> int:
        """§4.1 point 2: the same vaksinand without ident again, or a new row; never a duplicate."""
        known = vaksinand.uten_ident
        if self._behaviour().matches_uten_ident():
            for row in self.store.uten_ident(unlinked_only=True):
                if local is not None and row.ident == local:
                    return row.id
                if (
                    local is None
                    and row.ident is None
                    and known is not None
                    and row.data is not None
                    and _alike(row.data, known)
                ):
                    return row.id
        return self.store.add_uten_ident(local, known, self.now())

    def reidentify(self) -> int:
        """§4.1: the periodic retry; vaksinander without ident that are now found are linked."""
        linked = 0
        for row in self.store.uten_ident(unlinked_only=True):
            person = None
            if row.ident is not None and is_official(number_kind(row.ident) or "", row.ident):
                person = self.freg.person(row.ident)
            if person is None and row.data is not None:
                person = self.freg.find(row.data)
            if person is not None:
                self.store.link(row.id, person.ident)
                linked += 1
        return linked


def _alike(held: UtenIdent, sent: UtenIdent) -> bool:
    fields = ("fodselsdato", "fornavn", "etternavn")
    return all(
        str(getattr(held, f) or "").casefold() == str(getattr(sent, f) or "").casefold() for f in fields
    )
