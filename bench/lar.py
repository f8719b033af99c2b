"""LAR throughput of Register-, Update- and GetPatientAllergyList with DGWS, against a bare endpoint.

Every request carries a signed level-4 ID card and its own MessageID (the simulator
refuses a replayed one), all prepared before the clock starts. Each round registers new
allergies for one patient and then updates each of them once (versionId 1), and reads
the list of another patient who has three allergies, so the reply does not grow.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from lxml import etree

from bench import load, served

SERVICE_PATH = "/lar/MedicationAllergyService"
EXAMPLES = Path(__file__).resolve().parents[1] / "features" / "lar" / "examples"
READ_PATIENT = "1601010020"  # the guide's example patient (§5.1)
WRITE_PATIENT = "2001211005"  # the update example's patient
ALLERGIES = 3


def serve(folder: str) -> None:
    """The server process: the LAR simulator plus the bare endpoint on one app."""
    from konform import pki
    from konform.lar.simulator import LarSimulator
    from konform.server import Server

    keys = pki.ensure(Path(folder) / "pki")
    simulator = LarSimulator.open(Path(folder) / "lar.sqlite", trusted_sts=[keys.sts_cert])
    app = simulator.app()
    served.add_bare(app, (EXAMPLES / "get-response.xml").read_bytes())
    server = Server(app)
    served.listen(server, {"sts_key": str(keys.sts_key), "sts_cert": str(keys.sts_cert)})


def allergy(example: str) -> etree._Element:
    from konform import soap, xml

    body = xml.parse((EXAMPLES / example).read_bytes()).find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    return body[0][0]


def _set_patient(allergy: etree._Element, patient: str) -> etree._Element:
    from konform.lar import model

    code = allergy.find(f"{model.a('patient')}/{model.a('code')}")
    assert code is not None
    code.text = patient
    return allergy


def operations(endpoint: dict[str, Any]) -> list[served.Operation]:
    """The three operations' batches, each request with its own MessageID; the reader's allergies stored."""
    from konform.dgws import header
    from konform.lar import model
    from konform.lar.cards import Cards
    from konform.targets import Endpoint

    card = Cards(Endpoint(url=endpoint["url"] + SERVICE_PATH, options=endpoint)).card(4)
    register, update = allergy("register-request.xml"), allergy("update-request.xml")

    def wrapped(operation: model.Operation, content: etree._Element, identifier: str = "") -> bytes:
        if identifier:
            model.put(content, "identifier", identifier)
        return header.wrap(model.request_xml(operation, content), card)

    success = f">{model.SUCCESS}<".encode()  # the ReplyStatus statusCode
    _set_patient(register, READ_PATIENT)
    setup = [wrapped(model.REGISTER, register, str(uuid.uuid4())) for _ in range(ALLERGIES)]
    load.run(endpoint["url"] + SERVICE_PATH, setup, connections=1, expect=success)
    _set_patient(register, WRITE_PATIENT)
    registers, updates, reads = [], [], []
    criteria = model.criteria_xml(patient=READ_PATIENT)
    for _ in range(served.REPEAT + 1):
        identifiers = [str(uuid.uuid4()) for _ in range(served.REQUESTS)]
        registers.append([wrapped(model.REGISTER, register, i) for i in identifiers])
        updates.append([wrapped(model.UPDATE, update, i) for i in identifiers])
        reads.append([wrapped(model.GET, criteria) for _ in identifiers])
    return [
        served.Operation(
            "RegisterPatientAllergy", SERVICE_PATH, registers, success, "RegisterPatientAllergy"
        ),
        served.Operation("UpdatePatientAllergy", SERVICE_PATH, updates, success, "UpdatePatientAllergy"),
        served.Operation("GetPatientAllergyList", SERVICE_PATH, reads, success, "GetPatientAllergyList"),
    ]


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json under "lar"."""
    security = "DGWS: RSA-SHA256 signed ID card (level, CVR, validity), MessageID replay; SQLite WAL"
    return served.benchmark("lar", "LAR with DGWS", security, operations)


if __name__ == "__main__":
    main()
