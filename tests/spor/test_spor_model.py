"""SPOR's variables and the registration view (§6.2, §6.4, §7.4)."""

from __future__ import annotations

import pytest
from hypothesis import given

from generators import spor as gen
from konform.spor import schema
from konform.spor.model import BY_NUMBER, ELEMENTS, VARIABLES, Registration, registration_xml

BASE = {
    "recipientMessageSplit": "SPOR",
    "systemId": gen.UNIT,
    "behandlingsnummer": "2200054",
    "personnummer": "191212121212",
}


def test_variable_numbers_are_the_guides() -> None:
    numbered = {v.number: v.element for v in VARIABLES if v.number is not None}
    assert numbered == {
        105: "recipientMessageSplit",
        310: "operationsanmalan",
        410: "planeratIngrepp",
        450: "avfordFranVantelistan",
        540: "anlantOperationsavdelning",
        585: "lamnatOperationsavdelning",
        800: "lamnatPostop",
    }


def test_variables_follow_the_schema_order_and_types() -> None:
    _, typed = schema.types()
    assert {name: typed[name] for name in ELEMENTS} == {v.element: v.type for v in VARIABLES}


def test_registration_xml_builds_in_schema_order_whatever_the_argument_order() -> None:
    element = registration_xml(kommentar="x", atgarder=["JAB30", "NFB49"], **BASE)
    assert schema.schema_violations(element) == []
    assert Registration(element).kva_codes == ["JAB30", "NFB49"]


def test_registration_xml_refuses_unknown_variables() -> None:
    with pytest.raises(TypeError, match="lakare"):
        registration_xml(lakare="Dr. Ek", **BASE)


@pytest.mark.parametrize(
    ("values", "included"),
    [
        ({}, False),
        ({"avfordFranVantelistan": "Nej"}, False),
        ({"avfordFranVantelistan": "Ja"}, True),
        ({"operationsanmalan": "2022-04-01T09:12:00+01:00"}, True),
        ({"lamnatPostop": "2022-04-13T18:00:00+01:00"}, True),
        ({"kommentar": "Planerad operation"}, False),
        # §6.2 gives its variables as examples ("t.ex."): what shows the same event counts too
        ({"operationsstart": "2022-04-13T13:54:22+01:00"}, True),
        ({"lamnatOperationsavdelning": "2022-04-13T15:40:00+01:00"}, True),
        ({"planeringstidpunkt": "2022-04-12T08:00:00+01:00"}, True),
        ({"operationsdatum": "2022-04-13"}, True),
    ],
)
def test_inclusion_follows_6_2_and_its_examples_are_no_closed_list(
    values: dict[str, str], included: bool
) -> None:
    assert Registration(registration_xml(**BASE, **values)).is_included() is included


def test_an_operation_is_aborted_when_540_is_set_and_585_is_not() -> None:
    arrived = {"anlantOperationsavdelning": "2022-04-13T13:10:00+01:00"}
    left = {"lamnatOperationsavdelning": "2022-04-13T15:40:00+01:00"}
    assert Registration(registration_xml(**BASE, **arrived)).is_aborted()
    assert not Registration(registration_xml(**BASE, **arrived, **left)).is_aborted()
    assert BY_NUMBER[585].element == "lamnatOperationsavdelning"


@given(gen.registrations())
def test_generated_registrations_are_schema_valid_and_qualify(element: object) -> None:
    assert schema.schema_violations(element) == []  # type: ignore[arg-type]
    assert Registration(element).is_included()  # type: ignore[arg-type]
