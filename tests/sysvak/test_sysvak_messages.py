"""SYSVAK messages written by konform are valid by our schema and read back to the same data."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from generators import sysvak as gen
from konform.sysvak import messages, readers, schema
from konform.sysvak.model import (
    Behandlingsresultat,
    HendelseResponse,
    Kodeverk,
    KodeverkRequest,
    KodeverkResponse,
    Kriterier,
    NavnSok,
    SokRequest,
    Vaksinand,
    Valideringsmelding,
)


@given(number=gen.official_numbers(), event=gen.hendelser(), named=st.booleans())
def test_a_hendelserequest_is_schema_valid_and_reads_back_the_same(
    number: str, event: object, named: bool
) -> None:
    known = gen.uten_ident(date(2021, 5, 3), name="Åse Ødegård", guardian="12868800370") if named else None
    request = gen.request_for(Vaksinand(gen.person_ident(number), known), event)  # type: ignore[arg-type]
    element = messages.request(request)
    assert schema.violations(element) == []
    assert readers.read_request(element) == request


def test_a_sokrequest_with_every_criterion_reads_back_the_same() -> None:
    criteria = Kriterier(
        person_ident=gen.person_ident("03852150024"),
        navn=NavnSok("Han", "BegynnerMed"),
        etternavn=NavnSok("Hansen"),
        fodselsdato="2021-05",
        kjonn="1",
        postnummer="0182",
    )
    element = messages.request(SokRequest(gen.UNIT, criteria))
    assert schema.violations(element) == []
    assert readers.read_request(element) == SokRequest(gen.UNIT, criteria)


def test_responses_are_schema_valid_and_read_back_the_same() -> None:
    result = Behandlingsresultat("akseptert", (Valideringsmelding("ETT_TREFF", "informasjon", "Ett treff"),))
    answers = [
        HendelseResponse(
            gen.UNIT, result, gen.person_ident("03852150024"), gen.hendelse("MMR", date(2022, 5, 3))
        ),
        KodeverkResponse(gen.UNIT, result, Kodeverk("kjonn", "Kjønn", (("1", "Mann"), ("2", "Kvinne")))),
    ]
    for answer in answers:
        element = messages.response(answer)
        assert schema.violations(element) == []
        assert readers.read_response(element) == answer


def test_a_kodeverkrequest_without_its_id_does_not_read_as_a_request() -> None:
    element = messages.request(KodeverkRequest(gen.UNIT, "9051"))
    element.remove(element[-1])
    assert readers.read_request(element) is None
    assert schema.violations(element) != []
