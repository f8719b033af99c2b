"""SYSVAK's fault profiles: each breaks one decision of SysvakBehaviour and names what it breaks.

`tests/sysvak/test_sysvak_fault_profiles.py` runs the SYSVAK features against every
profile and requires exactly its `breaks` to fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from lxml import etree

from konform.checks import Finding
from konform.sysvak import codes
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.model import SLETTET, FregPerson, Hendelse, Ident

T = TypeVar("T")


def _without(findings: Sequence[Finding], requirement: str) -> list[Finding]:
    return [f for f in SysvakBehaviour().refusals(findings) if f.requirement != requirement]


class AcceptsTwoDocuments(SysvakBehaviour):
    name = "accepts-two-documents"
    deviation = "processes the first Document of a MsgHead that carries two, instead of refusing it"
    breaks = frozenset({"SYSVAK-3.1-SINGLE"})

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        return _without(findings, "SYSVAK-3.1-SINGLE")


class AcceptsIncompleteHead(SysvakBehaviour):
    name = "accepts-incomplete-head"
    deviation = "processes a MsgHead that lacks elements §3.6.2 requires (e.g. Receiver/Organisation/Ident)"
    breaks = frozenset({"SYSVAK-3.6.2-HEAD"})

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        return _without(findings, "SYSVAK-3.6.2-HEAD")


class AcceptsMismatchedContent(SysvakBehaviour):
    name = "accepts-mismatched-content"
    deviation = "processes whatever message RefDoc/Content holds, whatever MsgInfo/Type says"
    breaks = frozenset({"SYSVAK-3.1-TYPES"})

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        return _without(findings, "SYSVAK-3.1-TYPES")


class AcceptsBadKontrollsiffer(SysvakBehaviour):
    name = "accepts-bad-kontrollsiffer"
    deviation = "accepts a fødselsnummer whose kontrollsiffer is wrong"
    breaks = frozenset({"SYSVAK-ID"})

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        wrong_digit = [f for f in findings if f.requirement == "SYSVAK-ID" and "control digit" in f.message]
        return [f for f in super().refusals(findings) if f not in wrong_digit]


class AcceptsHNummer(SysvakBehaviour):
    name = "accepts-h-nummer"
    deviation = "accepts an H-nummer as offisiell personidentifikasjon (8327)"
    breaks = frozenset({"SYSVAK-3.7.1-HNR"})

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        return _without(findings, "SYSVAK-3.7.1-HNR")


class ErrorInsteadOfDeferring(SysvakBehaviour):
    name = "error-instead-of-deferring"
    deviation = "answers an error at once when a subsystem is down, and drops the message"
    breaks = frozenset({"SYSVAK-3.2-DEFER"})

    def defers(self) -> bool:
        return False


class NewestFirst(SysvakBehaviour):
    name = "newest-first"
    deviation = "processes the messages waiting in the mottak newest first"
    breaks = frozenset({"SYSVAK-3.6.3-ORDER"})

    def order(self, pending: Sequence[T]) -> list[T]:
        return list(reversed(pending))


class CorrectedResponseSpelling(SysvakBehaviour):
    name = "hendelseresponse-spelling"
    deviation = 'answers a HendelseRequest with "HENDELSERESPONSE", not the standard\'s HENDELESERESPONSE'
    breaks = frozenset({"SYSVAK-3.6.1-TYPE"})

    def response_type(self, kind: codes.MessageType) -> str:
        return kind.response_code.replace("HENDELESE", "HENDELSE")


class WrongConversationRef(SysvakBehaviour):
    name = "wrong-conversationref"
    deviation = "sets RefToConversation to the answer's own MsgId instead of the incoming one"
    breaks = frozenset({"SYSVAK-3.6.4-CONVREF"})

    def conversation_ref(self, incoming: str, outgoing: str) -> tuple[str, str]:
        return incoming, outgoing


class Latin1Answers(SysvakBehaviour):
    name = "latin1-answers"
    deviation = "writes its answers in ISO-8859-1"
    breaks = frozenset({"SYSVAK-3.7.3-UTF8"})

    def encoding(self) -> str:
        return "ISO-8859-1"


class EchoesSender(SysvakBehaviour):
    name = "echoes-msghead-sender"
    deviation = "answers with the MsgHead sender as UtfortAvHelseenhet instead of the unit in the message"
    breaks = frozenset({"SYSVAK-3.5-UNIT"})

    def echo_unit(self, unit: Ident, sender: Ident | None) -> Ident:
        return sender or unit


class ChangedVaksinekodeUpdates(SysvakBehaviour):
    name = "changed-vaksinekode-updates"
    deviation = "treats a hendelse with a changed vaksinekode as an update of the stored one"
    breaks = frozenset({"SYSVAK-4.2-IDENTITY"})

    def identity(self, hendelse: Hendelse) -> tuple[object, ...]:
        return hendelse.kind, hendelse.konsultasjonsdato


class DeletesPhysically(SysvakBehaviour):
    name = "deletes-physically"
    deviation = "removes a deleted hendelse from the register instead of marking it slettet"
    breaks = frozenset({"SYSVAK-4.2-DELETE", "SYSVAK-5-DELETED"})

    def deletes_physically(self) -> bool:
        return True


class MergesPartialChange(SysvakBehaviour):
    name = "merges-partial-change"
    deviation = "accepts a change without every required field and keeps the stored values for the rest"
    breaks = frozenset({"SYSVAK-4.2-FULL"})
    readings_only = breaks  # that a Vaksinasjon requires Batchnummer is konform's schema

    def refusals(self, findings: Sequence[Finding]) -> list[Finding]:
        return _without(findings, "SYSVAK-4.2-FULL")

    def merge(self, stored: Hendelse | None, sent: Hendelse) -> Hendelse:
        if stored is None:
            return sent
        required = "batchnummer" if sent.kind == "Vaksinasjon" else "arsak"
        if getattr(sent, required) is not None:
            return sent
        return replace(sent, **{required: getattr(stored, required)})


class DuplicatesVaksinandUtenIdent(SysvakBehaviour):
    name = "duplicates-vaksinand-uten-ident"
    deviation = "makes a new vaksinand without ident for every registration instead of matching the table"
    breaks = frozenset({"SYSVAK-4.1-NOID"})

    def matches_uten_ident(self) -> bool:
        return False


class IgnoresReservation(SysvakBehaviour):
    name = "ignores-reservation"
    deviation = "stores a non-programme vaccine for a vaksinand whose guardians reserved against it"
    breaks = frozenset({"SYSVAK-2.2-RESERVE"})
    readings_only = breaks  # how SYSVAK answers a reserved vaccine is konform's reading of §2.2

    def refuses_reserved(self, programme: bool) -> bool:
        return False


class ReturnsDeadPersons(SysvakBehaviour):
    name = "returns-dead-persons"
    deviation = 'returns persons whose RegisterstatusIFolkeregisteret is "død"'
    breaks = frozenset({"SYSVAK-5.1-DEAD"})

    def searchable(self, person: FregPerson) -> bool:
        return True


class SearchesUtenIdent(SysvakBehaviour):
    name = "searches-uten-ident"
    deviation = "returns vaksinander from the table of vaksinander without fødselsnummer/D-nummer"
    breaks = frozenset({"SYSVAK-5.1.1-NOID"})

    def searches_uten_ident(self) -> bool:
        return True


class DisclosesStatusForMany(SysvakBehaviour):
    name = "discloses-status-for-many"
    deviation = "returns vaksinasjonsstatus when a search hits several persons"
    breaks = frozenset({"SYSVAK-5.1.2-DISCLOSE"})

    def discloses_status(self, hits: int) -> bool:
        return hits >= 1


class ReturnsConfidentialAddress(SysvakBehaviour):
    name = "returns-confidential-address"
    deviation = 'returns the address of a person with "Sperret adresse, strengt fortrolig" and the like'
    breaks = frozenset({"SYSVAK-5.1.2-DISCLOSE"})

    def shows_address(self, person: FregPerson) -> bool:
        return True


class HidesDeletedInSearch(SysvakBehaviour):
    name = "hides-deleted-in-search"
    deviation = "leaves hendelser marked slettet out of a search answer"
    breaks = frozenset({"SYSVAK-5-DELETED"})

    def searchable_events(self, events: Sequence[Hendelse]) -> list[Hendelse]:
        return [e for e in events if e.aksjon != SLETTET]


class OrBetweenCriteria(SysvakBehaviour):
    name = "or-between-criteria"
    deviation = "returns persons who meet any one of the search criteria instead of all"
    breaks = frozenset({"SYSVAK-5.2-AND"})

    def combine(self, criteria: Sequence[bool]) -> bool:
        return any(criteria)


class CopiesPersonData(SysvakBehaviour):
    name = "copies-person-data"
    deviation = "copies the person's data when a hendelse is registered and answers searches from the copy"
    breaks = frozenset({"SYSVAK-3.4-FREG"})

    def __init__(self) -> None:
        self.copies: dict[str, FregPerson] = {}

    def registered(self, person: FregPerson) -> None:
        self.copies.setdefault(person.ident, person)

    def person_data(self, current: FregPerson) -> FregPerson:
        return self.copies.get(current.ident, current)

    def forget(self) -> None:
        self.copies.clear()


class KodeverkAsTree(SysvakBehaviour):
    name = "kodeverk-as-tree"
    deviation = "nests kommuner under fylker and bydeler under kommuner in a KodeverkResponse"
    breaks = frozenset({"SYSVAK-6-KODEVERK"})

    def finish(self, payload: etree._Element) -> etree._Element:
        codes_by_value = {k.get("V"): k for k in payload.iter(f"{{{etree.QName(payload).namespace}}}Kode")}
        for value, element in codes_by_value.items():
            parent = codes_by_value.get(codes.parent_code(value or "") or "")
            if parent is not None:
                parent.append(element)
        return payload


class RejectsWithoutReason(SysvakBehaviour):
    name = "rejects-without-valideringsmelding"
    deviation = "rejects a message (Status avvist) without saying why in a Valideringsmelding"
    breaks = frozenset({"SYSVAK-3.3-VALID"})

    def finish(self, payload: etree._Element) -> etree._Element:
        namespace = etree.QName(payload).namespace
        result = payload.find(f"{{{namespace}}}Behandlingsresultat")
        if result is not None and result.findtext(f"{{{namespace}}}Status") == "avvist":
            for melding in result.findall(f"{{{namespace}}}Valideringsmelding"):
                result.remove(melding)
        return payload
