"""HSA-ID, KVÅ, ATC and UUID: generators and validators."""

import uuid

import pytest
from hypothesis import given

from generators.identifiers import atc_codes, hsa_ids, kva_codes, uuids
from konform.identifiers import atc, kva, se_hsaid
from konform.identifiers import uuids as uuid_ids
from konform.identifiers.exceptions import InvalidComponent, InvalidFormat, InvalidLength


@given(hsa_ids())
def test_every_generated_hsa_id_passes_spor_rule_and_has_inera_form(value: str) -> None:
    assert se_hsaid.validate(value) == value
    assert se_hsaid.has_inera_form(value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("SE0000000000-TEST1", True),
        ("ab1-", True),  # the SPOR pattern allows an empty tail
        ("SE0000000000-" + "x" * 51, True),  # 64 characters
        ("SE0000000000-" + "x" * 52, False),  # 65 characters
        ("SE0000000000TEST1", False),  # no hyphen
        ("SE-1234", False),  # no digit after the two leading characters
        # "\w\w" read as the guide's words after "dvs.": "två bokstäver" – not digits, not "_"
        ("1234-X", False),
        ("__1-x", False),
        ("Åb1-x", True),
        ("SE0000000000-a\nb", False),  # "." does not match a newline
    ],
)
def test_hsa_id_follows_the_spor_pattern_and_64_characters(value: str, valid: bool) -> None:
    assert se_hsaid.is_valid(value) is valid


def test_hsa_id_messages_say_what_is_wrong() -> None:
    with pytest.raises(InvalidLength, match="has 65 characters, at most 64 allowed"):
        se_hsaid.validate("SE0000000000-" + "x" * 52)


@given(kva_codes())
def test_every_generated_kva_code_passes_and_matches_spors_looser_pattern(code: str) -> None:
    assert kva.validate(code) == code
    assert kva.matches_spor_pattern(code)


@pytest.mark.parametrize(("code", "structure"), [("UDH02", "KKÅ"), ("AD041", "KMÅ"), ("DG021", "KMÅ")])
def test_kva_examples_from_socialstyrelsen(code: str, structure: str) -> None:
    assert kva.get_structure(code) == structure


@pytest.mark.parametrize("code", ["udh02", "UD_02", "A1041"])
def test_spors_w_pattern_is_looser_than_konforms_reading(code: str) -> None:
    assert kva.matches_spor_pattern(code)
    with pytest.raises(InvalidFormat):
        kva.validate(code)


@given(atc_codes())
def test_every_generated_atc_code_passes_with_its_level(code: str) -> None:
    assert atc.validate(code) == code
    assert atc.get_level(code) == {1: 1, 3: 2, 4: 3, 5: 4, 7: 5}[len(code)]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("N02BE0", InvalidLength),
        ("N0ABE01", InvalidFormat),
        ("n02BE01", InvalidFormat),
        ("X02BE01", InvalidComponent),
    ],
)
def test_atc_defects_are_told_apart(code: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        atc.validate(code)


@given(uuids())
def test_every_generated_uuid_passes_and_round_trips_through_the_stdlib(value: str) -> None:
    assert uuid_ids.validate(value.upper()) == value
    assert str(uuid.UUID(value)) == value


def test_uuid_version_and_variant() -> None:
    value = str(uuid.uuid4())
    assert uuid_ids.get_version(value) == 4
    assert uuid_ids.has_rfc4122_variant(value)
