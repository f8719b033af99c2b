"""Hypothesis strategies for the shared identifiers: valid values and one-defect mutations.

Valid values are built constructively (draw a date and a serial, compute the check
digits), never by filtering. ``synthetic=True`` keeps every family clear of real people:

* Norway: Skatteetaten's synthetic range, month + 80 (Tenor).
* Sweden: numbers from a Skatteverket test list the user supplies (``test_numbers=`` or
  the ``KONFORM_SE_TEST_NUMBERS`` environment variable: a JSON list or one number a line).
* Denmark (CPR): a birth date in the future, 2040-2057 (the century digits 5-8 reach
  2057). No official test range exists; this is a reading (FINDINGS §7.7) and a test
  environment may refuse such numbers.

Each mutation strategy breaks exactly one property and returns the broken value;
:data:`MUTATIONS` lists them with the validator and the exception it must raise.
"""

from __future__ import annotations

import calendar
import json
import os
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import NamedTuple

from hypothesis import strategies as st

from generators.fakes import fake as fake  # re-exported: seeded Faker data lives in generators.fakes
from generators.fakes import faker_texts as faker_texts
from konform.identifiers import (
    atc,
    dk_cpr,
    dk_cvr,
    dk_sor,
    kva,
    luhn,
    no_fodselsnummer,
    se_hsaid,
    se_personnummer,
    se_samordningsnummer,
)
from konform.identifiers import (
    uuids as uuid_ids,
)
from konform.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

DateRange = tuple[date, date]
DEFAULT_BORN_BETWEEN: DateRange = (date(1900, 1, 1), date(2020, 12, 31))
SE_TEST_NUMBERS_ENV = "KONFORM_SE_TEST_NUMBERS"
DIGITS = "0123456789"
ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#: (month, day) pairs that are no date in any year; 29 February is added for common years.
IMPOSSIBLE_MONTH_DAYS = ((4, 31), (6, 31), (9, 31), (11, 31), (2, 30), (2, 31), (13, 1), (1, 0))
NO_SERIES = (
    (1854, 1899, range(500, 750)),
    (1900, 1999, range(500)),
    (1940, 1999, range(900, 1000)),
    (2000, 2039, range(500, 1000)),
)
CPR_CENTURY_DIGITS = (
    (1858, 1899, "5678"),
    (1900, 1936, "0123"),
    (1937, 1999, "012349"),
    (2000, 2036, "456789"),
    (2037, 2057, "5678"),
)


class NoTestNumbers(LookupError):
    """Synthetic Swedish numbers were asked for, but no usable test-number list is given."""


def _digits(size: int) -> st.SearchStrategy[str]:
    return st.text(DIGITS, min_size=size, max_size=size)


def _shift_last_digit(number: str, shift: int) -> str:
    return number[:-1] + str((int(number[-1]) + shift) % 10)


def _wrong_lengths(valid: st.SearchStrategy[str], lengths: Sequence[int]) -> st.SearchStrategy[str]:
    """Valid values cut or padded with digits to one of `lengths`."""
    return st.builds(lambda v, n, pad: (v + pad * n)[:n], valid, st.sampled_from(lengths), _digits(1))


@st.composite
def _impossible_dates(
    draw: st.DrawFn, years: tuple[int, int], unknown_day_allowed: bool = False
) -> tuple[int, int, int]:
    """(year, month, day) that is no date; with `unknown_day_allowed`, day 0 is left out."""
    pairs = [p for p in (*IMPOSSIBLE_MONTH_DAYS, (2, 29)) if p[1] or not unknown_day_allowed]
    year = draw(st.integers(*years))
    month, day = draw(st.sampled_from(pairs))
    if (month, day) == (2, 29) and calendar.isleap(year):
        year -= 1
    return year, month, day


# Sweden ---------------------------------------------------------------------------


def _se_with_luhn(year: int, month: int, day_field: int, serial: int) -> str:
    first11 = f"{year:04}{month:02}{day_field:02}{serial:03}"
    return first11 + se_personnummer.calc_check_digit(first11)


def load_se_test_numbers(path: Path | None = None) -> list[str]:
    """Read a Skatteverket test-number list: `path`, else $KONFORM_SE_TEST_NUMBERS."""
    source = path or (Path(os.environ[SE_TEST_NUMBERS_ENV]) if os.environ.get(SE_TEST_NUMBERS_ENV) else None)
    if source is None:
        raise NoTestNumbers(
            "synthetic Swedish numbers come from Skatteverket's test lists: pass test_numbers=Path(...) "
            f"or set {SE_TEST_NUMBERS_ENV} to a JSON list or a file with one number a line"
        )
    text = source.read_text(encoding="utf-8")
    entries = json.loads(text) if text.lstrip().startswith("[") else text.splitlines()
    return [str(e).strip() for e in entries if str(e).strip() and not str(e).startswith("#")]


def _se_test_numbers(
    path: Path | None, validate: Callable[[str], str], born_between: DateRange | None, kind: str
) -> st.SearchStrategy[str]:
    """The list's valid numbers of one kind (12-digit form), born within `born_between` if given."""
    numbers = set()
    for entry in load_se_test_numbers(path):
        try:
            number = validate(entry)
        except ValidationError:
            continue
        if born_between is None or born_between[0].year <= int(number[:4]) <= born_between[1].year:
            numbers.add(number)
    if not numbers:
        raise NoTestNumbers(f"the test-number list has no valid {kind} in the range asked for")
    return st.sampled_from(sorted(numbers))


def personnummers(
    *,
    born_between: DateRange | None = None,
    synthetic: bool = False,
    test_numbers: Path | None = None,
) -> st.SearchStrategy[str]:
    """Valid 12-digit personnummer; `synthetic` draws from the user's Skatteverket test list.

    `born_between` defaults to 1900-2020 for constructed numbers and to the whole list when synthetic.
    """
    if synthetic:
        return _se_test_numbers(test_numbers, se_personnummer.validate, born_between, "personnummer")
    return st.builds(
        lambda born, serial: _se_with_luhn(born.year, born.month, born.day, serial),
        st.dates(*(born_between or DEFAULT_BORN_BETWEEN)),
        st.integers(1, 999),
    )


@st.composite
def _samordningsnummers(draw: st.DrawFn, born_between: DateRange, unknown_parts: bool) -> str:
    born = draw(st.dates(*born_between))
    unknown = draw(st.integers(0, 9)) if unknown_parts else 0  # 7: month 00, 8: day 00, 9: both
    month = 0 if unknown in (7, 9) else born.month
    day = 0 if unknown in (8, 9) else born.day
    return _se_with_luhn(born.year, month, day + 60, draw(st.integers(1, 999)))


def samordningsnummers(
    *,
    born_between: DateRange | None = None,
    unknown_parts: bool = True,
    synthetic: bool = False,
    test_numbers: Path | None = None,
) -> st.SearchStrategy[str]:
    """Valid samordningsnummer (day + 60), sometimes with month or day 00 (unknown)."""
    if synthetic:
        return _se_test_numbers(
            test_numbers, se_samordningsnummer.validate, born_between, "samordningsnummer"
        )
    return _samordningsnummers(born_between or DEFAULT_BORN_BETWEEN, unknown_parts)


def personnummers_with_bad_check_digit() -> st.SearchStrategy[str]:
    return st.builds(_shift_last_digit, personnummers(), st.integers(1, 9))


@st.composite
def personnummers_with_impossible_date(draw: st.DrawFn) -> str:
    year, month, day = draw(_impossible_dates((1900, 2020)))
    return _se_with_luhn(year, month, day, draw(st.integers(1, 999)))


def personnummers_with_wrong_length() -> st.SearchStrategy[str]:
    return _wrong_lengths(personnummers(), (*range(1, 10), 11, *range(13, 21)))


def samordningsnummers_with_bad_check_digit() -> st.SearchStrategy[str]:
    return st.builds(_shift_last_digit, samordningsnummers(), st.integers(1, 9))


@st.composite
def samordningsnummers_with_impossible_date(draw: st.DrawFn) -> str:
    """Like 31 April: day field 91 in month 04 (24 such numbers are in Skatteverket's test list)."""
    year, month, day = draw(_impossible_dates((1900, 2020), unknown_day_allowed=True))
    return _se_with_luhn(year, month, day + 60, draw(st.integers(1, 999)))


@st.composite
def samordningsnummers_with_wrong_day_offset(draw: st.DrawFn) -> str:
    """Day + 40 (the Norwegian D-nummer offset) or + 20: a day field of 32-59, Luhn recomputed."""
    born = draw(st.dates(*DEFAULT_BORN_BETWEEN))
    offset = 40 if born.day <= 19 else 20
    return _se_with_luhn(born.year, born.month, born.day + offset, draw(st.integers(1, 999)))


# Norway ---------------------------------------------------------------------------


def _no_individual_numbers(year: int) -> list[int]:
    return [n for first, last, series in NO_SERIES if first <= year <= last for n in series]


def _no_with_control_digits(head: str, year: int, start: int, remainder: int) -> str:
    """DDMMYY head + the first individual number from `start` on whose K1 and K2 exist."""
    candidates = _no_individual_numbers(year)
    for step in range(len(candidates)):
        nine = f"{head}{candidates[(start + step) % len(candidates)]:03}"
        try:
            ten = nine + no_fodselsnummer.calc_check_digit1(nine, remainder=remainder)
            return ten + no_fodselsnummer.calc_check_digit2(ten)
        except InvalidChecksum:
            continue
    raise AssertionError(f"no individual number fits {head}")  # cannot happen: series hold 100+


@st.composite
def _norwegian(
    draw: st.DrawFn, born_between: DateRange, day_offset: int, month_offset: int, k1_remainders: Sequence[int]
) -> str:
    born = draw(st.dates(max(born_between[0], date(1854, 1, 1)), min(born_between[1], date(2039, 12, 31))))
    head = f"{born.day + day_offset:02}{born.month + month_offset:02}{born.year % 100:02}"
    start, remainder = draw(st.integers(0, 999)), draw(st.sampled_from(k1_remainders))
    return _no_with_control_digits(head, born.year, start, remainder)


def fodselsnummers(
    *,
    born_between: DateRange = DEFAULT_BORN_BETWEEN,
    synthetic: bool = False,
    k1_remainders: Sequence[int] = (0,),
) -> st.SearchStrategy[str]:
    """Fødselsnummer; `synthetic` gives month + 80; `k1_remainders` (1, 2, 3) the 2032 rule."""
    return _norwegian(born_between, 0, 80 if synthetic else 0, k1_remainders)


def d_nummers(
    *, born_between: DateRange = DEFAULT_BORN_BETWEEN, synthetic: bool = False
) -> st.SearchStrategy[str]:
    """D-nummer (day + 40); `synthetic` adds month + 80."""
    return _norwegian(born_between, 40, 80 if synthetic else 0, (0,))


def h_nummers(*, born_between: DateRange = DEFAULT_BORN_BETWEEN) -> st.SearchStrategy[str]:
    """H-nummer (month + 40), syntactically the same as NAV's synthetic numbers."""
    return _norwegian(born_between, 0, 40, (0,))


def synthetic_fodselsnummers(
    *, born_between: DateRange = DEFAULT_BORN_BETWEEN, d_nummer: bool = False
) -> st.SearchStrategy[str]:
    """Skatteetaten's synthetic numbers (Tenor): month + 80, with day + 40 if `d_nummer`."""
    return _norwegian(born_between, 40 if d_nummer else 0, 80, (0,))


def fodselsnummers_with_bad_check_digit() -> st.SearchStrategy[str]:
    return st.builds(_shift_last_digit, fodselsnummers(), st.integers(1, 9))


@st.composite
def fodselsnummers_with_impossible_date(draw: st.DrawFn) -> str:
    year, month, day = draw(_impossible_dates((1900, 2020)))
    return _no_with_control_digits(f"{day:02}{month:02}{year % 100:02}", year, draw(st.integers(0, 999)), 0)


def fodselsnummers_with_wrong_length() -> st.SearchStrategy[str]:
    return _wrong_lengths(fodselsnummers(), (*range(1, 11), *range(12, 20)))


# Denmark --------------------------------------------------------------------------


def _future_cpr_dates() -> DateRange:
    return max(date(2040, 1, 1), date.today() + timedelta(days=1)), date(2057, 12, 31)


@st.composite
def _cprs(draw: st.DrawFn, born_between: DateRange, modulus11: bool | None) -> str:
    born = draw(st.dates(max(born_between[0], date(1858, 1, 1)), min(born_between[1], date(2057, 12, 31))))
    digits = [c for first, last, cs in CPR_CENTURY_DIGITS if first <= born.year <= last for c in cs]
    head = (
        f"{born.day:02}{born.month:02}{born.year % 100:02}{draw(st.sampled_from(digits))}{draw(_digits(1))}"
    )
    serial, last = draw(st.integers(0, 9)), draw(_digits(1))
    if modulus11 is None:
        return f"{head}{serial}{last}"
    for step in range(10):
        nine = f"{head}{(serial + step) % 10}"
        digit = dk_cpr.calc_modulus11_digit(nine)
        if modulus11 is False:
            return nine + (last if last != digit else str((int(last) + 1) % 10))
        if digit is not None:
            return nine + digit
    raise AssertionError(f"no modulus-11 digit fits {head}")  # cannot happen: weight 2 varies


def cprs(
    *, born_between: DateRange | None = None, synthetic: bool = False, modulus11: bool | None = None
) -> st.SearchStrategy[str]:
    """CPR-nummer; `synthetic` gives a future birth date; `modulus11` True/False forces it."""
    if born_between is None:
        born_between = _future_cpr_dates() if synthetic else DEFAULT_BORN_BETWEEN
    elif synthetic and born_between[0] <= date.today():
        raise ValueError("synthetic CPR-nummer need a birth-date range entirely in the future")
    return _cprs(born_between, modulus11)


@st.composite
def cprs_with_impossible_date(draw: st.DrawFn) -> str:
    year, month, day = draw(_impossible_dates((1937, 1999)))
    return f"{day:02}{month:02}{year % 100:02}{draw(st.sampled_from('0123'))}{draw(_digits(3))}"


@st.composite
def cvrs(draw: st.DrawFn) -> str:
    """CVR-nummer: no leading 0, check digit computed (7th digit moved on when none exists)."""
    first6 = draw(st.sampled_from("123456789")) + draw(_digits(5))
    seventh = draw(st.integers(0, 9))
    for step in range(10):
        seven = f"{first6}{(seventh + step) % 10}"
        try:
            return seven + dk_cvr.calc_check_digit(seven)
        except InvalidChecksum:
            continue
    raise AssertionError(f"no check digit fits {first6}")  # cannot happen: weight 2 varies


def cvrs_with_bad_check_digit() -> st.SearchStrategy[str]:
    return st.builds(_shift_last_digit, cvrs(), st.integers(1, 9))


def sor_codes() -> st.SearchStrategy[str]:
    """SOR codes: 5-18 digits, no leading 0 (structure only; FINDINGS §7.4)."""
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from("123456789"),
        st.text(DIGITS, min_size=4, max_size=17),
    )


def sor_codes_with_letters() -> st.SearchStrategy[str]:
    return st.builds(
        lambda code, i, c: code[:i] + c + code[i + 1 :],
        sor_codes(),
        st.integers(0, 4),
        st.sampled_from("OSIl"),
    )


# Sweden: HSA-ID and KVÅ; international: ATC and UUID -------------------------------


def _hsa_ids(suffix_sizes: tuple[int, int]) -> st.SearchStrategy[str]:
    orgnr = _digits(9).map(lambda nine: nine + luhn.calc_check_digit(nine))
    suffix = st.text(ALPHANUMERIC, min_size=suffix_sizes[0], max_size=suffix_sizes[1])
    return st.builds(lambda org, tail: f"SE{org}-{tail}", orgnr, suffix)


def hsa_ids() -> st.SearchStrategy[str]:
    """HSA-IDs in Inera's form: SE + 10-digit orgnr + - + 1-18 of [A-Za-z0-9] (≤ 31 characters)."""
    return _hsa_ids((1, 18))


def hsa_ids_too_long() -> st.SearchStrategy[str]:
    return _hsa_ids((se_hsaid.MAX_LENGTH - 12, 200))


def hsa_ids_with_bad_pattern() -> st.SearchStrategy[str]:
    """No hyphen, or a letter where the digits must start."""
    return st.one_of(hsa_ids().map(lambda h: h.replace("-", "")), hsa_ids().map(lambda h: "SEX" + h[3:]))


def kva_codes() -> st.SearchStrategy[str]:
    """KVÅ codes: two letters + three digits, or three letters + two digits (A-Z, Å, Ä, Ö)."""
    letters = partial(st.text, kva.LETTERS)
    return st.one_of(
        st.builds(str.__add__, letters(min_size=2, max_size=2), _digits(3)),
        st.builds(str.__add__, letters(min_size=3, max_size=3), _digits(2)),
    )


@st.composite
def kva_codes_malformed(draw: st.DrawFn) -> str:
    """Five characters with 0, 1, 4 or 5 letters, or the digits first."""
    count = draw(st.integers(0, 5))
    letters, digits = draw(st.text(kva.LETTERS, min_size=count, max_size=count)), draw(_digits(5 - count))
    return digits + letters if count in (2, 3) or draw(st.booleans()) else letters + digits


@st.composite
def atc_codes(draw: st.DrawFn) -> str:
    """ATC codes of any level 1-5, e.g. N, N02, N02B, N02BE, N02BE01."""
    letter = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    code = draw(st.sampled_from(atc.ANATOMICAL_GROUPS)) + draw(_digits(2)) + draw(letter) + draw(letter)
    return (code + draw(_digits(2)))[: draw(st.sampled_from(sorted(atc.LEVEL_BY_LENGTH)))]


def atc_codes_with_incomplete_level() -> st.SearchStrategy[str]:
    return st.builds(
        lambda code, n: (code + "N02BE01"[len(code) :])[:n], atc_codes(), st.sampled_from((2, 6))
    )


def uuids() -> st.SearchStrategy[str]:
    return st.uuids().map(str)


def uuids_malformed() -> st.SearchStrategy[str]:
    return st.builds(lambda u, i: u[:i] + "g" + u[i + 1 :], uuids(), st.sampled_from((0, 9, 14, 35)))


# The registry of mutations ----------------------------------------------------------


class Mutation(NamedTuple):
    """A strategy of values with one defect, the validator and the exception it must raise."""

    strategy: st.SearchStrategy[str]
    expected: type[ValidationError]
    validate: Callable[[str], str]


def samordningsnummers_as_personnummer() -> st.SearchStrategy[str]:
    """Valid samordningsnummer, refused where a personnummer is required."""
    return samordningsnummers()


def h_nummers_as_official_identification() -> st.SearchStrategy[str]:
    """Valid H-nummer, refused as official person identification (SYSVAK 3.7.1)."""
    return h_nummers()


def synthetic_fodselsnummers_where_refused() -> st.SearchStrategy[str]:
    """Valid month + 80 numbers, refused by a validator told not to allow synthetic numbers."""
    return synthetic_fodselsnummers()


def _registry(
    *entries: tuple[Callable[[], st.SearchStrategy[str]], type[ValidationError], Callable[[str], str]],
) -> dict[str, Mutation]:
    return {
        strategy.__name__: Mutation(strategy(), expected, validate)
        for strategy, expected, validate in entries
    }


#: Every mutation strategy by name, with its validator and the exception that must follow.
MUTATIONS: dict[str, Mutation] = _registry(
    (personnummers_with_bad_check_digit, InvalidChecksum, se_personnummer.validate),
    (personnummers_with_impossible_date, InvalidComponent, se_personnummer.validate),
    (personnummers_with_wrong_length, InvalidLength, se_personnummer.validate),
    (samordningsnummers_as_personnummer, InvalidComponent, se_personnummer.validate),
    (samordningsnummers_with_bad_check_digit, InvalidChecksum, se_samordningsnummer.validate),
    (samordningsnummers_with_impossible_date, InvalidComponent, se_samordningsnummer.validate),
    (samordningsnummers_with_wrong_day_offset, InvalidComponent, se_samordningsnummer.validate),
    (fodselsnummers_with_bad_check_digit, InvalidChecksum, no_fodselsnummer.validate),
    (fodselsnummers_with_impossible_date, InvalidComponent, no_fodselsnummer.validate),
    (fodselsnummers_with_wrong_length, InvalidLength, no_fodselsnummer.validate),
    (
        h_nummers_as_official_identification,
        InvalidComponent,
        partial(no_fodselsnummer.validate, allow_h_number=False),
    ),
    (
        synthetic_fodselsnummers_where_refused,
        InvalidComponent,
        partial(no_fodselsnummer.validate, allow_synthetic=False),
    ),
    (cprs_with_impossible_date, InvalidComponent, dk_cpr.validate),
    (cvrs_with_bad_check_digit, InvalidChecksum, dk_cvr.validate),
    (sor_codes_with_letters, InvalidFormat, dk_sor.validate),
    (hsa_ids_too_long, InvalidLength, se_hsaid.validate),
    (hsa_ids_with_bad_pattern, InvalidFormat, se_hsaid.validate),
    (kva_codes_malformed, InvalidFormat, kva.validate),
    (atc_codes_with_incomplete_level, InvalidLength, atc.validate),
    (uuids_malformed, InvalidFormat, uuid_ids.validate),
)
