"""What every `konform serve <registry>` shares: its options, the port kept in --folder, the fault
profiles in its --help, logging by -q/-v, the state file, and serving until interrupted."""

from __future__ import annotations

import importlib
import json
import logging
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from konform.cli.errors import UsageProblem
from konform.cli.pki import DEFAULT_FOLDER
from konform.cli.verbosity import QUIET, VERBOSE, level, say, verbosity_options
from konform.faults import Behaviour, profiles
from konform.server import Server
from konform.simulator import Simulator

MAX_IN_FLIGHT = "konform.max_in_flight"
#: The file in --folder that keeps the ports a simulator got the first time.
PORTS_FILE = "ports.json"
#: The PKI every command uses unless told otherwise: `konform pki`, `konform idcard`, and
#: `konform serve` when no --folder is given.
DEFAULT_PKI = DEFAULT_FOLDER
Command = TypeVar("Command", bound=Callable[..., Any])


class SimulatorCommand(click.Command):
    """A `konform serve <registry>` command whose --help lists the registry's fault profiles."""

    def __init__(self, *args: Any, behaviour: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.behaviour = behaviour

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Fault profiles (--fault NAME, or PUT /_konform/fault)"):
            formatter.write_dl(
                [(name, profile.deviation) for name, profile in sorted(fault_profiles(self).items())]
            )


def fault_profiles(command: SimulatorCommand) -> dict[str, type[Behaviour]]:
    module, attribute = command.behaviour.split(":")
    base: type[Behaviour] = getattr(importlib.import_module(module), attribute)
    return profiles(base)


def _remember_max_in_flight(context: click.Context, _param: click.Parameter, value: int | None) -> None:
    context.meta[MAX_IN_FLIGHT] = value


def max_in_flight_option(command: Command) -> Command:
    """--max-in-flight N, the same for every registry: past N requests in flight, 503 + Retry-After."""
    return click.option(
        "--max-in-flight",
        type=click.IntRange(min=1),
        metavar="N",
        expose_value=False,
        callback=_remember_max_in_flight,
        help="answer 503 with Retry-After while N requests are in flight (default: no cap; "
        "PUT /_konform/limits changes it on the running simulator)",
    )(command)


def port_option(name: str, what: str) -> Callable[[Command], Command]:
    return click.option(
        name,
        type=click.IntRange(0, 65535),
        default=None,
        help=f"port of {what} (default: the port kept in --folder from the first start, any free "
        "one the first time; 0: any free port, not kept)",
    )


def simulator_options(
    registry: str,
    *,
    state_file_help: str,
    port_help: str = "the service",
    pki: bool = True,
) -> Callable[[Command], Command]:
    """The options every `konform serve <registry>` takes: --port, --state-file, --folder,
    --pki (where the registry has a test PKI), --fault, --max-in-flight, -q and -v."""
    folder_help = "state (SQLite), the kept port and, when given, the test PKI (<folder>/pki)"
    options = [
        port_option("--port", port_help),
        click.option("--state-file", type=click.Path(dir_okay=False, path_type=Path), help=state_file_help),
        click.option(
            "--folder",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path(".konform") / registry,
            show_default=True,
            help=folder_help if pki else "state (SQLite) and the kept port",
        ),
    ]
    if pki:
        pki_folder = click.Path(file_okay=False, path_type=Path)
        pki_help = f"test PKI folder (default: <folder>/pki when --folder is given, else {DEFAULT_PKI})"
        options.append(click.option("--pki", "pki_folder", type=pki_folder, help=pki_help))
    fault_help = "start with this fault profile (listed below; PUT /_konform/fault switches)"
    options += [click.option("--fault", metavar="PROFILE", help=fault_help), max_in_flight_option]

    def apply(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return verbosity_options(command)

    return apply


def pki_folder_for(folder: Path, pki_folder: Path | None) -> Path:
    """--pki, else <folder>/pki when --folder was given, else the shared default PKI."""
    if pki_folder is not None:
        return pki_folder
    context = click.get_current_context()
    if context.get_parameter_source("folder") == ParameterSource.DEFAULT:
        return DEFAULT_PKI
    return folder / "pki"


def check_fault(base: type[Behaviour], fault: str | None) -> None:
    """A --fault naming no profile of the registry is a usage error listing the known ones."""
    known = profiles(base)
    if fault is not None and fault not in known:
        choices = ", ".join(sorted(known))
        raise click.BadParameter(f"unknown fault profile; known: {choices}", param_hint="--fault")


# -- ports ----------------------------------------------------------------------------------------


def kept_ports(folder: Path) -> dict[str, int]:
    try:
        data = json.loads((folder / PORTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def ports_to_use(folder: Path, given: dict[str, int | None]) -> dict[str, int]:
    """Per listener: the port given on the command line, else the one kept in `folder`, else 0."""
    kept = kept_ports(folder)
    return {name: (port if port is not None else kept.get(name, 0)) for name, port in given.items()}


def keep_ports(folder: Path, given: dict[str, int | None], got: dict[str, int]) -> None:
    """Keep the ports a start got, except those asked for with port 0 (any free one, this time)."""
    kept = kept_ports(folder)
    kept.update({name: port for name, port in got.items() if given.get(name) != 0})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PORTS_FILE).write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")


def _in_use(port: int) -> bool:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", port))
    except OSError:
        return True
    finally:
        probe.close()
    return False


T = TypeVar("T")


def listening(
    folder: Path,
    given: dict[str, int | None],
    build: Callable[[dict[str, int]], T],
    got: Callable[[T], dict[str, int]],
) -> T:
    """`build(ports)` with the ports to use, keeping the ports it `got`; a port that is taken is
    exit 2 in one line naming it."""
    ports = ports_to_use(folder, given)
    try:
        built = build(ports)
    except OSError as error:
        busy = [port for port in ports.values() if port and _in_use(port)]
        if not busy:
            raise UsageProblem(f"cannot listen on 127.0.0.1: {error}") from None
        port = busy[0]
        name = next(n for n, p in ports.items() if p == port)
        origin = f"kept in {folder / PORTS_FILE} from an earlier start" if given[name] is None else "given"
        raise UsageProblem(
            f"port {port} ({origin}) is in use: stop what listens there, or give --port 0 for any free port"
        ) from None
    keep_ports(folder, given, got(built))
    return built


# -- logging, the state file, serving ---------------------------------------------------------------


def configure_logging() -> None:
    """konform's own log (refused TLS handshakes, …) on stderr; -v adds every request, -q only errors."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("konform serve: %(message)s"))
    own = logging.getLogger("konform")
    own.addHandler(handler)
    verbosity = level()
    own.setLevel(
        logging.ERROR if verbosity <= QUIET else logging.INFO if verbosity >= VERBOSE else logging.WARNING
    )
    if verbosity >= VERBOSE:
        access = logging.getLogger("uvicorn.access")
        access.addHandler(handler)
        access.setLevel(logging.INFO)


def _write_state(state_file: Path, state: dict[str, object]) -> None:
    """Write the state file atomically: readers never see a half-written file."""
    state_file.parent.mkdir(parents=True, exist_ok=True)
    partial = state_file.with_name(state_file.name + ".partial")
    partial.write_text(json.dumps(state, indent=2), encoding="utf-8")
    partial.replace(state_file)


def banner(title: str, rows: Sequence[tuple[str, object]]) -> None:
    """The simulator's name and one row per address or setting (none with -q)."""
    say(title)
    for label, value in rows:
        say(f"  {label:<22} {value}")


def announce_and_serve(
    state: dict[str, Any],
    state_file: Path | None,
    server: Server,
    simulator: Simulator,
    *,
    note: str,
    also_stop: Sequence[Server] = (),
) -> None:
    """Say that the control API is on, write the state file, serve until interrupted, close.

    With -q only the service URL and the control API's warning are printed.
    """
    simulator.max_in_flight = click.get_current_context().meta.get(MAX_IN_FLIGHT)
    state["max_in_flight"] = simulator.max_in_flight
    if simulator.max_in_flight is not None:
        say(f"  requests in flight     at most {simulator.max_in_flight}, then 503 with Retry-After")
    if level() <= QUIET:
        click.echo(state["url"])
    click.echo(
        f"CONTROL API IS ON at {state['control_url']}/_konform/{' ' + note if note else ''}: "
        "anyone who reaches it can change this simulator's state."
    )
    if state_file is not None:
        _write_state(state_file, state)
        say(f"  state file             {state_file}")
    configure_logging()
    try:
        server.serve_forever()
    finally:
        for other in also_stop:
            other.stop()
        simulator.db.close()
