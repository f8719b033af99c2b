"""LAR's consumer certification hook: the simulator seeded with the plan, and the vendor's messages judged.

`start` runs the simulator as `konform serve lar` does (control API on, the test PKI in
the session folder), seeds the plan's allergies and consent, and mints one signed level-4
ID card into a file for the system to put in its wsse:Security header. LAR speaks plain
HTTP under DGWS here: there is no TLS, so no CA or client certificate to export.
`judge` applies `konform validate lar`'s engine (konform/lar/judge.py: the message rules
and the DGWS header, its signature checked against the session's STS) to every request
received, then judges the plan's tasks (konform/lar/tasks.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree

from konform.checks import Finding
from konform.consumer.plan import Plan, PlanError
from konform.consumer.session import HarnessProblem, Received, Started, about
from konform.consumer.verdicts import TaskVerdict
from konform.dgws import TestSts
from konform.lar import embedded, model, schema, tasks
from konform.lar.judge import LarSide, judge_bytes
from konform.lar.service import LarService
from konform.lar.simulator import DEFAULT_CVRS, SERVICE_PATH, LarSimulator
from konform.lar.state import Consent
from konform.validate import Unusable

PLAN = Path(__file__).with_name("plan.toml")
#: The card's validity: long enough for a vendor's whole integration run.
CARD_TTL = timedelta(hours=12)


def start(plan: Plan, folder: Path) -> Started:
    """The LAR simulator on a free port, seeded with `plan.data`, and what the system needs to call it."""
    running = embedded.build(folder, pki_folder=folder / "pki")
    try:
        running.simulator.reset()  # a reused folder starts from the plan's data alone
        seed(running.simulator, plan.data, where=str(plan.source or "the LAR plan"))
        running.server.start()
    except PlanError as error:
        running.simulator.db.close()
        raise HarnessProblem(f"cannot seed the LAR simulator: {error}") from None
    except BaseException:
        running.simulator.db.close()
        raise
    keys = running.pki
    card = TestSts.from_pki(keys).mint(level=4, cvr=DEFAULT_CVRS[0], ttl=CARD_TTL)
    card_file = folder / "idcard.xml"
    card_file.write_bytes(etree.tostring(card, xml_declaration=True, encoding="UTF-8"))
    env = {
        "KONFORM_LAR_URL": running.endpoint.url,
        "KONFORM_LAR_IDCARD": str(card_file),
        "KONFORM_LAR_STS_CERT": str(keys.sts_cert),
        "KONFORM_LAR_STS_KEY": str(keys.sts_key),
        "KONFORM_LAR_CONTROL_URL": running.server.url,
    }
    return Started(env=env, control_url=running.server.url, ca=None, stop=running.stop)


def _allergy(fields: Mapping[str, Any], where: str) -> Any:
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "versions":
            continue
        if isinstance(value, Mapping) and set(value) == {"system", "code"}:
            values[name] = model.Coding(str(value["system"]), str(value["code"]))
        elif name == "reaction":
            values[name] = [dict(reaction) for reaction in value]
        else:
            values[name] = str(value)
    try:
        return model.allergy_xml(**values)
    except (TypeError, ValueError) as error:
        raise PlanError(f"{where}: {error}") from None


def seed(simulator: LarSimulator, data: Mapping[str, Any], *, where: str) -> None:
    """Store the plan's allergies (every version, through LAR's own update) and the consent it names."""
    service = LarService(simulator.state, simulator.clock, simulator.behaviour, simulator.down)
    for number, entry in enumerate(data.get("seeded", []), 1):
        place = f"{where}: data.seeded {number}"
        versions = entry.get("versions") or [{}]
        for index, change in enumerate(versions):
            element = _allergy({**entry, **change}, place)
            if index:
                model.put(element, "versionId", str(index))
            operation = model.UPDATE if index else model.REGISTER
            problems = simulator.behaviour.problems(model.request_xml(operation, element), operation)
            if problems:
                outcome = simulator.behaviour.not_valid(problems)
            else:
                outcome = service.update(element) if index else service.register(element)
            if outcome.status != model.SUCCESS:
                raise PlanError(f"{place} version {index + 1}: LAR refused it: {outcome.text}")
    vaerdispring = data.get("vaerdispring", {})
    if vaerdispring.get("consent") == "negative":
        simulator.state.set_consent(Consent(str(vaerdispring["patient"]), negative=True))


# -- judging -------------------------------------------------------------------------------------
def message_findings(received: Received, side: LarSide) -> list[Finding]:
    """`konform validate lar` on one received request, plus a refusal no finding explains (LAR-3-DGWS)."""
    try:
        findings = judge_bytes(received.body, side, name=f"received #{received.id}").findings
    except Unusable as error:
        findings = [Finding(0, schema.DGWS, "error", f"not a LAR request: {error}")]
    answer = tasks.read(received)
    explained = any(f.severity == "error" and f.requirement in _HEADER_RULES for f in findings)
    if answer.status == tasks.FAULT and not explained:
        # The simulator refused the envelope for something the file alone cannot show (a CVR it does
        # not authorise, a MessageID used before, a content type that is not SOAP 1.1's text/xml).
        findings.append(Finding(0, schema.DGWS, "error", f"LAR answered a SOAP fault: {answer.detail}"))
    return [about(received, finding) for finding in findings]


_HEADER_RULES = frozenset({schema.DGWS, "LAR-4.1-LEVEL", "LAR-4.2-LEVEL"})


def _side(received: Received, started: Started) -> LarSide:
    sts = started.env.get("KONFORM_LAR_STS_CERT")
    try:
        at: datetime | None = datetime.fromisoformat(received.at)
    except ValueError:
        at = None
    return LarSide(at=at, trusted=(Path(sts),) if sts else ())


def _requests(received: list[Received]) -> list[Received]:
    return [r for r in received if r.path.endswith(SERVICE_PATH)]


def judged(received: list[Received], started: Started) -> list[tuple[Received, list[Finding]]]:
    """Every request received, with its findings (each naming its message: "received #<id>: …")."""
    return [(each, message_findings(each, _side(each, started))) for each in _requests(received)]


def judge(plan: Plan, received: list[Received], started: Started) -> tuple[list[TaskVerdict], list[Finding]]:
    """Each task done / not done / done wrongly, and every finding on every request received."""
    messages, findings = [], []
    for each, found in judged(received, started):
        errors = [f.requirement for f in found if f.severity == "error"]
        messages.append(tasks.read(each, errors))
        findings.extend(found)
    return tasks.verdicts(plan, messages), findings


def seen(plan: Plan, received: list[Received]) -> set[str]:
    """Tasks some request so far shows as attempted (read only: no signature checks)."""
    return tasks.related_tasks(plan, [tasks.read(each) for each in _requests(received)])
