"""The control API's JSON Schemas: valid draft 2020-12, each linked from the reference page.

The simulators' real replies are validated against them in tests/<registry>/test_<registry>_control_api.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.control_api import REFERENCE, SCHEMAS

FILES = sorted(SCHEMAS.rglob("*.schema.json"))


def test_there_is_a_schema_folder_per_registry_and_one_for_the_shared_routes() -> None:
    assert {path.parent.name for path in FILES} == {"common", "spor", "lar", "brs", "sysvak"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(SCHEMAS)))
def test_schema_is_valid_and_linked_from_the_reference_page(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("title") and schema.get("description")
    link = f"(control-api/{path.relative_to(SCHEMAS).as_posix()})"
    assert link in REFERENCE.read_text(encoding="utf-8"), f"{link} is not linked from {REFERENCE.name}"
