"""Then steps for features/sysvak: search answers, code lists, konform's own verdict, the properties."""

from __future__ import annotations

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from pytest_bdd import parsers, then

from generators import sysvak as gen
from konform.checks import require
from konform.sysvak import answers, binding, codes, readings
from konform.sysvak.client import Answer
from konform.sysvak.model import (
    Hendelse,
    KodeverkResponse,
    SokResponse,
    Vaksinand,
)
from konform.validate import FileVerdict
from steps.sysvak_machine import HendelseMachine
from steps.sysvak_support import (
    DATE,
    NUMBER,
    SysvakScenario,
    accepted,
    requirement_of,
    summary,
    the_date,
)

# -- Then: search answers ---------------------------------------------------------------------------


def treff_of(answer: Answer) -> tuple[SokResponse, dict[str, tuple[Hendelse, ...]]]:
    response = answer.response
    if not isinstance(response, SokResponse):
        raise AssertionError(f"expected a SokResponse, got {summary(answer)}")
    return response, {t.person.ident.id: t.hendelser for t in response.treff}


@then("the answer holds no person")
def holds_no_person(request: pytest.FixtureRequest, answer: Answer) -> None:
    response, found = treff_of(answer)
    require(
        requirement_of(request),
        not found and response.resultat.status == "akseptert",
        expected="akseptert, no Vaksinand",
        received=response,
    )


@then(parsers.re(r"the answer holds (?P<count>\d+) persons without vaksinasjonsstatus"))
def holds_persons(request: pytest.FixtureRequest, answer: Answer, count: str) -> None:
    _, found = treff_of(answer)
    require(
        requirement_of(request),
        len(found) == int(count) and not any(found.values()),
        expected=f"{count} persons, none with hendelser",
        received=found,
    )


@then(parsers.re(rf"the answer holds {NUMBER} with (?P<count>\d+) hendelser?"))
def holds_person_with(request: pytest.FixtureRequest, answer: Answer, number: str, count: str) -> None:
    _, found = treff_of(answer)
    require(
        requirement_of(request),
        list(found) == [number] and len(found[number]) == int(count),
        expected=f"{number} alone, with {count} hendelse(r)",
        received=found,
    )


@then(parsers.re(rf"the answer holds {NUMBER} without address"))
def without_address(request: pytest.FixtureRequest, answer: Answer, number: str) -> None:
    response, _ = treff_of(answer)
    people = [t.person for t in response.treff if t.person.ident.id == number]
    require(
        requirement_of(request),
        len(people) == 1 and people[0].adresse is None,
        expected=f"{number} without Adresse",
        received=people,
    )


@then(parsers.re(rf'the answer holds {NUMBER} with address "(?P<street>[^"]+)"'))
def with_address(request: pytest.FixtureRequest, answer: Answer, number: str, street: str) -> None:
    response, _ = treff_of(answer)
    people = [t.person for t in response.treff if t.person.ident.id == number]
    found = [p.adresse.gateadresse.adresselinje for p in people if p.adresse and p.adresse.gateadresse]
    require(requirement_of(request), found == [street], expected=f"{number} at {street}", received=people)


@then(parsers.re(r"the answer holds the persons (?P<first>\d{11}) and (?P<second>\d{11})"))
def holds_exactly(request: pytest.FixtureRequest, answer: Answer, first: str, second: str) -> None:
    _, found = treff_of(answer)
    require(
        requirement_of(request),
        sorted(found) == sorted([first, second]),
        expected=[first, second],
        received=sorted(found),
    )


@then(parsers.re(r'the Behandlingsresultat says "(?P<code>[A-Z_]+)"'))
def result_says(request: pytest.FixtureRequest, answer: Answer, code: str) -> None:
    requirement, result = requirement_of(request), answer.response.resultat if answer.response else None
    notes = [
        f"{m.kode} {m.beskrivelse}"
        for m in (result.meldinger if result else ())
        if m.alvorlighetsgrad == "informasjon"
    ]
    require(
        requirement,
        bool(notes),
        expected="a Behandlingsresultat with a Valideringsmelding (informasjon) on the search's case",
        received=result,
    )
    require(
        requirement,
        answers.search_case_named(notes, code.replace("_", " ")),
        expected=f"an informasjon Valideringsmelding naming the case {code} (code or text, any case)",
        received=notes,
        reading=readings.SEARCH_CASE,
    )


@then('the Behandlingsresultat has no Valideringsmelding of type "feil" or "advarsel"')
def no_error_or_warning(request: pytest.FixtureRequest, answer: Answer) -> None:
    result = answer.response.resultat if answer.response else None
    require(
        requirement_of(request),
        result is not None and not result.codes("feil") and not result.codes("advarsel"),
        expected="no feil, no advarsel",
        received=result,
    )


@then(
    parsers.re(
        rf'the answer shows the hendelse (?P<code>[\w-]+) on {DATE} with HendelseAksjon "(?P<aksjon>\w+)"'
    )
)
def shows_hendelse(request: pytest.FixtureRequest, answer: Answer, code: str, date: str, aksjon: str) -> None:
    _, found = treff_of(answer)
    events = [
        h.aksjon
        for hs in found.values()
        for h in hs
        if (h.vaksinekode, h.konsultasjonsdato) == (code, the_date(date))
    ]
    require(
        requirement_of(request),
        events == [aksjon],
        expected=f'{code} on {date}, HendelseAksjon "{aksjon}"',
        received=found,
    )


# -- Then: code lists -------------------------------------------------------------------------------


@then(parsers.re(r'the code list comes back flat with the codes "(?P<a>\w+)", "(?P<b>\w+)" and "(?P<c>\w+)"'))
def flat(request: pytest.FixtureRequest, answer: Answer, a: str, b: str, c: str) -> None:
    payload = answer.message.payload if answer.message else None
    kodeverk = binding.element(payload, "kodeverk_response.kodeverk")
    top = [binding.text(k, "kode.verdi") for k in binding.elements(kodeverk, "kodeverk.kode")]
    code = binding.tag("kodeverk.kode")
    nested = (
        [] if kodeverk is None else [binding.text(k, "kode.verdi") for k in kodeverk.iter(code) if len(k)]
    )
    received = f"top level: {top}; codes holding codes: {nested}"
    requirement = requirement_of(request)
    require(
        requirement,
        bool(top) and not nested,
        expected="a flat Kodeverk: no Kode inside another",
        received=received,
    )
    require(
        requirement,
        {a, b, c} <= set(top),
        expected=f"{a}, {b} and {c} side by side in Kodeverk",
        received=received,
        reading=readings.CODE_SAMPLE,
    )


@then(parsers.re(r'the code list holds the code "(?P<code>\w+)"'))
def code_list_holds(request: pytest.FixtureRequest, answer: Answer, code: str) -> None:
    response = answer.response
    found = (
        [v for v, _ in response.kodeverk.koder]
        if isinstance(response, KodeverkResponse) and response.kodeverk
        else []
    )
    requirement = requirement_of(request)
    require(requirement, bool(found), expected="the code list, with its codes", received=summary(answer))
    require(
        requirement, code in found, expected=f"the code {code}", received=found, reading=readings.CODE_SAMPLE
    )


# -- Then: konform's own judgement (consumer side) --------------------------------------------------


@then(parsers.re(r'konform reports an error under the rule naming "(?P<word>[^"]+)"'))
def reports_error(request: pytest.FixtureRequest, verdict: FileVerdict, word: str) -> None:
    requirement, word = requirement_of(request), binding.bound_name(word)
    found = [f for f in verdict.findings if f.requirement == requirement and f.severity == "error"]
    require(
        requirement,
        any(word in f.message for f in found),
        expected=f'an error under {requirement} naming "{word}"',
        received=[f"{f.line}: {f.requirement} {f.message}" for f in verdict.findings],
    )


@then("konform reports nothing")
def reports_nothing(request: pytest.FixtureRequest, verdict: FileVerdict) -> None:
    require(
        requirement_of(request),
        not verdict.findings,
        expected="no finding",
        received=[f"{f.line}: {f.requirement} {f.message}" for f in verdict.findings],
    )


# -- Then: properties and the state machine ---------------------------------------------------------


@then("every generated fødselsnummer and D-nummer is accepted as VaksinandIdent")
def every_number_accepted(request: pytest.FixtureRequest, sysvak: SysvakScenario) -> None:
    requirement = requirement_of(request)

    @for_all(number=gen.official_numbers(synthetic=sysvak.synthetic), event=gen.hendelser())
    def accepted_for(number: str, event: Hendelse) -> None:
        answer = sysvak.client.send(gen.request_for(Vaksinand(gen.person_ident(number)), event))
        require(requirement, accepted(answer), expected=f"akseptert for {number}", received=summary(answer))

    accepted_for()


@then("every generated fødselsnummer with a broken kontrollsiffer is refused as VaksinandIdent")
def every_broken_number_refused(request: pytest.FixtureRequest, sysvak: SysvakScenario) -> None:
    requirement = requirement_of(request)

    @for_all(number=gen.numbers_with_bad_check_digit(), event=gen.hendelser())
    def refused_for(number: str, event: Hendelse) -> None:
        answer = sysvak.client.send(gen.request_for(Vaksinand(gen.person_ident(number, "FNR")), event))
        status = answer.response.resultat.status if answer.response else None
        require(requirement, status == "avvist", expected=f"avvist for {number}", received=summary(answer))

    refused_for()


@then("every generated H-nummer is refused under 8327 and accepted under 9032")
def every_h_number(request: pytest.FixtureRequest, sysvak: SysvakScenario) -> None:
    requirement = requirement_of(request)

    @for_all(
        number=gen.h_nummers(),
        event=gen.hendelser(),
        oid=st.sampled_from([codes.OID_OFFICIAL_PERSON_ID, codes.OID_PERSON_ID_TYPES]),
    )
    def judged(number: str, event: Hendelse, oid: str) -> None:
        answer = sysvak.client.send(gen.request_for(Vaksinand(gen.person_ident(number, "HNR", oid)), event))
        expected = "avvist" if oid == codes.OID_OFFICIAL_PERSON_ID else "akseptert"
        status = answer.response.resultat.status if answer.response else None
        require(
            requirement,
            status == expected,
            expected=f"{expected} for H-nummer {number} under {oid}",
            received=summary(answer),
        )

    judged()


@then(
    "through any sequence of registrations, changes and deletions"
    " SYSVAK keeps hendelser apart by their identity"
)
def identity_machine(request: pytest.FixtureRequest, sysvak: SysvakScenario) -> None:
    control, requirement = sysvak.arrange(), requirement_of(request)
    run_state_machine_as_test(lambda: HendelseMachine(sysvak.client, control, requirement))
