"""Swedish personnummer and samordningsnummer: generators, validators, python-stdnum as oracle."""

from datetime import date

import pytest
from hypothesis import given
from stdnum.se import personnummer as stdnum_personnummer

from generators.identifiers import personnummers, samordningsnummers
from konform.identifiers import se_identity, se_personnummer, se_samordningsnummer
from konform.identifiers.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength


@given(personnummers())
def test_every_generated_personnummer_passes_konform_and_stdnum(number: str) -> None:
    assert se_personnummer.validate(number) == number
    assert stdnum_personnummer.is_valid(number)


@given(samordningsnummers())
def test_every_generated_samordningsnummer_passes_konform(number: str) -> None:
    assert se_samordningsnummer.validate(number) == number


@given(samordningsnummers())
def test_stdnum_rejects_every_samordningsnummer_which_konform_accepts(number: str) -> None:
    """Documented difference: stdnum has no samordningsnummer and reads day + 60 literally."""
    assert se_identity.is_valid(number)
    assert not stdnum_personnummer.is_valid(number)


@given(personnummers())
def test_spor_identity_accepts_every_generated_personnummer(number: str) -> None:
    assert se_identity.validate_pnr_or_samordningsnummer(number) == number


@given(samordningsnummers())
def test_a_samordningsnummer_is_refused_as_personnummer_naming_it(number: str) -> None:
    with pytest.raises(InvalidComponent, match="is a samordningsnummer"):
        se_personnummer.validate(number)


@given(personnummers())
def test_a_personnummer_is_refused_as_samordningsnummer(number: str) -> None:
    with pytest.raises(InvalidComponent, match="is not a day \\+ 60"):
        se_samordningsnummer.validate(number)


def test_check_digit_message_names_the_number_and_both_digits() -> None:
    with pytest.raises(InvalidChecksum) as failure:
        se_personnummer.validate("189001019803")
    assert str(failure.value) == "personnummer 189001019803: check digit 3 does not match the Luhn digit 2"


@pytest.mark.parametrize(
    ("given_form", "today", "full_form"),
    [
        ("18900101-9802", None, "189001019802"),
        ("189001019802", None, "189001019802"),
        ("900101+9802", date(2024, 1, 1), "189001019802"),
        ("9001019802", date(2024, 1, 1), "199001019802"),
        ("240101-9802", date(2024, 1, 1), "202401019802"),
        ("240102-9802", date(2024, 1, 1), "192401029802"),
    ],
)
def test_compact_adds_the_century_a_short_form_implies(given_form: str, today: date, full_form: str) -> None:
    assert se_personnummer.compact(given_form, today=today) == full_form


def test_birth_date_after_today_is_refused_where_stdnum_accepts_it() -> None:
    """Documented difference: stdnum does not look at the date of validation."""
    first11 = "20900101980"
    number = first11 + se_personnummer.calc_check_digit(first11)
    with pytest.raises(InvalidComponent, match="is after"):
        se_personnummer.validate(number, today=date(2026, 1, 1))
    assert se_personnummer.is_valid(number, today=date(2091, 1, 1))
    assert stdnum_personnummer.is_valid(number)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("191500722390", True),  # month 00 (unknown), Skatteverket test list
        ("191401682396", True),
        ("192004912388", False),  # 31 April, in Skatteverket's test list nevertheless
    ],
)
def test_samordningsnummer_month_00_is_allowed_and_31_april_is_not(number: str, valid: bool) -> None:
    assert se_samordningsnummer.is_valid(number) is valid


def test_samordningsnummer_day_00_has_no_birth_date_but_is_valid() -> None:
    first11 = "19500360123"  # March 1950, day unknown (field 60)
    number = first11 + se_samordningsnummer.calc_check_digit(first11)
    assert se_samordningsnummer.validate(number) == number
    with pytest.raises(InvalidComponent, match="partly unknown"):
        se_samordningsnummer.get_birth_date(number)


@pytest.mark.parametrize(
    ("value", "error"),
    [("18900101-9802", InvalidFormat), ("1890010198", InvalidLength), ("1890010198O2", InvalidFormat)],
)
def test_spor_identity_takes_only_twelve_digits(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        se_identity.validate_pnr_or_samordningsnummer(value)


def test_spor_identity_may_compact_other_forms_when_asked() -> None:
    assert (
        se_identity.validate_pnr_or_samordningsnummer("18900101-9802", twelve_digits=False) == "189001019802"
    )
