"""Synthetic Swedish numbers from a user's test list; seeded, XML-safe Faker data."""

import json
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generators.fakes import fake, faker_texts, person_names, postal_addresses, xml_safe_texts
from generators.identifiers import SE_TEST_NUMBERS_ENV, NoTestNumbers, personnummers, samordningsnummers
from konform.identifiers import se_personnummer, se_samordningsnummer

BORN_1880_TO_2020 = (date(1880, 1, 1), date(2020, 12, 31))
TEST_LIST = ["189001019802", "189001029819", "191401682396", "192004912388"]


def test_synthetic_swedish_numbers_need_a_test_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SE_TEST_NUMBERS_ENV, raising=False)
    with pytest.raises(NoTestNumbers, match=SE_TEST_NUMBERS_ENV):
        personnummers(synthetic=True)


@given(data=st.data())
def test_synthetic_personnummer_come_from_the_json_list(data: st.DataObject, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("se") / "list.json"
    path.write_text(json.dumps(TEST_LIST), encoding="utf-8")
    number = data.draw(personnummers(synthetic=True, test_numbers=path, born_between=BORN_1880_TO_2020))
    assert number in TEST_LIST[:2]
    assert se_personnummer.is_valid(number)


@given(data=st.data())
def test_synthetic_samordningsnummer_come_from_the_env_file_and_skip_impossible_days(
    data: st.DataObject, tmp_path_factory
) -> None:
    path = tmp_path_factory.mktemp("se") / "list.txt"
    path.write_text("\n".join(TEST_LIST) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SE_TEST_NUMBERS_ENV, str(path))
        strategy = samordningsnummers(synthetic=True, born_between=BORN_1880_TO_2020)
    assert data.draw(strategy) == "191401682396"
    assert se_samordningsnummer.is_valid("191401682396")


@pytest.mark.parametrize("locale", ["sv_SE", "nb_NO", "da_DK"])
def test_the_same_seed_gives_the_same_people(locale: str) -> None:
    first, second = fake(locale, seed=7), fake(locale, seed=7)
    assert [first.name(), first.address()] == [second.name(), second.address()]


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="no Faker locale"):
        fake("fi_FI")


def _assert_xml_safe(text: str) -> None:
    assert all(unicodedata.category(c) not in ("Cc", "Cs", "Cn") for c in text), repr(text)


@pytest.mark.parametrize("locale", ["sv_SE", "nb_NO", "da_DK"])
@given(data=st.data())
def test_faker_texts_are_xml_safe_and_short(locale: str, data: st.DataObject) -> None:
    text = data.draw(faker_texts(locale=locale, max_chars=80))
    _assert_xml_safe(text)
    assert 0 < len(text) <= 80


@given(person_names(locale="da_DK"), postal_addresses(locale="sv_SE"), xml_safe_texts())
def test_names_addresses_and_free_text_are_xml_safe(name: str, address: str, text: str) -> None:
    for value in (name, address, text):
        _assert_xml_safe(value)
    assert "\n" not in address
