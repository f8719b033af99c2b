"""SYSVAK's consumer session: the simulator seeded with the plan's persons, and the judge.

`konform certify --consumer sysvak` starts the simulator as `konform serve sysvak` does
(control API on, plain HTTP on 127.0.0.1), seeds FolkeregisterFHI with the plan's persons,
and afterwards judges every message the vendor's system sent: with SYSVAK's consumer
rules (``konform.sysvak.rules``, the engine of `konform validate sysvak`) and, task by
task, with ``konform.sysvak.tasks``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from konform.checks import Finding
from konform.consumer.plan import Plan
from konform.consumer.session import HarnessProblem, Received, Started, about
from konform.consumer.verdicts import TaskVerdict
from konform.control import ControlError
from konform.recording import content_type
from konform.sysvak import binding as sysvak_binding
from konform.sysvak import embedded, model, readers, readings, rules
from konform.sysvak.binding import Binding
from konform.sysvak.client import SysvakControl
from konform.sysvak.tasks import JUDGES, Sent
from konform.validate import Unusable

PLAN = Path(__file__).with_name("plan.toml")
UTF8, HEAD = "SYSVAK-3.7.3-UTF8", "SYSVAK-3.6.2-HEAD"


def start(plan: Plan, folder: Path, binding: Binding | None = None) -> Started:
    """The SYSVAK simulator on a free port, FolkeregisterFHI holding the plan's persons.

    With `binding` (`--binding`) the simulator serves, and the judge reads, that schema: it is
    SYSVAK's binding in use in this process until the session stops.
    """
    before = sysvak_binding.active()
    sysvak_binding.install(binding or before)
    try:
        running = embedded.start(folder)
    except OSError as error:
        sysvak_binding.install(before)
        raise HarnessProblem(f"the SYSVAK simulator could not start: {error}") from None

    def stop() -> None:
        running.stop()
        sysvak_binding.install(before)

    control_url = str(running.endpoint.control_url)
    persons = plan.data.get("persons", [])
    try:
        if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
            raise ControlError("[[data.persons]] must be a list of tables")
        control = SysvakControl(control_url)
        try:
            control.add_persons(*persons)
        finally:
            control.close()
    except ControlError as error:
        stop()
        raise HarnessProblem(f"plan {plan.source or PLAN}: cannot seed FolkeregisterFHI: {error}") from None
    env = {"KONFORM_SYSVAK_URL": running.endpoint.url, "KONFORM_SYSVAK_CONTROL_URL": control_url}
    return Started(env=env, control_url=control_url, ca=None, stop=stop, binding=binding)


def judge(plan: Plan, received: list[Received], started: Started) -> tuple[list[TaskVerdict], list[Finding]]:
    """Every received message by SYSVAK's rules, then every task of the plan."""
    findings: list[Finding] = []
    sent: list[Sent] = []
    for message in received:
        found = [about(message, f) for f in message_findings(message)]
        findings += found
        sent.append(read_sent(message, found))
    verdicts = [JUDGES[task.id](task, plan.data, sent) for task in plan.tasks if task.id in JUDGES]
    verdicts += [
        TaskVerdict(task.id, "not done", task.requirements, "konform has no judge for this task", ())
        for task in plan.tasks
        if task.id not in JUDGES
    ]
    return verdicts, findings


def seen(plan: Plan, received: list[Received]) -> set[str]:
    """Tasks some message has attempted so far."""
    verdicts, _ = judge(plan, received, Started({}, "", None, lambda: None))
    return {v.task for v in verdicts if v.messages}


def message_findings(message: Received) -> list[Finding]:
    """What SYSVAK's rules find in one message, its transport included."""
    found: list[Finding] = []
    charset = content_type(message.content_type).charset
    if charset is not None and charset.replace("_", "-") not in ("utf-8", "utf8"):
        text = f"Content-Type names charset {charset!r}; SYSVAK messages are UTF-8"
        found.append(Finding(0, UTF8, "error", text, "Content-Type", reading=readings.CHARSET))
    try:
        message.body.decode("utf-8")
    except UnicodeDecodeError as error:
        text = f"not UTF-8 (byte {error.start}); SYSVAK messages are UTF-8 (Dok 31 §3.7.3)"
        found.append(Finding(1, UTF8, "error", text))
    try:
        judged = rules.read_message(message.body, utf8_only=False)
    except Unusable as unusable:
        text = f"no MsgHead SYSVAK can read: {unusable.reason} (Dok 31 §3.6: every message is a MsgHead)"
        return [*found, Finding(1, HEAD, "error", text, "MsgHead")]
    return found + rules.findings(judged)


def read_sent(message: Received, found: list[Finding]) -> Sent:
    """The message as the tasks see it: its SYSVAK messages, its errors, SYSVAK's answer."""
    errors = tuple(sorted({f.requirement for f in found if f.severity == "error"}))
    requests: list[model.Request | None] = []
    try:
        view = rules.read_message(message.body, utf8_only=False).view
        for document in view.documents:
            requests += [readers.read_request(payload) for payload in document.payload]
    except Unusable:
        pass
    answer = None
    if message.status == 200 and message.response:
        try:
            answered = rules.read_message(message.response, direction="out", utf8_only=False)
            answer = None if answered.payload is None else readers.read_response(answered.payload)
        except (Unusable, etree.XMLSyntaxError):
            answer = None
    refusal = "" if message.status < 400 else message.response.decode("utf-8", "replace").strip()[:300]
    return Sent(
        id=message.id,
        requests=tuple(r for r in requests if r is not None),
        errors=errors,
        status=message.status,
        answer=answer,
        refusal=refusal,
    )
