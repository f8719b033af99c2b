"""Our SPOR schema and its cvc messages: SPOR answers schema errors in Xerces' words (§7.2.2)."""

from __future__ import annotations

import pytest
from lxml import etree

from konform.spor import schema
from konform.spor.model import registration_xml

#: SPOR integration guide 4.1, §7.2.2, as printed (with the slash the erratum corrects).
GUIDE_7_2_2 = (
    "cvc-pattern-valid: Value 'H-CAR' is not facet-valid with respect to pattern "
    r"'(\w\w\d\d\d)/(\w\w\w\d\d)' for type 'kvakod'"
)
VALID = {
    "recipientMessageSplit": "SPOR",
    "systemId": "SE2321000131-E000000000001",
    "behandlingsnummer": "2200054",
    "personnummer": "191212121212",
    "operationsstart": "2022-04-13T13:54:22+01:00",
    "operationsdatum": "2022-04-13",
    "atgarder": ["JAB30"],
}


def registration(**changes: object) -> etree._Element:
    return registration_xml(**{**VALID, **changes})  # type: ignore[arg-type]


def test_schema_accepts_the_guides_example_values() -> None:
    assert schema.schema_violations(registration()) == []


def test_unmarshalling_error_for_h_car_reads_as_the_guide_with_the_corrected_pattern() -> None:
    text = schema.unmarshalling_error(registration(atgarder=["H-CAR"]))
    corrected = GUIDE_7_2_2.replace(")/(", ")|(")
    assert text is not None
    assert text.startswith("Unmarshalling Error: " + corrected)


def test_unmarshalling_error_is_none_for_a_valid_request() -> None:
    request = etree.Element(f"{{{schema.NS}}}postRegistrationRequest", nsmap={None: schema.NS})
    request.append(registration())
    assert schema.unmarshalling_error(request) is None


@pytest.mark.parametrize(
    ("changes", "element", "requirement", "cvc"),
    [
        ({"personnummer": "19121212121"}, "personnummer", schema.PNR, "cvc-pattern-valid"),
        ({"systemId": "SE2321000131E1"}, "systemId", schema.HSA, "cvc-pattern-valid"),
        ({"systemId": "SE1-" + "x" * 61}, "systemId", schema.HSA, "cvc-maxLength-valid"),
        ({"operationsstart": "13:54"}, "operationsstart", schema.DATES, "cvc-datatype-valid.1.2.1"),
        ({"systemId": "1234-X"}, "systemId", schema.HSA, "cvc-pattern-valid"),
        ({"systemId": "__1-x"}, "systemId", schema.HSA, "cvc-pattern-valid"),
        ({"operationsdatum": "13/04/2022"}, "operationsdatum", schema.DATES, "cvc-datatype-valid.1.2.1"),
        ({"recipientMessageSplit": "UCR"}, "recipientMessageSplit", schema.RMS, "cvc-enumeration-valid"),
        ({"recipientMessageSplit": None}, "systemId", schema.RMS, "cvc-complex-type.2.4.a"),
        ({"kommentar": ""}, "kommentar", schema.NOEMPTY, "cvc-minLength-valid"),
        ({"operationsstart": ""}, "operationsstart", schema.NOEMPTY, "cvc-datatype-valid.1.2.1"),
        ({"atgarder": []}, "atgarder", schema.NOEMPTY, "cvc-complex-type.2.4.b"),
        ({"personnummer": None}, "operationsdatum", schema.SCHEMA, "cvc-complex-type.2.4.a"),
        ({"avfordFranVantelistan": "ja"}, "avfordFranVantelistan", schema.SCHEMA, "cvc-enumeration-valid"),
    ],
)
def test_each_violation_is_reported_under_the_rule_it_breaks(
    changes: dict[str, object], element: str, requirement: str, cvc: str
) -> None:
    violations = schema.schema_violations(registration(**changes))
    assert [(v.element, v.requirement) for v in violations] == [(element, requirement)]
    assert violations[0].message.startswith(cvc + ":")


@pytest.mark.parametrize("value", [
    "2022-04-13T13:54:22", "2022-04-13T13:54:22Z", "2022-04-13T13:54:22+01:00",
])
def test_a_date_time_with_or_without_an_offset_is_schema_valid(value: str) -> None:
    """§7.1 "enligt ISO 8601:2004": a local time (no offset) is ISO 8601 too."""
    assert schema.schema_violations(registration(operationsstart=value)) == []


def test_unexpected_and_out_of_order_elements_are_schema_violations() -> None:
    element = registration(kommentar="x")
    etree.SubElement(element, f"{{{schema.NS}}}lakare").text = "Dr. Ek"
    [violation] = schema.schema_violations(element)
    assert violation.requirement == schema.SCHEMA
    assert violation.message == (
        "cvc-complex-type.2.4.d: Invalid content was found starting with element 'lakare'. "
        "No child element is expected at this point."
    )


def test_one_defect_gives_one_violation_even_when_two_facets_fail() -> None:
    violations = schema.schema_violations(registration(systemId="x" * 70))
    assert len(violations) == 1


def test_violations_carry_the_line_of_their_element() -> None:
    text = etree.tostring(registration(personnummer="1912"), pretty_print=True)
    parsed = etree.fromstring(text)
    [violation] = schema.schema_violations(parsed)
    expected = next(n for n, line in enumerate(text.decode().splitlines(), 1) if "<personnummer>" in line)
    assert violation.line == expected
    assert violation.value == "1912"


def test_simple_types_are_read_from_our_xsd() -> None:
    simple, typed = schema.types()
    assert typed["kvaKod"] == "kvakod"
    assert typed["exportTime"] == "tidpunkt"
    assert simple["tidpunkt"].builtin == "dateTime"
    assert simple["recipientMessageSplit"].enumeration == ("SPOR",)
    assert simple["hsaId"].max_length == 64


def test_the_wsdl_imports_the_registration_schema() -> None:
    wsdl = etree.parse(str(schema.WSDL_PATH)).getroot()
    imports = wsdl.iter("{http://www.w3.org/2001/XMLSchema}import")
    assert [i.get("schemaLocation") for i in imports] == [schema.SCHEMA_PATH.name]
