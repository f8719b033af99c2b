"""Danish CPR, CVR and SOR: generators, validators, python-stdnum as oracle."""

from datetime import date

import pytest
from hypothesis import given
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from generators.identifiers import cprs, cvrs, sor_codes
from konform.identifiers import dk_cpr, dk_cvr, dk_sor
from konform.identifiers.exceptions import InvalidComponent, InvalidFormat

ALL_CENTURIES = (date(1858, 1, 1), date(2020, 12, 31))


@given(cprs(born_between=ALL_CENTURIES))
def test_every_generated_cpr_passes_konform_and_stdnum(number: str) -> None:
    assert dk_cpr.validate(number) == number
    assert stdnum_cpr.is_valid(number)
    assert dk_cpr.get_birth_date(number) == stdnum_cpr.get_birth_date(number)


@given(cprs(modulus11=False))
def test_a_cpr_without_modulus_11_is_valid(number: str) -> None:
    """cpr.dk: numbers without modulus 11 are issued since 2007 and fully valid."""
    assert not dk_cpr.has_modulus11(number)
    assert dk_cpr.is_valid(number)


@given(cprs(modulus11=True))
def test_has_modulus11_agrees_with_stdnum_checksum(number: str) -> None:
    assert dk_cpr.has_modulus11(number)
    assert stdnum_cpr.checksum(number) == 0


@given(cprs(synthetic=True))
def test_synthetic_cprs_are_born_in_the_future_and_need_the_option(number: str) -> None:
    assert dk_cpr.get_birth_date(number) > date.today()
    assert dk_cpr.validate(number, allow_future_birth_date=True) == number
    assert not dk_cpr.is_valid(number)
    assert not stdnum_cpr.is_valid(number)


def test_synthetic_cprs_refuse_a_range_that_reaches_the_past() -> None:
    with pytest.raises(ValueError, match="entirely in the future"):
        cprs(synthetic=True, born_between=(date(2000, 1, 1), date(2050, 1, 1)))


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("0101363000", 1936),
        ("0101364000", 2036),
        ("0101374000", 1937),
        ("0101575000", 2057),
        ("0101585000", 1858),
        ("0101999000", 1999),
        ("0101009000", 2000),
    ],
)
def test_the_seventh_digit_gives_the_century(number: str, year: int) -> None:
    assert dk_cpr.get_birth_date(number).year == year


def test_a_future_cpr_message_names_the_dates() -> None:
    with pytest.raises(InvalidComponent, match="birth date 2050-01-01 is after 2026-01-01"):
        dk_cpr.validate("0101505007", today=date(2026, 1, 1))


@given(cvrs())
def test_every_generated_cvr_passes_konform_and_stdnum(number: str) -> None:
    assert dk_cvr.validate(number) == number
    assert stdnum_cvr.is_valid(number)


@pytest.mark.parametrize("number", ["25520041", "55832218", "25469364", "DK25520041", "DK 2552 0041"])
def test_cvrs_from_dgws_samples_are_valid(number: str) -> None:
    assert dk_cvr.is_valid(number)


def test_a_cvr_may_not_start_with_0() -> None:
    with pytest.raises(InvalidFormat, match="must not start with 0"):
        dk_cvr.validate("01234567")


@given(sor_codes())
def test_every_generated_sor_code_passes(code: str) -> None:
    assert dk_sor.validate(code) == code


@pytest.mark.parametrize("code", ["1234567890", "12345", "6071000016008", "486811000016002"])
def test_sor_codes_from_lar_and_public_examples_are_valid(code: str) -> None:
    assert dk_sor.is_valid(code)


def test_the_sct_form_is_information_only() -> None:
    assert dk_sor.has_sct_form("953741000016009")
    assert not dk_sor.has_sct_form("1234567890")
    assert dk_sor.is_valid("1234567890")
