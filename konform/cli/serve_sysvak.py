"""`konform serve sysvak`: the SYSVAK simulator in the foreground, in konform's schema or a bound one."""

from __future__ import annotations

import os
from pathlib import Path

import click

from konform.cli.binding_options import binding_options, load_binding
from konform.cli.code_lists import code_lists_option
from konform.cli.serve_common import (
    SimulatorCommand,
    announce_and_serve,
    banner,
    check_fault,
    listening,
    simulator_options,
)


@click.command("sysvak", cls=SimulatorCommand, behaviour="konform.sysvak.behaviour:SysvakBehaviour")
@simulator_options("sysvak", state_file_help="write the URLs and the control URL as JSON", pki=False)
@code_lists_option
@binding_options(sample=False)
def serve_sysvak(
    port: int | None,
    state_file: Path | None,
    folder: Path,
    fault: str | None,
    schema_dir: Path | None,
    binding: Path | None,
) -> None:
    """SYSVAK (Dok 31) in KITH MsgHead v1.2, one message per HTTP POST, on 127.0.0.1.

    POST a MsgHead to the URL: 200 with the answer, or 202 while it waits (§3.2), then
    GET <URL>/responses/<MsgId>. The real register uses ebXML; this transport is konform's.
    With --schema/--binding the SYSVAK messages inside the MsgHead are in the registry's
    own schema (docs/reference/bindings.md). Runs until interrupted; state survives a
    restart (SQLite in --folder).
    """
    from konform.sysvak import binding as sysvak_binding
    from konform.sysvak import embedded
    from konform.sysvak.behaviour import SysvakBehaviour
    from konform.sysvak.simulator import RESPONSES_PATH

    check_fault(SysvakBehaviour, fault)
    bound = load_binding(sysvak_binding.load_option, binding=binding, schema_dir=schema_dir)
    sysvak_binding.install(bound)
    build = embedded.build
    running = listening(
        folder,
        {"port": port},
        lambda ports: build(folder, port=ports["port"], fault=fault),
        lambda built: {"port": built.server.port},
    )
    state = {
        "registry": "sysvak",
        "pid": os.getpid(),
        "url": running.endpoint.url,
        "responses_url": running.server.url + RESPONSES_PATH + "/<MsgId>",
        "control_url": running.endpoint.control_url,
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
        "binding": str(bound.path),
    }
    banner(
        "konform SYSVAK simulator (a test environment; nothing here is SYSVAK itself)",
        [
            ("MsgHead (POST)", state["url"]),
            ("deferred answers (GET)", state["responses_url"]),
            ("schema", f"{bound.name} ({bound.main})"),
            ("fault profile", state["fault"]),
            ("state", state["database"]),
        ],
    )
    announce_and_serve(
        state, state_file, running.server, running.simulator, note="(FolkeregisterFHI, subsystem, mottak, …)"
    )
