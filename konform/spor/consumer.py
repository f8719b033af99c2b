"""SPOR's consumer session: the plan's tasks judged on what an operation-planning system sent.

Every message is judged by SPOR's consumer rules (``konform.spor.rules``, as `konform
validate spor` judges it) with side inputs built from the plan's data; each task of
``plan.toml`` (§6–§7) is then done, not done or done wrongly.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from konform import xml
from konform.checks import Finding
from konform.consumer.plan import Plan, Task
from konform.consumer.session import Received, Started, about
from konform.consumer.verdicts import TaskVerdict
from konform.spor import embedded, rules
from konform.spor.model import BY_ELEMENT, REQUEST
from konform.spor.schema import NS, SCHEMA
from konform.spor.side import SideInputs, parse_moment
from konform.spor.wire import BUILTIN_WIRE, Wire
from konform.validate import Unusable

PLAN = Path(__file__).with_name("plan.toml")
#: The rules judged on the export as a whole: a treatment of the day missing from it.
_WHOLE_EXPORT = ("SPOR-6.2-INCL", "SPOR-6.4-ABORTED")


def start(plan: Plan, folder: Path, binding: Wire = BUILTIN_WIRE) -> Started:
    """SPOR's simulator (mTLS entry, control API on the "utan certifikat" entry) knowing data.unit,
    speaking `binding`'s schema (`--binding`; konform's own by default)."""
    unit = (str(plan.data["unit"]),)
    running = embedded.start(folder, units=unit, pki_folder=folder / "pki", wire=binding)
    endpoint = running.endpoint
    env = {
        "KONFORM_SPOR_URL": endpoint.url,
        "KONFORM_SPOR_UPLOAD_URL": str(endpoint.options["upload_url"]),
        "KONFORM_SPOR_CA": str(endpoint.ca),
        "KONFORM_SPOR_CLIENT_CERT": str(endpoint.client_cert),
        "KONFORM_SPOR_CLIENT_KEY": str(endpoint.client_key),
        "KONFORM_SPOR_CONTROL_URL": str(endpoint.control_url),
    }
    control = str(endpoint.control_url)
    return Started(env=env, control_url=control, ca=endpoint.ca, stop=running.stop, binding=binding)


@dataclass
class Sent:
    """One received message read as SPOR registrations: behandlingsnummer → element texts."""

    message: Received
    registrations: dict[str, dict[str, Any]] = field(default_factory=dict)


def _read(message: Received, wire: Wire) -> Sent | None:
    """The registrations of a postRegistration or upload (read as konform's); None for anything else."""
    if message.path not in (wire.path, wire.upload_path) or not message.body.strip():
        return None
    sent = Sent(message)
    try:
        root = xml.parse(message.body)
    except (xml.UnsafeXml, etree.XMLSyntaxError, ValueError):
        return sent
    for element in map(wire.to_canonical, root.iter(wire.registration)):
        texts: dict[str, Any] = {}
        for kid in element:
            name = etree.QName(kid).localname if isinstance(kid.tag, str) else ""
            if name == "atgarder":
                texts[name] = [(code.text or "").strip() for code in kid]
            elif name:
                texts[name] = (kid.text or "").strip()
        sent.registrations[str(texts.get("behandlingsnummer", ""))] = texts
    return sent


def _side(plan: Plan, *, treatments: bool = False, previous: Path | None = None) -> SideInputs:
    data = plan.data
    expected: dict[str, frozenset[int]] = {}
    blocked = frozenset(str(n) for n in data.get("block_list", []))
    for number, variables in data.get("treatments", {}).items() if treatments else ():
        if variables.get("personnummer") in blocked:
            continue  # §6.6: a declined patient's treatment is never expected in the export
        numbers = {BY_ELEMENT[name].number for name in variables if name in BY_ELEMENT}
        numbers |= {410} if number in data.get("plans", {}) else set()
        if variables.get("avfordFranVantelistan") not in (None, "Ja"):
            numbers.discard(450)
        expected[number] = frozenset(n for n in numbers if n is not None)
    plans = {
        n: tuple(parse_moment(t, f"plan data.plans.{n}") for t in times)
        for n, times in data.get("plans", {}).items()
    }
    return SideInputs(block_list=blocked, treatments=expected, plans=plans, previous=previous)


def _judge(message: Received, side: SideInputs, wire: Wire) -> list[Finding]:
    try:
        name = f"received #{message.id}"
        verdict = rules.judge_stream(io.BytesIO(message.body), side, name=name, wire=wire)
    except Unusable as error:
        return [
            about(message, Finding(0, SCHEMA, "error", f"not a SPOR registration request: {error.reason}"))
        ]
    return [about(message, finding) for finding in verdict.findings]


def _expected(plan: Plan, number: str) -> dict[str, Any]:
    """The registration of `number` as the source system has it now (after data.change)."""
    wanted: dict[str, Any] = dict(plan.data["treatments"][number])
    change = plan.data.get("change", {})
    if change.get("behandlingsnummer") == number:
        wanted.update(change.get("set", {}))
    return wanted


def _split(plan: Plan, received: list[Received], wire: Wire) -> tuple[list[Sent], Sent | None, list[Sent]]:
    """(the export's messages, the resend of the changed registration, every message read)."""
    every = [sent for sent in (_read(message, wire) for message in received) if sent is not None]
    change = plan.data.get("change", {})
    number, changed = str(change.get("behandlingsnummer", "")), dict(change.get("set", {}))
    export: list[Sent] = []
    for sent in every:
        got = sent.registrations.get(number)
        if export and got is not None and all(got.get(k) == v for k, v in changed.items()):
            return export, sent, every
        if sent.registrations:
            export.append(sent)
    return export, None, every


def judge(plan: Plan, received: list[Received], started: Started) -> tuple[list[TaskVerdict], list[Finding]]:
    """Every message by SPOR's rules (in the schema the simulator served), then each task of the plan."""
    wire = started.binding or BUILTIN_WIRE
    export, resend, every = _split(plan, received, wire)
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="konform-spor-") as scratch:
        previous = None
        if export:
            previous = Path(scratch) / "export.xml"
            body = export[0].message.body
            previous.write_bytes(body if wire.canonical else _canonical([body], wire))
        for sent in every:
            later = previous if sent is not (export[0] if export else None) else None
            findings += _judge(sent.message, _side(plan, previous=later), wire)
        if export:
            findings += _whole_export(plan, export, Path(scratch), wire)
    verdicts = [_task(task, plan, export, resend, every, findings) for task in plan.tasks]
    return verdicts, findings


def _whole_export(plan: Plan, export: list[Sent], scratch: Path, wire: Wire) -> list[Finding]:
    """§6.2/§6.4 on every registration the export's messages carried, as one export (konform's schema)."""
    body = _canonical([sent.message.body for sent in export], wire)
    verdict = rules.judge_stream(io.BytesIO(body), _side(plan, treatments=True), name="export")
    return [
        about(export[0].message, finding)
        for finding in verdict.findings
        if finding.requirement in _WHOLE_EXPORT and finding.line == 0
    ]


def _canonical(bodies: list[bytes], wire: Wire) -> bytes:
    """One request in konform's schema holding every registration of `bodies` (in `wire`'s schema)."""
    merged = etree.Element(REQUEST, nsmap={None: NS})
    for body in bodies:
        merged.extend([wire.to_canonical(r) for r in xml.parse(body).iter(wire.registration)])
    return etree.tostring(merged)


def _ids(sents: list[Sent]) -> tuple[int, ...]:
    return tuple(sent.message.id for sent in sents)


def _task(
    task: Task,
    plan: Plan,
    export: list[Sent],
    resend: Sent | None,
    every: list[Sent],
    findings: list[Finding],
) -> TaskVerdict:
    shown = [sent for sent in every if sent.registrations]
    if task.id == "spor-resend-whole":
        return _resend(task, plan, resend)
    if task.id == "spor-last-planning":
        number = next(iter(plan.data.get("plans", {})), "")
        shown = [sent for sent in export if number in sent.registrations]
    elif task.id == "spor-night-export":
        shown = export
    elif task.id == "spor-unit":
        unit = plan.data["unit"]
        wrong = [s for s in shown if any(r.get("systemId") != unit for r in s.registrations.values())]
        if wrong:
            why = f"a registration's systemId is not {unit}, the unit SPOR knows: SPOR answers ERROR"
            return TaskVerdict(task.id, "done wrongly", task.requirements, why, _ids(wrong))
    if not shown:
        return TaskVerdict(task.id, "not done", task.requirements, "no message showed it", ())
    ids = set(_ids(shown)) if task.id != "spor-formats" else set(_ids(every))
    errors = [
        f
        for f in findings
        if f.severity == "error" and f.requirement in task.requirements and _about(f) in ids
    ]
    if errors:
        failed = tuple(sorted({f.requirement for f in errors}))
        why = "; ".join(dict.fromkeys(f.message for f in errors))
        return TaskVerdict(task.id, "done wrongly", failed, why, tuple(sorted({_about(f) for f in errors})))
    return TaskVerdict(task.id, "done", task.requirements, f"shown by {len(shown)} message(s)", _ids(shown))


def _about(finding: Finding) -> int:
    return int(finding.message.split("#", 1)[1].split(":", 1)[0])


def _resend(task: Task, plan: Plan, resend: Sent | None) -> TaskVerdict:
    if resend is None:
        return TaskVerdict(
            task.id, "not done", task.requirements, "the changed registration was not sent again", ()
        )
    number = str(plan.data["change"]["behandlingsnummer"])
    got, wanted = resend.registrations[number], _expected(plan, number)
    missing = sorted(name for name, value in wanted.items() if got.get(name) != value)
    if missing:
        why = (
            f"the resend of {number} leaves out or changes {', '.join(missing)}: SPOR replaces all "
            "it stored, so the whole registration must be sent"
        )
        return TaskVerdict(task.id, "done wrongly", task.requirements, why, (resend.message.id,))
    return TaskVerdict(task.id, "done", task.requirements, f"{number} sent again whole", (resend.message.id,))


def seen(plan: Plan, received: list[Received], started: Started | None = None) -> set[str]:
    """The tasks a message so far shows as attempted."""
    wire = started.binding if started is not None and started.binding else BUILTIN_WIRE
    export, resend, _ = _split(plan, received, wire)
    attempted = {t.id for t in plan.tasks if t.id != "spor-resend-whole"} if export else set()
    return attempted | ({"spor-resend-whole"} if resend else set())
