"""What SYSVAK's step modules share: the scenario's view of the target and small checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from generators import sysvak as gen
from konform.checks import require
from konform.sysvak.client import Answer, SysvakClient, SysvakControl
from konform.sysvak.model import (
    HendelseRequest,
    Request,
    SokRequest,
    SokResponse,
)
from steps.sysvak_phrases import criteria

DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
NUMBER = r"(?P<number>\d{11})"


def requirement_of(request_: pytest.FixtureRequest) -> str:
    """The requirement the running scenario is tagged with (@req:<ID>)."""
    marker = request_.node.get_closest_marker("requirement")
    if marker is None:
        raise RuntimeError(f"{request_.node.nodeid} has no @req tag")
    return str(marker.kwargs["id"])


@dataclass
class SysvakScenario:
    """One scenario's view of the target: a client, the control API (or None), what was sent."""

    client: SysvakClient
    control: SysvakControl | None
    synthetic: bool
    answers: list[Answer] = field(default_factory=list)

    def arrange(self) -> SysvakControl:
        if self.control is None:
            pytest.skip("arranging SYSVAK's backend facts needs a simulator's control API")
        return self.control

    def send(self, message: Request, **head: object) -> Answer:
        answer = self.client.send(message, **head)
        self.answers.append(answer)
        return answer

    def search(self, number: str) -> SokResponse | None:
        found = self.client.send(SokRequest(gen.UNIT, criteria(f"fødselsnummer {number}"))).response
        return found if isinstance(found, SokResponse) else None


def accepted(answer: Answer) -> bool:
    response = answer.response
    return answer.status == 200 and response is not None and response.resultat.status == "akseptert"


def summary(answer: Answer) -> str:
    body = answer.exchange.response_body.decode("utf-8", "replace")[:600]
    return f"HTTP {answer.status}: {answer.response if answer.response is not None else body!r}"


def holds(
    request_: pytest.FixtureRequest, sysvak: SysvakScenario, message: HendelseRequest
) -> HendelseRequest:
    answer = sysvak.send(message)
    require(
        requirement_of(request_),
        accepted(answer),
        expected="SYSVAK accepts the hendelse being arranged",
        received=summary(answer),
    )
    return message


def the_date(text: str) -> date:
    return date.fromisoformat(text)
