"""Steps for features/hardening: konform.hardening's attacks against every endpoint and `konform validate`.

Given picks the endpoint and builds the attack from a fresh valid message (noting the
store and the record before it); When sends it exactly as built; Then checks one thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_bdd import given, parsers, then, when

from konform.checks import require
from konform.cli import main
from konform.hardening import wire
from konform.hardening.attacks import Hostile, Message, attack
from steps.hardening_world import TARGETS, VALID_FILES, HostileTarget

#: What /etc/passwd starts with: an answer carrying it read the external entity.
XXE_LEAK = "root:x:0:0"
#: What a row's failure is filed under unless the row names a catalogue requirement.
HOSTILE_INPUT = "hostile input"


def requirement(request: pytest.FixtureRequest) -> str:
    marker = request.node.get_closest_marker("requirement")
    return str(marker.kwargs["id"]) if marker is not None else HOSTILE_INPUT


@dataclass
class Armed:
    """An attack ready to send (and how), and what the endpoint held and had recorded before it."""

    hostile: Hostile
    tls: wire.Tls
    before: Any
    received: int


@given(parsers.parse('the endpoint "{name}"'), target_fixture="hostile_target")
def the_endpoint(request: pytest.FixtureRequest, name: str) -> HostileTarget:
    target = TARGETS[name](request)
    target.control.reset()
    return target


@given(parsers.parse('the attack "{name}" on a valid message'), target_fixture="armed")
def the_attack(hostile_target: HostileTarget, name: str) -> Armed:
    hostile = attack(name, hostile_target.valid())
    tls = hostile_target.untrusted if hostile.untrusted_certificate else hostile_target.tls
    if tls is None:
        raise ValueError(f"{hostile_target.name} has no mutual TLS to present an untrusted certificate to")
    if hostile.replay:
        first = wire.send(hostile_target.url, hostile, hostile_target.tls)
        if not hostile_target.accepted(first):
            raise RuntimeError(f"precondition failed: the original was not accepted: {first}")
    return Armed(hostile, tls, hostile_target.state(), hostile_target.received_count())


@when("the attack is sent", target_fixture="hostile_reply")
def send_attack(hostile_target: HostileTarget, armed: Armed) -> wire.Reply:
    reply = wire.send(hostile_target.url, armed.hostile, armed.tls)
    if armed.hostile.declared_length is not None:
        return hostile_target.recorded_after(armed.received)
    return reply


@then(parsers.parse('the answer is {answer} naming "{fragment}"'))
def answer_is(request: pytest.FixtureRequest, hostile_reply: wire.Reply, answer: str, fragment: str) -> None:
    received = f"{hostile_reply.status} {hostile_reply.fault_text[:300]!r}"
    if answer == "no HTTP answer":
        got = hostile_reply.status is None and fragment in (hostile_reply.refusal or "")
    else:
        status = int(answer.removeprefix("HTTP "))
        well_formed = hostile_reply.status is not None and (
            hostile_reply.status < 500 or hostile_reply.is_soap_fault
        )
        got = hostile_reply.status == status and well_formed and fragment in hostile_reply.fault_text
    leaked = XXE_LEAK in hostile_reply.fault_text
    require(
        requirement(request), got and not leaked, expected=f"{answer} naming {fragment!r}", received=received
    )


@then("the endpoint stored nothing from it")
def stored_nothing(request: pytest.FixtureRequest, hostile_target: HostileTarget, armed: Armed) -> None:
    after = hostile_target.state()
    require(requirement(request), after == armed.before, expected=armed.before, received=after)


@then("the endpoint still accepts the next valid message")
def still_serving(request: pytest.FixtureRequest, hostile_target: HostileTarget) -> None:
    valid = hostile_target.valid()
    reply = wire.send(
        hostile_target.url, Hostile("valid", valid.body, valid.content_type), hostile_target.tls
    )
    received = f"{reply.status} {reply.fault_text[:300]!r}"
    require(
        requirement(request),
        hostile_target.accepted(reply),
        expected="the valid message accepted",
        received=received,
    )


# -- konform validate -------------------------------------------------------------------------------


@given(parsers.parse('a {registry} file with the attack "{name}"'), target_fixture="hostile_file")
def hostile_file(tmp_path: Path, registry: str, name: str) -> Path:
    path = tmp_path / f"{registry}-hostile.xml"
    path.write_bytes(attack(name, Message(VALID_FILES[registry](), "", 0)).body)
    return path


@when(parsers.parse("konform validate {registry} judges it"), target_fixture="validate_run")
def run_validate(registry: str, hostile_file: Path) -> Result:
    return CliRunner().invoke(main, ["validate", registry, str(hostile_file)])


@then(parsers.parse('konform validate exits {code:d} with one line naming "{fragment}"'))
def one_line_verdict(request: pytest.FixtureRequest, validate_run: Result, code: int, fragment: str) -> None:
    lines = validate_run.stderr.splitlines()
    clean = validate_run.exception is None or isinstance(validate_run.exception, SystemExit)
    got = validate_run.exit_code == code and clean and len(lines) == 1 and fragment in lines[0]
    received = (
        f"exit {validate_run.exit_code}, stderr {validate_run.stderr!r}, exception {validate_run.exception!r}"
    )
    require(
        requirement(request), got, expected=f"exit {code}, one line naming {fragment!r}", received=received
    )
