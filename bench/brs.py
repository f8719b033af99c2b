"""BRS throughput of treatmentRelation and notificationQuery with DGWS, against a bare endpoint.

Every request carries a signed level-3 ID card of a whitelisted CVR and its own
MessageID, all prepared before the clock starts. Each treatmentRelation asks for a
follow-up, so BRS stores an order in SQLite; notificationQuery settles due follow-ups
and reads the caller's notifications.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import served

EXAMPLES = Path(__file__).resolve().parents[1] / "schemas" / "brs" / "examples"


def serve(folder: str) -> None:
    """The server process: the BRS simulator (embedded whitelist) plus the bare endpoint on one app."""
    from konform.brs import embedded
    from konform.server import Server

    running = embedded.build(Path(folder))
    app = running.simulator.app()
    served.add_bare(app, (EXAMPLES / "brs-response.xml").read_bytes())
    server = Server(app)
    options = running.endpoint.options
    served.listen(
        server, {"sts_key": options["sts_key"], "sts_cert": options["sts_cert"], "cvr": options["cvr"]}
    )


def operations(endpoint: dict[str, Any]) -> list[served.Operation]:
    """treatmentRelation (each orders a follow-up) and notificationQuery, each with its own MessageID."""
    from konform import xml
    from konform.brs import model
    from konform.brs.simulator import BRS_PATH, NOTIFICATION_PATH
    from konform.dgws import TestSts, header

    sts = TestSts.from_files(Path(endpoint["sts_key"]), Path(endpoint["sts_cert"]))
    card = sts.mint(level=3, cvr=endpoint["cvr"])
    now = datetime.now(UTC)
    example = model.TreatmentRelationRequest.from_xml(xml.parse((EXAMPLES / "brs-request.xml").read_bytes()))
    request = replace(
        example,
        start=model.brs_time(now - timedelta(days=30)),
        end=model.brs_time(now),
        time_limit=model.brs_time(now + timedelta(days=7)),
        queryable_cvr=endpoint["cvr"],
        followup=model.ALL,
    ).to_xml()
    query = model.query_xml(0)
    count = served.REQUESTS
    relations = [[header.wrap(request, card) for _ in range(count)] for _ in range(served.REPEAT + 1)]
    queries = [[header.wrap(query, card) for _ in range(count)] for _ in range(served.REPEAT + 1)]
    return [
        served.Operation("treatmentRelation", BRS_PATH, relations, b"FollowupOrdered>true<"),
        served.Operation("notificationQuery", NOTIFICATION_PATH, queries, b"NotificationQueryResponseBody"),
    ]


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json under "brs"."""
    security = "DGWS: RSA-SHA256 signed ID card (level 3, CVR whitelist), MessageID replay; SQLite WAL"
    return served.benchmark("brs", "BRS with DGWS", security, operations)


if __name__ == "__main__":
    main()
