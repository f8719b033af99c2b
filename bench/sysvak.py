"""SYSVAK throughput of HendelseRequest, SokRequest and KodeverkRequest, against a bare endpoint.

SYSVAK is reached over a plain HTTP transport (the real register takes ebXML on Norsk
helsenett, whose transport security is not simulated), so there is no security to turn
on; each MsgHead is read, judged against the head and payload rules, processed and its
answer stored in SQLite. Every message has its own MsgId (SYSVAK answers a repeated
MsgId from its inbox). Each HendelseRequest stores a new vaksinasjon for one of
CHILDREN children in turn, so each has a few tens, as a real child does; the search is
for a child who gets none, so its reply does not grow.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import served

SERVICE_PATH = "/sysvak/msghead"
SEARCHED = "03852153767"  # a synthetic child from the features (month + 80)
CHILDREN = 200


def children() -> list[str]:
    """CHILDREN synthetic fødselsnummer (month + 80), born on successive days from 1 January 2021."""
    from generators.identifiers import _no_with_control_digits

    born = [date(2021, 1, 1) + timedelta(days=day) for day in range(CHILDREN)]
    return [
        _no_with_control_digits(f"{day.day:02}{day.month + 80:02}{day.year % 100:02}", day.year, 0, 0)
        for day in born
    ]


def serve(folder: str) -> None:
    """The server process: the SYSVAK simulator (the children in FolkeregisterFHI) and the bare endpoint."""
    from konform.server import Server
    from konform.sysvak import embedded

    running = embedded.build(Path(folder))
    for number in [SEARCHED, *children()]:
        running.simulator.add_person({"ident": number, "fornavn": "Ida", "etternavn": "Hansen"})
    app = running.simulator.app()
    served.add_bare(app, message(search()))
    server = Server(app)
    served.listen(server, {})


def search() -> Any:
    from generators import sysvak as gen
    from konform.sysvak.model import Kriterier, SokRequest

    return SokRequest(gen.UNIT, Kriterier(person_ident=gen.person_ident(SEARCHED)))


def message(request: Any) -> bytes:
    from generators import sysvak as gen
    from konform.sysvak import messages

    return gen.msghead(messages.request(request))[0]


def operations() -> list[served.Operation]:
    """The three messages, each with its own MsgId; every HendelseRequest a new vaksinasjon."""
    from generators import sysvak as gen
    from konform.sysvak import codes
    from konform.sysvak.model import KodeverkRequest, Vaksinand

    vaksinander = [Vaksinand(ident=gen.person_ident(number)) for number in children()]
    first = date(2022, 1, 1)
    days = (first + timedelta(days=offset) for offset in itertools.count())
    events = ((child, code, day) for day in days for code in codes.VAKSINER for child in vaksinander)
    count, batches = served.REQUESTS, served.REPEAT + 1
    hendelser = []
    for _ in range(batches):
        batch = [next(events) for _ in range(count)]
        hendelser.append(
            [message(gen.request_for(child, gen.hendelse(code, day))) for child, code, day in batch]
        )
    searches = [[message(search()) for _ in range(count)] for _ in range(batches)]
    kodeverk = [
        [message(KodeverkRequest(gen.UNIT, "vaksinekoder")) for _ in range(count)] for _ in range(batches)
    ]
    accepted = b"<Status>akseptert</Status>"
    return [
        served.Operation("HendelseRequest", SERVICE_PATH, hendelser, b"<Kode>HENDELSE_NY</Kode>"),
        served.Operation("SokRequest", SERVICE_PATH, searches, accepted),
        served.Operation("KodeverkRequest", SERVICE_PATH, kodeverk, accepted),
    ]


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json under "sysvak"."""
    security = "none on this transport (plain HTTP); head and payload rules, SQLite WAL"
    return served.benchmark("sysvak", "SYSVAK (MsgHead over HTTP)", security, lambda _: operations())


if __name__ == "__main__":
    main()
