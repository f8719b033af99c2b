"""Helpers for the LAR tests: the guide's examples (features/lar/examples) and allergies built from them."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

from lxml import etree

from konform import soap, xml
from konform.lar import model

EXAMPLES = Path(__file__).resolve().parents[2] / "features" / "lar" / "examples"


def example_bytes(name: str) -> bytes:
    return (EXAMPLES / f"{name}.xml").read_bytes()


def example_content(name: str) -> etree._Element:
    """The allergy or search criteria of one of the guide's example requests (a copy)."""
    body = xml.parse(example_bytes(name)).find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    return copy.deepcopy(body[0][0])


def allergy(patient: str = "1601010020", **changes: str | None) -> etree._Element:
    """The guide's Register example allergy with a fresh identifier and the fields changed (None: removed)."""
    found = example_content("register-request")
    values = {"identifier": str(uuid.uuid4()), **changes}
    code = found.find(f"{model.a('patient')}/{model.a('code')}")
    assert code is not None
    code.text = patient
    for name, value in values.items():
        element = found.find(model.a(name))
        if value is None and element is not None:
            found.remove(element)
        elif value is not None:
            model.put(found, name, value)
    return found
