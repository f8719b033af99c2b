"""SYSVAK's decisions as overridable methods, and fault profiles that each break one of them.

The correct behaviour follows Dok 31 and the catalogue's readings (REQUIREMENTS.md).
The fault profiles (``konform.sysvak.profiles``) each override one decision and name
the requirement IDs the feature suite must then fail on;
`tests/sysvak/test_sysvak_fault_profiles.py` holds every profile to exactly that set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from lxml import etree

from konform.checks import Finding
from konform.faults import Behaviour
from konform.msghead import build as mh
from konform.sysvak import codes
from konform.sysvak.model import FregPerson, Hendelse, Ident, Valideringsmelding

T = TypeVar("T")


class SysvakBehaviour(Behaviour):
    """SYSVAK as Dok 31 describes it."""

    #: The IDs among `breaks` that only checks resting on konform's reading catch: the suite
    #: fails on them under `--readings strict` and only warns under lenient readings.
    readings_only: ClassVar[frozenset[str]] = frozenset()

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        """§3.1, §3.3, §3.6, §3.7: the findings that stop a message (errors); the rest are passed on."""
        return [f for f in findings if f.severity == "error"]

    def defers(self) -> bool:
        """§3.2: an unforeseen failure keeps the message for later; no error is answered."""
        return True

    def order(self, pending: Sequence[T]) -> list[T]:
        """§3.6.3: the message that reached the mottak first is processed first."""
        return list(pending)

    def response_type(self, kind: codes.MessageType) -> str:
        """§3.6.1: the answer's MsgInfo/Type, with the standard's own spelling HENDELESERESPONSE."""
        return kind.response_code

    def conversation_ref(self, incoming: str, outgoing: str) -> tuple[str, str]:
        """§3.6.4: RefToParent and RefToConversation both name the incoming MsgId."""
        return incoming, incoming

    def encoding(self) -> str:
        """§3.7.3: every message is UTF-8."""
        return "UTF-8"

    def echo_unit(self, unit: Ident, sender: Ident | None) -> Ident:
        """§3.5.2: the answer reflects the health unit of the incoming message (not its MsgHead sender)."""
        return unit

    def identity(self, hendelse: Hendelse) -> tuple[object, ...]:
        """§4.2: with the vaksinand, (type, konsultasjonsdato, vaksinekode) identify a hendelse."""
        return hendelse.identity

    def deletes_physically(self) -> bool:
        """§4.2: a deletion only marks the hendelse slettet."""
        return False

    def merge(self, stored: Hendelse | None, sent: Hendelse) -> Hendelse:
        """§4.2: a change carries the whole hendelse, which replaces what was stored."""
        return sent

    def matches_uten_ident(self) -> bool:
        """§4.1: a vaksinand without ident is matched against the table so no duplicate is made."""
        return True

    def refuses_reserved(self, programme: bool) -> bool:
        """§2.2: a reservation holds for vaccines outside the childhood programme only."""
        return not programme

    def searchable(self, person: FregPerson) -> bool:
        """§5.1: persons whose status is "død" are never returned."""
        return person.status != codes.DEAD

    def searches_uten_ident(self) -> bool:
        """§5.1.1: search runs against FolkeregisterFHI only, never the table of vaksinander uten ident."""
        return False

    def combine(self, criteria: Sequence[bool]) -> bool:
        """§5.2: AND between every criterion given."""
        return all(criteria)

    def discloses_status(self, hits: int) -> bool:
        """§5.1.2: vaksinasjonsstatus only for a search with exactly one hit."""
        return hits == 1

    def shows_address(self, person: FregPerson) -> bool:
        """§5.1.2 point 4: no address for the three confidential address types."""
        return person.adressetype not in codes.CONFIDENTIAL_ADDRESS_TYPES

    def searchable_events(self, events: Sequence[Hendelse]) -> list[Hendelse]:
        """§5, §4.2: deleted hendelser are returned too, with HendelseAksjon "slettet"."""
        return list(events)

    def person_data(self, current: FregPerson) -> FregPerson:
        """§3.4: person data are read from FolkeregisterFHI by key, always the newest."""
        return current

    def registered(self, person: FregPerson) -> None:
        """Called when a hendelse is stored for a person in FolkeregisterFHI (nothing is copied)."""

    def finish(self, payload: etree._Element) -> etree._Element:
        """§6.1: the answer's payload as written (a code list stays flat)."""
        return payload

    def forget(self) -> None:
        """Drop anything the behaviour itself remembers (on a reset of the simulator)."""

    # -- how the answers are written: the wire, where Dok 31 fixes nothing -------------------------
    def content_type(self) -> tuple[str, str]:
        """The answer's Content-Type field (name as sent, value)."""
        return "content-type", f"application/xml; charset={self.encoding().lower()}"

    def serialize(self, root: etree._Element) -> bytes:
        """The answer MsgHead as bytes, with its XML declaration."""
        return mh.serialize(root, encoding=self.encoding())

    def refusal(self, reason: str, status: int) -> tuple[int, str]:
        """A message SYSVAK cannot take at all: HTTP status and text reason (konform's transport)."""
        return status, f"SYSVAK: {reason}\n"

    def waiting(self) -> tuple[int, str]:
        """§3.2: the reply to a message that waits – taken, and no answer yet."""
        return 202, ""

    def not_yet(self, msg_id: str) -> tuple[int, str]:
        """The reply to a request for an answer that does not exist yet."""
        return 404, f"SYSVAK: message {msg_id!r} has not been processed yet\n"

    def validation_code(self, requirement: str) -> str:
        """§3.3: the Valideringsmelding code for a finding (SYSVAK's list is a separate document)."""
        return codes.VALIDATION_CODES.get(requirement, "SKJEMA")

    def search_case(self, hits: int, shown: int) -> tuple[Valideringsmelding, ...]:
        """§5.1.2: the Behandlingsresultat names which case of a search applied."""
        info = Valideringsmelding.info
        if hits == 0:
            return (info("INGEN_TREFF", "Søket ga ingen treff i FolkeregisterFHI"),)
        if hits == 1:
            return (info("ETT_TREFF", "Søket ga ett treff; vaksinasjonsstatus er utlevert"),)
        many = info("FLERE_TREFF", f"Søket ga {hits} treff; vaksinasjonsstatus utleveres ikke")
        if shown < hits:
            return many, info("BEGRENSET", f"Bare de {shown} første av {hits} personer er returnert")
        return (many,)

    def returned_ident(self, sent: Ident | None, linked: Ident | None) -> Ident | None:
        """§4.1: the fødselsnummer/D-nummer SYSVAK linked the vaksinand to, returned in the answer."""
        return linked


# The fault profiles and the independently written variant subclass SysvakBehaviour; importing
# them here makes `profiles()` see them all.
from konform.sysvak import independent as independent  # noqa: E402
from konform.sysvak import profiles as profiles  # noqa: E402
