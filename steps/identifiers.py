"""Steps for features/identifiers: judge one number, or run a property over generated ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from hypothesis import given as for_all
from hypothesis import strategies as st
from pytest_bdd import given, parsers, then, when

from generators import identifiers as gen
from konform.identifiers import no_fodselsnummer, se_hsaid, se_identity
from konform.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

Validator = Callable[[str], str]

VALIDATORS: dict[str, Validator] = {
    "personnummer or samordningsnummer": se_identity.validate_pnr_or_samordningsnummer,
    "HSA-ID": se_hsaid.validate,
    "fødselsnummer": no_fodselsnummer.validate,
}

#: The defect a Then step names → the exception class and a word its message must contain.
DEFECTS: dict[str, tuple[type[ValidationError], str]] = {
    "fel kontrollsiffra": (InvalidChecksum, "Luhn"),
    "fel längd": (InvalidLength, "digits"),
    "annat än siffror": (InvalidFormat, "digits"),
    "en dag som saknas": (InvalidComponent, "does not exist"),
    "fel mönster": (InvalidFormat, "does not match"),
    "för många tecken": (InvalidLength, "at most 64"),
    "feil kontrollsiffer": (InvalidChecksum, "control digit"),
    "feil lengde": (InvalidLength, "digits"),
    "en dato som ikke finnes": (InvalidComponent, "not a calendar date"),
    "H-nummer": (InvalidComponent, "H-nummer"),
}


@dataclass(frozen=True)
class Candidate:
    value: str
    validate: Validator


@dataclass(frozen=True)
class Verdict:
    value: str
    error: ValidationError | None


@dataclass(frozen=True)
class Generated:
    """A strategy of valid numbers, their validator, and the named mutations that must fail."""

    strategy: st.SearchStrategy[str]
    validate: Validator
    mutations: dict[str, str] = field(default_factory=dict)


GENERATED: dict[str, Generated] = {
    "personnummer": Generated(gen.personnummers(), se_identity.validate, {
        "a broken kontrollsiffra": "personnummers_with_bad_check_digit",
        "a date that does not exist": "personnummers_with_impossible_date"}),
    "samordningsnummer": Generated(gen.samordningsnummers(), se_identity.validate, {
        "a broken kontrollsiffra": "samordningsnummers_with_bad_check_digit",
        "a day offset other than 60": "samordningsnummers_with_wrong_day_offset"}),
    "HSA-ID": Generated(gen.hsa_ids(), se_hsaid.validate, {
        "more than 64 characters": "hsa_ids_too_long",
        "a broken pattern": "hsa_ids_with_bad_pattern"}),
    "fødselsnummer": Generated(gen.fodselsnummers(), no_fodselsnummer.validate, {
        "a broken kontrollsiffer": "fodselsnummers_with_bad_check_digit",
        "a date that does not exist": "fodselsnummers_with_impossible_date"}),
    "D-nummer": Generated(gen.d_nummers(), no_fodselsnummer.validate),
    "H-nummer": Generated(gen.h_nummers(), no_fodselsnummer.validate),
    "syntetisk fødselsnummer": Generated(gen.synthetic_fodselsnummers(), no_fodselsnummer.validate),
    "fødselsnummer etter 2032-regelen": Generated(
        gen.fodselsnummers(k1_remainders=(1, 2, 3)), no_fodselsnummer.validate),
}  # fmt: skip


@given(parsers.parse('the {kind} "{value}"'), target_fixture="candidate")
def the_number(kind: str, value: str) -> Candidate:
    return Candidate(value, VALIDATORS[kind])


@given(parsers.parse("an HSA-ID of {length:d} characters"), target_fixture="candidate")
def an_hsa_id_of_length(length: int) -> Candidate:
    return Candidate("SE0000000000-" + "X" * (length - 13), se_hsaid.validate)


@given(
    "the field is the offisiell personidentifikasjon, where H-nummer are not allowed",
    target_fixture="candidate",
)
def h_nummer_not_allowed(candidate: Candidate) -> Candidate:
    return replace(candidate, validate=partial(no_fodselsnummer.validate, allow_h_number=False))


@given(parsers.parse("numbers generated as {kind}"), target_fixture="generated")
def numbers_generated_as(kind: str) -> Generated:
    return GENERATED[kind]


@when("konform validates it", target_fixture="verdict")
def konform_validates_it(candidate: Candidate) -> Verdict:
    try:
        candidate.validate(candidate.value)
    except ValidationError as error:
        return Verdict(candidate.value, error)
    return Verdict(candidate.value, None)


@then("it is accepted")
def it_is_accepted(verdict: Verdict) -> None:
    assert verdict.error is None, f"{verdict.value} was refused: {verdict.error}"


@then(parsers.parse("it is refused for {defect}"))
def it_is_refused_for(verdict: Verdict, defect: str) -> None:
    expected, word = DEFECTS[defect]
    assert isinstance(verdict.error, expected), (
        f"{verdict.value}: expected {expected.__name__}, got {verdict.error!r}"
    )
    assert word in str(verdict.error), (
        f"{verdict.value}: the message should mention {word!r}: {verdict.error}"
    )


@then("every generated number is accepted")
def every_generated_number_is_accepted(generated: Generated) -> None:
    @for_all(generated.strategy)
    def accepted(number: str) -> None:
        generated.validate(number)

    accepted()


@then(parsers.parse("every generated number with {defect} is refused"))
def every_mutated_number_is_refused(generated: Generated, defect: str) -> None:
    mutation = gen.MUTATIONS[generated.mutations[defect]]

    @for_all(mutation.strategy)
    def refused(number: str) -> None:
        try:
            mutation.validate(number)
        except mutation.expected:
            return
        raise AssertionError(f"{number} was accepted; expected {mutation.expected.__name__}")

    refused()
