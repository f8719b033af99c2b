"""How SYSVAK processes one incoming message into its answer (Dok 31 §2.2, §3.3–§6).

Processing only: the message has been accepted by the mottak (konform/sysvak/mottak.py),
which owns the transaction, the queue and the order; the HTTP transport is elsewhere
(konform/sysvak/simulator.py). FolkeregisterFHI reads may raise SubsystemDown (§3.2).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from konform.checks import Finding
from konform.clock import Clock
from konform.msghead import build as mh
from konform.msghead.parse import Organisation
from konform.sysvak import codes, messages, readers, rules, search
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.folkeregister import Folkeregister
from konform.sysvak.model import (
    ENDRET,
    NY,
    SLETTET,
    Behandlingsresultat,
    FregPerson,
    Hendelse,
    HendelseRequest,
    HendelseResponse,
    Ident,
    Kodeverk,
    KodeverkRequest,
    KodeverkResponse,
    Request,
    Response,
    SokRequest,
    SokResponse,
    Treff,
    Valideringsmelding,
)
from konform.sysvak.state import Store, fnr_key
from konform.sysvak.vaksinander import Vaksinander

AKSEPTERT, AVVIST = "akseptert", "avvist"

info = Valideringsmelding.info


@dataclass
class Settings:
    """What the document leaves open, set through the control API."""

    max_hits: int = 10  # §5.1.2 footnote: "de 5-20 første personene"
    programme: frozenset[str] = field(default_factory=codes.programme)  # §2.2


def refused(melding: Valideringsmelding) -> Behandlingsresultat:
    return Behandlingsresultat(AVVIST, (melding,))


def from_findings(
    found: Sequence[Finding], code: Callable[[str], str] = lambda requirement: "SKJEMA"
) -> tuple[Valideringsmelding, ...]:
    return tuple(
        Valideringsmelding(
            code(f.requirement),
            "feil" if f.severity == "error" else "advarsel",
            f.message,
            f.element,
        )
        for f in found
    )


class Processor:
    """SYSVAK's application: HendelseRequest, SokRequest, KodeverkRequest → their Responses."""

    def __init__(
        self,
        store: Store,
        freg: Folkeregister,
        clock: Clock,
        behaviour: Callable[[], SysvakBehaviour],
        settings: Settings,
    ) -> None:
        self.store, self.freg, self.clock, self.settings = store, freg, clock, settings
        self._behaviour = behaviour
        self.vaksinander = Vaksinander(store, freg, behaviour, self.now)

    @property
    def behaviour(self) -> SysvakBehaviour:
        return self._behaviour()

    def now(self) -> str:
        return self.clock.now().isoformat()

    # -- one message ----------------------------------------------------------------------------
    def process(self, message: rules.Message) -> bytes:
        """The answer MsgHead for an accepted message (head already judged by the mottak)."""
        payload = message.payload
        assert payload is not None and message.message_type is not None
        request = readers.read_request(payload)
        refusals = self.behaviour.refusals(rules.findings(message, ("payload",)))
        answer = self.answer(request, message, refusals)
        return self.respond(message, self.behaviour.finish(messages.response(answer)))

    def answer(self, request: Request | None, message: rules.Message, refusals: list[Finding]) -> Response:
        kind = message.message_type
        assert kind is not None
        unit = (
            None if request is None else self.behaviour.echo_unit(request.unit, _sender(message.view.sender))
        )
        if refusals or request is None:
            meldinger = from_findings(refusals, self.behaviour.validation_code)
            return _without_result(kind, unit, Behandlingsresultat(AVVIST, meldinger))
        if isinstance(request, HendelseRequest):
            return self.hendelse(request, unit, message.view.msg_id.value)
        if isinstance(request, SokRequest):
            return self.sok(request, unit)
        return self.kodeverk(request, unit)

    def respond(self, message: rules.Message, payload: etree._Element) -> bytes:
        """§3.6: the answer in a MsgHead back to the sender, linked by ConversationRef."""
        view, kind = message.view, message.message_type
        assert kind is not None
        response_id = str(uuid.uuid4())
        root = mh.build(
            type_v=self.behaviour.response_type(kind),
            msg_id=response_id,
            gen_date=self.clock.now(),
            sender=_party(view.receiver, "SYSVAK"),
            receiver=_party(view.sender, "Avsender"),
            documents=[mh.Document([payload])],
            conversation_ref=self.behaviour.conversation_ref(view.msg_id.value or "", response_id),
        )
        return self.behaviour.serialize(root)

    def failure(self, message: rules.Message, reason: str) -> bytes:
        """An error answer to a message that could not be processed (only a broken SYSVAK sends it)."""
        kind = message.message_type
        assert kind is not None
        request = readers.read_request(message.payload) if message.payload is not None else None
        resultat = refused(Valideringsmelding("INTERN_FEIL", "feil", reason))
        answer = _without_result(kind, request.unit if request else None, resultat)
        return self.respond(message, messages.response(answer))

    # -- HendelseRequest (§4) ---------------------------------------------------------------------
    def hendelse(self, request: HendelseRequest, unit: Ident | None, msg_id: str | None) -> HendelseResponse:
        sent = request.hendelse
        if sent.vaksinekode not in codes.codes_of("vaksinekoder"):
            text = f"Vaksinekode {sent.vaksinekode!r} finnes ikke i kodeverket vaksinekoder"
            return HendelseResponse(
                unit, refused(Valideringsmelding("UKJENT_VAKSINEKODE", "feil", text, "Vaksinekode"))
            )
        resolved = self.vaksinander.resolve(request.vaksinand)
        reserved = [n for n in (resolved.number, request.vaksinand.ident and request.vaksinand.ident.id) if n]
        programme = sent.vaksinekode in self.settings.programme
        if any(self.store.reserved(n) for n in reserved) and self.behaviour.refuses_reserved(programme):
            text = (
                f"Vaksinanden er reservert mot registrering av {sent.vaksinekode}, "
                "som er utenfor barnevaksinasjonsprogrammet"
            )
            return HendelseResponse(unit, refused(Valideringsmelding("RESERVERT", "feil", text)))
        if resolved.person is not None:
            self.behaviour.registered(resolved.person)
        stored, action = self.store_hendelse(resolved.key, sent, unit, msg_id)
        notes = (
            info(f"HENDELSE_{action.upper()}", f"Hendelsen er {action}"),
            resolved.note,
        )
        linked = (
            Ident.person(resolved.number, resolved.person.number_type)
            if resolved.number and resolved.person
            else None
        )
        found = self.behaviour.returned_ident(request.vaksinand.ident, linked)
        return HendelseResponse(unit, Behandlingsresultat(AKSEPTERT, notes), found, stored)

    def store_hendelse(
        self, key: str, sent: Hendelse, unit: Ident | None, msg_id: str | None
    ) -> tuple[Hendelse, str]:
        """§4.2: update by identity or register anew; a deletion marks slettet, even an unknown one."""
        identity = self.behaviour.identity(sent)
        existing = next(
            (e for e in self.store.events(key) if self.behaviour.identity(e.hendelse) == identity), None
        )
        unit_id, now = unit.id if unit else "", self.now()
        if sent.aksjon == SLETTET:
            stored = sent.with_aksjon(SLETTET)
            if existing is not None and self.behaviour.deletes_physically():
                self.store.delete_event(existing.id)
                self.store.log(existing.id, key, SLETTET, msg_id, now, stored)
                return stored, SLETTET
            if existing is not None:
                self.store.update_event(existing.id, stored, unit_id, now)
                event = existing.id
            elif self.behaviour.deletes_physically():
                return stored, SLETTET
            else:
                event = self.store.insert_event(key, stored, unit_id, now)
            self.store.log(event, key, SLETTET, msg_id, now, stored)
            return stored, SLETTET
        merged = self.behaviour.merge(existing.hendelse if existing else None, sent)
        if existing is not None:
            stored = merged.with_aksjon(ENDRET)
            self.store.update_event(existing.id, stored, unit_id, now)
            self.store.log(existing.id, key, ENDRET, msg_id, now, stored)
            return stored, ENDRET
        stored = merged.with_aksjon(NY)
        self.store.log(self.store.insert_event(key, stored, unit_id, now), key, NY, msg_id, now, stored)
        return stored, NY

    # -- SokRequest (§5) --------------------------------------------------------------------------
    def sok(self, request: SokRequest, unit: Ident | None) -> SokResponse:
        wanted = request.kriterier
        if not wanted.given():
            return SokResponse(
                unit, refused(Valideringsmelding("INGEN_KRITERIER", "feil", "Søket har ingen kriterier"))
            )
        found = search.hits(self.freg.persons(), wanted, self.behaviour)
        if self.behaviour.searches_uten_ident():
            parked = (
                search.as_freg(r.ident, r.data) for r in self.store.uten_ident(unlinked_only=True) if r.ident
            )
            found += search.hits([p for p in parked if p is not None], wanted, self.behaviour)
        shown = found[: self.settings.max_hits] if len(found) > 1 else found
        disclose = self.behaviour.discloses_status(len(found))
        treff = tuple(
            Treff(search.person_out(p, self.behaviour), self.status(p) if disclose else ()) for p in shown
        )
        case = self.behaviour.search_case(len(found), len(shown))
        return SokResponse(unit, Behandlingsresultat(AKSEPTERT, case), treff)

    def status(self, person: FregPerson) -> tuple[Hendelse, ...]:
        """§5.1.2 point 3: the vaksinasjonsstatus, deleted hendelser included (§5)."""
        events = [e.hendelse for e in self.store.events(fnr_key(person.ident))]
        ordered = sorted(events, key=lambda h: (h.konsultasjonsdato, h.kind, h.vaksinekode))
        return tuple(self.behaviour.searchable_events(ordered))

    # -- KodeverkRequest (§6) ---------------------------------------------------------------------
    def kodeverk(self, request: KodeverkRequest, unit: Ident | None) -> KodeverkResponse:
        found = codes.code_list(request.kodeverk_id)
        if found is None:
            known = ", ".join(codes.active())
            text = f"Kodeverket {request.kodeverk_id!r} finnes ikke i SYSVAK (kjente: {known})"
            return KodeverkResponse(
                unit, refused(Valideringsmelding("UKJENT_KODEVERK", "feil", text, "KodeverkId"))
            )
        kodeverk = Kodeverk(found.oid or found.id, found.name, found.codes)
        return KodeverkResponse(unit, Behandlingsresultat(AKSEPTERT, ()), kodeverk)


def _without_result(kind: codes.MessageType, unit: Ident | None, resultat: Behandlingsresultat) -> Response:
    """The Response for `kind` that carries only the unit and the Behandlingsresultat."""
    empty = {"HendelseResponse": HendelseResponse, "SokResponse": SokResponse}
    return empty.get(kind.response_payload, KodeverkResponse)(unit, resultat)


def _sender(organisation: Organisation | None) -> Ident | None:
    if organisation is None or not organisation.idents:
        return None
    number, type_v, oid = organisation.idents[0]
    return Ident(number, type_v or "", oid)


def _party(organisation: Organisation | None, fallback: str) -> mh.Party:
    if organisation is None:
        return mh.Party(fallback)
    idents = tuple(
        mh.Ident(number, type_v or "", oid or "", None) for number, type_v, oid in organisation.idents
    )
    return mh.Party(organisation.name or fallback, idents)
