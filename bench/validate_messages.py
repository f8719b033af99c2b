"""`konform validate lar|brs|sysvak` against plain lxml whole-tree XSD validation of the same files.

A LAR, BRS or SYSVAK file holds one message, so the two sizes are two batches of
message files (BENCH_MESSAGES, default 100 and 1 000) given to one `konform validate`
call. konform judges the whole message (envelope, DGWS ID card and its signature
against the trusted STS, MsgHead, schema, rules); the baseline parses each file and
validates the message's payload against the registry's XSD.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import results, runs

SIZES = tuple(int(size) for size in os.environ.get("BENCH_MESSAGES", "100,1000").split(","))
ROOT = Path(__file__).resolve().parents[1]


def lar_messages(count: int, keys: Any) -> list[bytes]:
    """RegisterPatientAllergy envelopes with a signed level-4 ID card, each a new allergy."""
    from bench.lar import allergy
    from konform.dgws import TestSts, header
    from konform.lar import model

    card = TestSts.from_pki(keys).mint(level=4)
    content = allergy("register-request.xml")
    messages = []
    for _ in range(count):
        model.put(content, "identifier", str(uuid.uuid4()))
        messages.append(header.wrap(model.request_xml(model.REGISTER, content), card))
    return messages


def brs_messages(count: int, keys: Any) -> list[bytes]:
    """treatmentRelation envelopes with a signed level-3 ID card of a whitelisted CVR."""
    from bench.brs import EXAMPLES
    from konform import xml
    from konform.dgws import TestSts, header

    card = TestSts.from_pki(keys).mint(level=3, cvr="31908574")  # the example's QueryableCvr
    request = xml.parse((EXAMPLES / "brs-request.xml").read_bytes())
    return [header.wrap(request, card) for _ in range(count)]


def sysvak_messages(count: int, keys: Any) -> list[bytes]:
    """MsgHead files with a HendelseRequest each, a vaksinasjon of one child on a new day."""
    from bench.sysvak import SEARCHED, message
    from generators import sysvak as gen
    from konform.sysvak.model import Vaksinand

    child = Vaksinand(ident=gen.person_ident(SEARCHED))
    first = date(2021, 5, 3)
    return [
        message(gen.request_for(child, gen.hendelse("MMR", first + timedelta(days=day))))
        for day in range(count)
    ]


def registries(keys: Any) -> dict[str, tuple[Callable[[int, Any], list[bytes]], list[str], Path, str]]:
    """Per registry: its messages, extra `konform validate` options, the XSD, the payload's namespace."""
    from konform.brs import schema as brs
    from konform.lar import schema as lar
    from konform.lar.model import SERVICE_NS
    from konform.sysvak import schema as sysvak

    trust = ["--trust", str(keys.sts_cert)]
    return {
        "lar": (lar_messages, trust, lar.SERVICE_XSD, SERVICE_NS),
        "brs": (brs_messages, [*trust, "--cvr", "31908574"], brs.SCHEMA_PATH, brs.BRS),
        "sysvak": (sysvak_messages, [], sysvak.SCHEMA_PATH, sysvak.NS),
    }


def main() -> dict[str, Any]:
    """Run the benchmark for every registry, print the tables, merge into reports/bench.json."""
    from konform import pki

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="konform-bench-messages-") as folder:
        keys = pki.ensure(Path(folder) / "pki")
        for name, (make, options, xsd, namespace) in registries(keys).items():
            sizes = []
            for size in SIZES:
                batch = Path(folder) / f"{name}-{size}"
                batch.mkdir()
                files = []
                for number, message in enumerate(make(size, keys)):
                    files.append(batch / f"{number:06}.xml")
                    files[-1].write_bytes(message)
                megabytes = sum(file.stat().st_size for file in files) / 1e6
                names = [str(file) for file in files]
                commands = {
                    "konform": [sys.executable, "-m", "konform", "validate", name, *options, *names],
                    "lxml": [sys.executable, "-m", "bench.lxml_baseline", str(xsd), namespace, *names],
                }
                sizes.append(runs.compare(commands, size, megabytes, "messages"))
            figures[name] = {"repeat": runs.REPEAT, "cpus": os.cpu_count(), "sizes": sizes}
            runs.show(
                f"konform validate {name} vs lxml XSD validation, one file a message", sizes, "messages"
            )
    results.merge("validate_messages", figures)
    return figures


if __name__ == "__main__":
    main()
