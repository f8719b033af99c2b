"""`konform validate lar|brs --schema DIR`: the registry's official XSDs, checked besides konform's own.

The XSDs here are small ones written for the test, in LAR's and BRS's real namespaces: each
declares the request konform's example sends and demands one more attribute, `purpose`, that
konform's own schema knows nothing of. A breach is a finding under SCHEMA naming the XSD.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from konform.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "requests"
LAR_NS = "http://nsp.dk/medicationallergyservice/2018/11/21/"
BRS_NS = "http://nsi.dk/fmki20110601/brs"
#: registry → (example, the request element, its namespace)
CASES = {
    "lar": ("lar/GetPatientAllergyList.xml", "GetPatientAllergyListRequest", LAR_NS),
    "brs": ("brs/treatmentRelation.xml", "treatmentRelationRequestBody", BRS_NS),
}


def official_xsd(folder: Path, registry: str, *, purpose_required: bool) -> Path:
    _, element, namespace = CASES[registry]
    folder.mkdir()
    (folder / f"{registry}-official.xsd").write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{namespace}">
  <xs:element name="{element}">
    <xs:complexType>
      <xs:sequence>
        <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="purpose" type="xs:string" use="{"required" if purpose_required else "optional"}"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
""",
        encoding="utf-8",
    )
    return folder


def bare_request(tmp_path: Path, registry: str) -> tuple[Path, int]:
    """The example's request element alone (no DGWS header to judge), and its line."""
    example, element, _ = CASES[registry]
    lines = (EXAMPLES / example).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if f":{element} " in line or f"<{element} " in line)
    end = next(i for i, line in enumerate(lines) if f"{element}>" in line and "</" in line)
    path = tmp_path / f"{registry}.xml"
    path.write_text("\n".join(lines[start : end + 1]) + "\n", encoding="utf-8")
    return path, 1


def findings(registry: str, path: Path, *options: str | Path) -> tuple[int, list[dict[str, object]]]:
    result: Result = CliRunner().invoke(
        main, ["validate", registry, "--format", "json", *map(str, options), str(path)]
    )
    assert result.exit_code in (0, 1), result.output
    [verdict] = json.loads(result.output)["files"]
    return result.exit_code, verdict["findings"]


@pytest.mark.parametrize("registry", CASES)
def test_a_breach_of_the_official_xsd_is_a_schema_finding_naming_it(tmp_path: Path, registry: str) -> None:
    path, line = bare_request(tmp_path, registry)
    assert findings(registry, path) == (0, [])
    strict = official_xsd(tmp_path / "strict", registry, purpose_required=True)
    code, found = findings(registry, path, "--schema", strict)
    assert code == 1
    [finding] = found
    assert (finding["line"], finding["requirement"]) == (line, "SCHEMA")
    assert str(finding["message"]).startswith(f"{registry}-official.xsd: ") and "purpose" in str(
        finding["message"]
    )


@pytest.mark.parametrize("registry", CASES)
def test_a_request_the_official_xsd_accepts_gets_no_finding_from_it(tmp_path: Path, registry: str) -> None:
    path, _ = bare_request(tmp_path, registry)
    lenient = official_xsd(tmp_path / "lenient", registry, purpose_required=False)
    assert findings(registry, path, "--schema", lenient) == (0, [])


def test_a_folder_without_an_xsd_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    path, _ = bare_request(tmp_path, "lar")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["validate", "lar", "--schema", str(tmp_path / "empty"), str(path)])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert str(tmp_path / "empty") in line
