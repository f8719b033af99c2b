"""BRS's consumer session hook: the simulator seeded with the plan's data, and the system judged.

`start` runs the BRS simulator as `konform serve brs` does (plain HTTP as NSP's test
environments, DGWS in the message, control API on), seeds the plan's relation facts and
waiting notifications, and mints the system's ID card file with the test STS. `judge`
judges every received message with `konform validate brs`'s engine (konform.brs.judge,
the ID card verified against the STS and the whitelist at the moment it arrived) and
each task of konform/brs/plan.toml (konform.brs.tasks).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from lxml import etree

from konform.brs import embedded, tasks
from konform.brs.control_client import BrsControl
from konform.brs.judge import BrsSide, judge_bytes
from konform.brs.model import Organisation, TreatmentRelationRequest, brs_time
from konform.brs.relations import RelationFact
from konform.brs.schema import QUERY, REQUEST
from konform.brs.simulator import BRS_PATH, GOS_PATH, NOTIFICATION_PATH, BrsSimulator
from konform.brs.state import epoch
from konform.checks import Finding
from konform.consumer.plan import Plan, PlanError
from konform.consumer.session import Received, Started
from konform.consumer.verdicts import TaskVerdict
from konform.control import ControlError
from konform.dgws.sts import TestSts
from konform.validate import Unusable

PLAN = Path(__file__).with_name("plan.toml")
#: The system's ID card: level 3 as BRS demands, valid from an hour before the session for 30 days
#: (the system moves the simulator's clock past its follow-up's TimeLimit, at most 14 days on).
CARD_LEVEL = 3
CARD_VALIDITY = timedelta(days=30)
#: Relation facts hold for this long around the session, so any lookup interval near it meets them.
FACT_SPAN = timedelta(days=3650)


def start(plan: Plan, folder: Path) -> Started:
    """Start the BRS simulator seeded with `plan.data`; the env a system needs to call it."""
    cvr = str(tasks.setting(plan, "cvr"))
    whitelist = tuple(str(c) for c in tasks.setting(plan, "whitelist"))
    if cvr not in whitelist:
        raise PlanError(f"{plan.source or 'BRS plan'}: [data] cvr {cvr} is not in whitelist")
    running = embedded.build(folder / "brs", whitelist=whitelist, pki_folder=folder / "pki")
    simulator = running.simulator
    simulator.reset()
    seed(simulator, plan)
    running.server.start()
    now = simulator.clock.now()
    card = TestSts.from_pki(running.pki, clock=simulator.clock).mint(
        level=CARD_LEVEL, cvr=cvr, ttl=CARD_VALIDITY, card_type="system", not_before=now - timedelta(hours=1)
    )
    card_file = folder / "idcard.xml"
    card_file.write_bytes(etree.tostring(card, xml_declaration=True, encoding="UTF-8"))
    base = running.server.url
    env = {
        "KONFORM_BRS_URL": base + BRS_PATH,
        "KONFORM_BRS_NOTIFICATION_URL": base + GOS_PATH,
        "KONFORM_BRS_IDCARD": str(card_file.resolve()),
        "KONFORM_BRS_STS_CERT": str(running.pki.sts_cert.resolve()),
        "KONFORM_BRS_STS_KEY": str(running.pki.sts_key.resolve()),
        "KONFORM_BRS_CONTROL_URL": base,
    }
    return Started(env=env, control_url=base, ca=None, stop=running.stop)


def seed(simulator: BrsSimulator, plan: Plan) -> None:
    """The plan's relation facts (category A for the ask, C for the follow-up) and waiting notifications."""
    now = simulator.clock.now()
    organisation = tasks.setting(plan, "organisation")
    where = Organisation(str(organisation["kind"]), str(organisation["value"]))
    professional = str(tasks.setting(plan, "professional"))
    with simulator.state.transaction():
        for part, category in (("ask", "A"), ("followup", "C")):
            patient = str(tasks.setting(plan, part, "patient"))
            fact = RelationFact(patient, professional, where, category, now - FACT_SPAN, now + FACT_SPAN)
            simulator.state.add_relation(fact, now - FACT_SPAN)
        _notifications(simulator, plan, where, professional, now)


def _notifications(
    simulator: BrsSimulator, plan: Plan, where: Organisation, professional: str, now: datetime
) -> None:
    """`count` notifications for the system's CVR and, spread among them, `other_count` for another."""
    own = int(tasks.setting(plan, "notifications", "count"))
    other = str(tasks.setting(plan, "notifications", "other_cvr"))
    others = int(tasks.setting(plan, "notifications", "other_count"))
    prefix = str(tasks.setting(plan, "notifications", "external_prefix"))
    patient = str(tasks.setting(plan, "notifications", "patient"))
    total = own + others
    spread = {(k + 1) * total // (others + 1) for k in range(others)}
    ordered, limit = now - timedelta(days=3), now - timedelta(days=1)
    request = TreatmentRelationRequest(
        organisation=where,
        patient=patient,
        professional=professional,
        start=brs_time(ordered),
        end=brs_time(ordered + timedelta(hours=8)),
        time_limit=brs_time(limit),
        queryable_cvr=None,
        acceptable=("A", "B"),
        followup=("C", "D", "E"),
    )
    for number in range(1, total + 1):
        cvr = other if number in spread else str(tasks.setting(plan, "cvr"))
        external = f"{prefix}{number:04d}"
        unique = str(uuid.uuid5(uuid.NAMESPACE_URL, f"konform:brs:{external}"))
        values = {
            "unique_id": unique, "external_id": external, "queryable_cvr": cvr,
            "patient": patient, "professional": professional,
            "org_kind": where.kind, "org_value": where.value, "acceptable": request.acceptable,
            "time_limit": epoch(limit), "time_limit_text": brs_time(limit),
            "lookup_start": epoch(ordered), "lookup_end": epoch(ordered + timedelta(hours=8)),
            "lookup_start_text": request.start, "lookup_end_text": request.end,
            "request": _source(request, cvr), "ordered_at": epoch(ordered),
        }  # fmt: skip
        simulator.state.order_followup(values)
        row = simulator.db.execute("SELECT id FROM brs_followups WHERE unique_id = ?", (unique,)).fetchone()
        simulator.state.notify(row["id"], cvr, ["C"], epoch(limit))
        simulator.state.settle(row["id"], "notified")


def _source(request: TreatmentRelationRequest, cvr: str) -> str:
    """RequestSource: the request that ordered a seeded follow-up, as BRS keeps it."""
    return etree.tostring(replace(request, queryable_cvr=cvr).to_xml(), encoding="unicode")


def message_findings(message: Received, side: BrsSide) -> list[Finding]:
    """`konform validate brs` on one received message, and whether it went to its operation's address."""
    notification = message.path in (NOTIFICATION_PATH, GOS_PATH)
    try:
        found = list(judge_bytes(message.body, side, name=f"received #{message.id}").findings)
    except Unusable as error:
        requirement = "NOTIF-QUERY" if notification else "BRS-REQ"
        found = [Finding(0, requirement, "error", f"not a BRS request: {error}")]
    payload = tasks.body_of(message.body)
    tag = payload.tag if payload is not None else None
    if tag in (REQUEST, QUERY) and payload is not None and payload.getparent() is None:
        text = "missing_required_header: a bare request body, not a SOAP 1.1 envelope with DGWS headers"
        found.append(Finding(0, "BRS-DGWS", "error", text))
    if (tag == REQUEST and notification) or (tag == QUERY and message.path == BRS_PATH):
        what = "treatmentRelation" if tag == REQUEST else "notificationQuery"
        found.append(Finding(0, "BRS-ENDPOINT", "error", f"{what} was sent to {message.path}"))
    return [_named(f, message.id) for f in found]


def _named(finding: Finding, identifier: int) -> Finding:
    return replace(finding, message=f"received #{identifier}: {finding.message}")


def _side(plan: Plan, started: Started, received: Received) -> BrsSide:
    try:
        at: datetime | None = datetime.fromisoformat(received.at)
    except ValueError:
        at = None
    whitelist = frozenset(str(c) for c in tasks.setting(plan, "whitelist"))
    return BrsSide(at=at, sts_certs=(Path(started.env["KONFORM_BRS_STS_CERT"]),), whitelist=whitelist)


def held(plan: Plan, started: Started) -> tasks.Held:
    """The waiting notifications and the follow-ups the simulator holds, from its control API."""
    control = BrsControl(started.control_url, started.ca)
    prefix = str(tasks.setting(plan, "notifications", "external_prefix"))
    try:
        notifications = control.notifications(cvr=str(tasks.setting(plan, "cvr")))
        followups = control.followups()
    except ControlError:
        return tasks.Held(frozenset())
    finally:
        control.close()
    waiting = frozenset(n["serial"] for n in notifications if str(n["external_id"]).startswith(prefix))
    return tasks.Held(
        waiting,
        {n["unique_id"]: n["serial"] for n in notifications},
        {f["unique_id"]: f["time_limit"] for f in followups},
    )


def judge(plan: Plan, received: list[Received], started: Started) -> tuple[list[TaskVerdict], list[Finding]]:
    """Every message by BRS's consumer rules, and every task as done, not done or done wrongly."""
    unknown = [task.id for task in plan.tasks if task.id not in tasks.TASKS]
    if unknown:
        raise PlanError(f"{plan.source or 'BRS plan'}: no judge for task {', '.join(unknown)}")
    findings: list[Finding] = []
    messages = []
    for each in received:
        found = message_findings(each, _side(plan, started, each))
        findings += found
        errors = [f.requirement for f in found if f.severity == "error"]
        messages.append(tasks.message(each.id, each.at, each.body, each.status, each.response, errors))
    state = held(plan, started)
    verdicts = [tasks.TASKS[task.id](plan, task, messages, state) for task in plan.tasks]
    return verdicts, findings


def seen(plan: Plan, received: list[Received]) -> set[str]:
    """Task ids a message so far shows as attempted."""
    return tasks.attempted(
        plan, [tasks.message(r.id, r.at, r.body, r.status, r.response, ()) for r in received]
    )
