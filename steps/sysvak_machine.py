"""A state machine over SYSVAK's hendelser against a model of Dok 31 §4.2 (SYSVAK-4.2-IDENTITY).

Rules: register, change a field outside the identity, change an identity attribute,
delete, delete a hendelse SYSVAK has never seen, and search. The model keeps one
hendelse per identity (vaksinand, type, konsultasjonsdato, vaksinekode); after every
search the target's hendelser that are not deleted must be exactly the model's, with
the same fields. Deleted hendelser are left to the deletion scenarios (SYSVAK-4.2-DELETE,
SYSVAK-5-DELETED): this machine judges identity, not deletion.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, rule

from generators import sysvak as gen
from konform.checks import require
from konform.sysvak import readings
from konform.sysvak.client import Answer, SysvakClient, SysvakControl
from konform.sysvak.model import (
    ENDRET,
    KINDS,
    NY,
    SLETTET,
    Hendelse,
    HendelseResponse,
    Kriterier,
    SokRequest,
    Vaksinand,
)

PERSONS = ("03852150024", "03852153767")
DATES = (date(2022, 5, 3), date(2022, 6, 7))
CODES = ("MMR", "PCV", "HEPA")

Key = tuple[str, str, date, str]  # (vaksinand, type, konsultasjonsdato, vaksinekode)


def key_of(person: str, hendelse: Hendelse) -> Key:
    return (person, hendelse.kind, hendelse.konsultasjonsdato, hendelse.vaksinekode)


def fields(hendelse: Hendelse) -> tuple[object, ...]:
    """What a search must show of a hendelse that is not deleted."""
    return (*hendelse.identity, hendelse.batchnummer, hendelse.arsak, hendelse.merknad)


class HendelseMachine(RuleBasedStateMachine):
    """SYSVAK (the target) and the model, driven by the same sequence of messages."""

    keys = Bundle("keys")

    def __init__(self, client: SysvakClient, control: SysvakControl, requirement: str) -> None:
        super().__init__()
        self.client, self.requirement = client, requirement
        control.reset()
        control.add_persons(*({"ident": p, "fornavn": "Barn", "etternavn": "Modell"} for p in PERSONS))
        self.model: dict[Key, Hendelse] = {}

    def send(self, person: str, hendelse: Hendelse) -> HendelseResponse:
        answer: Answer = self.client.send(gen.request_for(Vaksinand(gen.person_ident(person)), hendelse))
        response = answer.response
        require(
            self.requirement,
            answer.status == 200
            and isinstance(response, HendelseResponse)
            and response.resultat.status == "akseptert",
            expected=f"HTTP 200, HendelseResponse with Behandlingsresultat akseptert for {hendelse}",
            received=f"HTTP {answer.status}: {response}",
        )
        assert isinstance(response, HendelseResponse)
        return response

    def expect_aksjon(self, response: HendelseResponse, key: Key, expected: str) -> None:
        """§4.2: new identity → "ny", known identity → "endret" (not judged after a deletion)."""
        before = self.model.get(key)
        if before is not None and before.aksjon == SLETTET:
            return
        received = response.hendelse.aksjon if response.hendelse else None
        require(
            self.requirement,
            received == expected,
            expected=f'HendelseAksjon "{expected}" for {key}',
            received=f"HendelseAksjon {received!r}",
            title="SYSVAK told a new hendelse from a change wrongly",
            reading=readings.AKSJON,
        )

    def register_and_model(self, key: Key, hendelse: Hendelse) -> Key:
        response = self.send(key[0], hendelse)
        expected = ENDRET if key in self.model else NY
        self.expect_aksjon(response, key, expected)
        self.model[key] = hendelse.with_aksjon(expected)
        return key

    @rule(
        target=keys,
        person=st.sampled_from(PERSONS),
        hendelse=gen.hendelser(dates=st.sampled_from(DATES), vaksinekoder=CODES),
    )
    def register(self, person: str, hendelse: Hendelse) -> Key:
        return self.register_and_model(key_of(person, hendelse), hendelse)

    @rule(key=keys, batch=gen.batchnummers())
    def change_a_field_outside_the_identity(self, key: Key, batch: str) -> None:
        stored = self.model[key]
        changed = replace(
            stored,
            aksjon=NY,
            batchnummer=batch if stored.kind == "Vaksinasjon" else None,
            merknad=f"Endret {batch}",
        )
        self.register_and_model(key, changed)

    @rule(
        target=keys,
        key=keys,
        attribute=st.sampled_from(("vaksinekode", "konsultasjonsdato", "type")),
        data=st.data(),
    )
    def change_an_identity_attribute(self, key: Key, attribute: str, data: Any) -> Key:
        stored = replace(self.model[key], aksjon=NY)
        if attribute == "vaksinekode":
            changed = replace(
                stored, vaksinekode=data.draw(st.sampled_from([c for c in CODES if c != key[3]]))
            )
        elif attribute == "konsultasjonsdato":
            changed = replace(
                stored, konsultasjonsdato=data.draw(st.sampled_from([d for d in DATES if d != key[2]]))
            )
        else:
            kind = next(k for k in KINDS if k != stored.kind)
            changed = gen.hendelse(stored.vaksinekode, stored.konsultasjonsdato, kind=kind)
        return self.register_and_model(key_of(key[0], changed), changed)

    @rule(key=keys)
    def delete(self, key: Key) -> None:
        deleted = self.model[key].with_aksjon(SLETTET)
        response = self.send(key[0], deleted)
        self.expect_aksjon(response, key, SLETTET)
        self.model[key] = deleted

    @rule(person=st.sampled_from(PERSONS), hendelse=gen.hendelser(vaksinekoder=CODES))
    def delete_unknown(self, person: str, hendelse: Hendelse) -> None:
        deleted = hendelse.with_aksjon(SLETTET)
        self.send(person, deleted)
        self.model[key_of(person, deleted)] = deleted

    @rule(person=st.sampled_from(PERSONS))
    def search(self, person: str) -> None:
        answer = self.client.send(SokRequest(gen.UNIT, Kriterier(person_ident=gen.person_ident(person))))
        treff = getattr(answer.response, "treff", ())
        held = sorted(fields(h) for t in treff for h in t.hendelser if h.aksjon != SLETTET)
        expected = sorted(fields(h) for k, h in self.model.items() if k[0] == person and h.aksjon != SLETTET)
        require(
            self.requirement,
            len(treff) == 1 and held == expected,
            expected=f"one person, {person}, with the hendelser {expected}",
            received=f"{len(treff)} person(s) with the hendelser {held}",
            title="SYSVAK's hendelser differ from one per identity",
        )
