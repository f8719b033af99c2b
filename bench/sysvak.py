"""SYSVAK throughput of HendelseRequest, SokRequest and KodeverkRequest, against a bare endpoint.

SYSVAK is reached over a plain HTTP transport (the real register takes ebXML on Norsk
helsenett, whose transport security is not simulated), so there is no security to turn
on; each MsgHead is read, judged against the head and payload rules, processed and its
answer stored in SQLite. Every message has its own MsgId (SYSVAK answers a repeated
MsgId from its inbox). Each HendelseRequest stores a new vaksinasjon of one child; the
search is for another child, so its reply does not grow.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import served

SERVICE_PATH = "/sysvak/msghead"
WRITTEN = "03852150024"  # synthetic children from the features (month + 80)
SEARCHED = "03852153767"


def serve(folder: str) -> None:
    """The server process: the SYSVAK simulator (two children in FolkeregisterFHI) and the bare endpoint."""
    from konform.server import Server
    from konform.sysvak import embedded

    running = embedded.build(Path(folder))
    for number, name in ((WRITTEN, "Emil"), (SEARCHED, "Ida")):
        running.simulator.add_person({"ident": number, "fornavn": name, "etternavn": "Hansen"})
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

    child = Vaksinand(ident=gen.person_ident(WRITTEN))
    first = date(2021, 5, 3)
    days = (first + timedelta(days=offset) for offset in itertools.count())
    events = ((code, day) for day in days for code in codes.VAKSINER)
    count, batches = served.REQUESTS, served.REPEAT + 1
    hendelser = [
        [message(gen.request_for(child, gen.hendelse(*next(events)))) for _ in range(count)]
        for _ in range(batches)
    ]
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
