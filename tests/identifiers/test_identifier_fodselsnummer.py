"""Norwegian fødselsnummer, D-, H- and synthetic numbers; python-stdnum as oracle."""

from datetime import date

import pytest
from hypothesis import given
from stdnum.exceptions import InvalidChecksum as StdnumInvalidChecksum
from stdnum.no import fodselsnummer as stdnum_fodselsnummer

from generators.identifiers import (
    d_nummers,
    fodselsnummers,
    h_nummers,
    synthetic_fodselsnummers,
)
from konform.identifiers import no_fodselsnummer
from konform.identifiers.exceptions import InvalidChecksum, InvalidComponent

ALL_CENTURIES = (date(1854, 1, 1), date(2020, 12, 31))
NAV_EXAMPLES = ["15507600333", "55507608360", "29422059278", "69422056629", "21528704651", "61528703428"]
TENOR_EXAMPLES = ["17912099997", "57912075186", "29822099635", "69822075096", "21929774873", "61929750062"]


@given(fodselsnummers(born_between=ALL_CENTURIES))
def test_every_generated_fodselsnummer_passes_konform_and_stdnum(number: str) -> None:
    assert no_fodselsnummer.validate(number) == number
    assert no_fodselsnummer.get_number_type(number) == "fnr"
    assert stdnum_fodselsnummer.is_valid(number)


@given(d_nummers(born_between=ALL_CENTURIES))
def test_every_generated_d_nummer_passes_konform_and_stdnum(number: str) -> None:
    assert no_fodselsnummer.validate(number) == number
    assert no_fodselsnummer.get_number_type(number) == "dnr"
    assert stdnum_fodselsnummer.is_valid(number)


@given(h_nummers(born_between=ALL_CENTURIES))
def test_every_generated_h_nummer_passes_konform_and_stdnum_unless_h_is_forbidden(number: str) -> None:
    assert no_fodselsnummer.get_number_type(number) == "hnr"
    assert no_fodselsnummer.is_valid(number)
    assert stdnum_fodselsnummer.is_valid(number)
    assert not no_fodselsnummer.is_valid(number, allow_h_number=False)


@given(synthetic_fodselsnummers(born_between=ALL_CENTURIES))
def test_stdnum_rejects_the_synthetic_month_80_numbers_konform_accepts(number: str) -> None:
    """Documented difference: stdnum knows month + 40 only."""
    assert no_fodselsnummer.validate(number) == number
    assert no_fodselsnummer.get_number_type(number) == "synthetic"
    assert not stdnum_fodselsnummer.is_valid(number)


@given(synthetic_fodselsnummers(d_nummer=True))
def test_synthetic_d_nummer_are_synthetic(number: str) -> None:
    assert no_fodselsnummer.get_number_type(number) == "synthetic"
    assert not no_fodselsnummer.is_valid(number, allow_synthetic=False)


@given(fodselsnummers(k1_remainders=(1, 2, 3)))
def test_stdnum_rejects_the_2032_control_digits_konform_accepts(number: str) -> None:
    """Documented difference: stdnum only knows K1 remainder 0 (the rule before 2032)."""
    assert no_fodselsnummer.get_k1_remainder(number) in (1, 2, 3)
    assert no_fodselsnummer.validate(number) == number
    with pytest.raises(StdnumInvalidChecksum):
        stdnum_fodselsnummer.validate(number)


@pytest.mark.parametrize("number", NAV_EXAMPLES)
def test_nav_synthetic_examples_are_indistinguishable_from_h_nummer(number: str) -> None:
    assert no_fodselsnummer.get_number_type(number) == "hnr"
    assert no_fodselsnummer.is_valid(number)
    assert stdnum_fodselsnummer.is_valid(number)


@pytest.mark.parametrize("number", TENOR_EXAMPLES)
def test_tenor_synthetic_examples_are_valid_and_synthetic(number: str) -> None:
    assert no_fodselsnummer.get_number_type(number) == "synthetic"
    assert no_fodselsnummer.is_valid(number)
    assert not stdnum_fodselsnummer.is_valid(number)


def test_a_future_birth_date_is_refused_with_today_injected() -> None:
    assert no_fodselsnummer.is_valid("17912099997", today=date(2020, 11, 17))
    with pytest.raises(InvalidComponent, match="is after 2020-11-16"):
        no_fodselsnummer.validate("17912099997", today=date(2020, 11, 16))


def test_an_fh_nummer_is_refused_as_having_no_birth_date() -> None:
    with pytest.raises(InvalidComponent, match="FH-nummer"):
        no_fodselsnummer.validate("81234567890")


def test_k1_remainder_4_is_refused_even_under_the_2032_rule() -> None:
    number = "17912099849"  # Tenor date 17.11.2020, individual number 998
    assert no_fodselsnummer.get_k1_remainder(number) == 4
    with pytest.raises(InvalidChecksum, match="remainder 4"):
        no_fodselsnummer.validate(number)
