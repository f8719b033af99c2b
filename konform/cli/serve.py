"""`konform serve <registry>`: run a registry simulator in the foreground for a vendor's system."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from konform.faults import Behaviour, profiles
from konform.server import Server
from konform.simulator import Simulator

MAX_IN_FLIGHT = "konform.max_in_flight"
Command = TypeVar("Command", bound=Callable[..., Any])


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


def simulator_options(
    registry: str,
    *,
    state_file_help: str,
    port_help: str = "port (default: any free port)",
    pki: bool = True,
) -> Callable[[Command], Command]:
    """The options every `konform serve <registry>` takes: --port, --state-file, --folder,
    --pki (where the registry has a test PKI), --fault and --max-in-flight."""
    folder_help = "state (SQLite) and, unless --pki is given, the test PKI" if pki else "state (SQLite)"
    options = [
        click.option("--port", type=int, default=0, help=port_help),
        click.option("--state-file", type=click.Path(dir_okay=False, path_type=Path), help=state_file_help),
        click.option(
            "--folder",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path(".konform") / registry,
            show_default=True,
            help=folder_help,
        ),
    ]
    if pki:
        pki_folder = click.Path(file_okay=False, path_type=Path)
        options.append(click.option("--pki", "pki_folder", type=pki_folder, help="test PKI folder"))
    fault_help = "start with this fault profile (see /_konform/fault)"
    options += [click.option("--fault", metavar="PROFILE", help=fault_help), max_in_flight_option]

    def apply(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _write_state(state_file: Path, state: dict[str, object]) -> None:
    """Write the state file atomically: readers never see a half-written file."""
    state_file.parent.mkdir(parents=True, exist_ok=True)
    partial = state_file.with_name(state_file.name + ".partial")
    partial.write_text(json.dumps(state, indent=2), encoding="utf-8")
    partial.replace(state_file)


def _check_fault(base: type[Behaviour], fault: str | None) -> None:
    """A --fault naming no profile of the registry is a usage error listing the known ones."""
    known = profiles(base)
    if fault is not None and fault not in known:
        choices = ", ".join(sorted(known))
        raise click.BadParameter(f"unknown fault profile; known: {choices}", param_hint="--fault")


def _announce_and_serve(
    state: dict[str, Any],
    state_file: Path | None,
    server: Server,
    simulator: Simulator,
    *,
    note: str,
    also_stop: Sequence[Server] = (),
) -> None:
    """Say that the control API is on, write the state file, serve until interrupted, close."""
    simulator.max_in_flight = click.get_current_context().meta.get(MAX_IN_FLIGHT)
    state["max_in_flight"] = simulator.max_in_flight
    if simulator.max_in_flight is not None:
        click.echo(f"  requests in flight     at most {simulator.max_in_flight}, then 503 with Retry-After")
    click.echo(
        f"CONTROL API IS ON at {state['control_url']}/_konform/{' ' + note if note else ''}: "
        "anyone who reaches it can change this simulator's state."
    )
    if state_file is not None:
        _write_state(state_file, state)
        click.echo(f"  state file             {state_file}")
    try:
        server.serve_forever()
    finally:
        for other in also_stop:
            other.stop()
        simulator.db.close()


@click.group("serve")
def serve_command() -> None:
    """Run a registry simulator as a test environment (its control API is on)."""


@serve_command.command("spor")
@simulator_options(
    "spor",
    port_help="port of the mTLS entry (default: any free port)",
    state_file_help="write the URLs, CA and client certificate as JSON",
)
@click.option("--no-cert-port", type=int, default=0, help='port of the "utan certifikat" entry')
@click.option("--unit", "units", multiple=True, metavar="HSA-ID", help="a known unit (SystemId), repeatable")
def serve_spor(
    port: int,
    no_cert_port: int,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    units: tuple[str, ...],
    fault: str | None,
) -> None:
    """SPOR RegistrationService 4.1 over mutual TLS, plus stage's "utan certifikat" entry.

    Runs until interrupted. State survives a restart (SQLite in --folder).
    """
    from konform.spor import embedded
    from konform.spor.behaviour import SporBehaviour

    _check_fault(SporBehaviour, fault)
    try:
        running = embedded.build(
            folder,
            port=port,
            no_cert_port=no_cert_port,
            units=units or (embedded.DEFAULT_UNIT,),
            fault=fault,
            pki_folder=pki_folder,
        )
    except OSError as error:
        raise click.ClickException(f"cannot listen on port {port} / {no_cert_port}: {error}") from None
    running.no_certificate.start()
    endpoint = running.endpoint
    state = {
        "registry": "spor",
        "pid": os.getpid(),
        "url": endpoint.url,
        "wsdl": endpoint.url + "?wsdl",
        "no_certificate_url": running.no_certificate_url,
        "upload_url": endpoint.options["upload_url"],
        "control_url": endpoint.control_url,
        "ca": str(endpoint.ca),
        "client_cert": str(endpoint.client_cert),
        "client_key": str(endpoint.client_key),
        "untrusted_client_cert": endpoint.options["untrusted_client_cert"],
        "untrusted_client_key": endpoint.options["untrusted_client_key"],
        "units": list(units or (embedded.DEFAULT_UNIT,)),
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
    }
    echo = click.echo
    echo("konform SPOR simulator (a test environment; nothing here is SPOR itself)")
    echo(f"  web service (mTLS)     {state['url']}")
    echo(f"  WSDL                   {state['wsdl']}")
    echo(f"  utan certifikat        {state['no_certificate_url']}")
    echo(f"  file upload            {state['upload_url']}")
    echo(f"  trust this CA          {state['ca']}")
    echo(f"  client certificate     {state['client_cert']}")
    echo(f"  client key             {state['client_key']}")
    echo(f"  known units            {', '.join(units or (embedded.DEFAULT_UNIT,))}")
    echo(f"  fault profile          {state['fault']}")
    echo(f"  state                  {state['database']}")
    _announce_and_serve(
        state,
        state_file,
        running.mtls,
        running.simulator,
        note="(and on the mTLS entry)",
        also_stop=[running.no_certificate],
    )


# -- LAR ---------------------------------------------------------------------------------------


@serve_command.command("lar")
@simulator_options("lar", state_file_help="write the URL, control URL, trusted STS and its key as JSON")
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="also trust this STS certificate (PEM); repeatable",
)
@click.option(
    "--cvr", "cvrs", multiple=True, metavar="CVR", help="whitelisted CVR, repeatable [default: 25520041]"
)
@click.option("--any-cvr", is_flag=True, help="authorise every CVR (no whitelist)")
def serve_lar(
    port: int,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    trust: tuple[Path, ...],
    cvrs: tuple[str, ...],
    any_cvr: bool,
    fault: str | None,
) -> None:
    """LAR MedicationAllergyService (SOAP 1.1 under DGWS 1.0.1) over plain HTTP on 127.0.0.1.

    Trusts the STS certificate of the test PKI (`konform pki`) and any --trust certificates;
    mint cards with `konform idcard --pki <PKI> --cvr 25520041 --level 4`. Runs until
    interrupted; state survives a restart (SQLite in --folder).
    """
    from cryptography.hazmat.primitives import hashes

    from konform.lar import embedded
    from konform.lar.behaviour import LarBehaviour
    from konform.lar.simulator import DEFAULT_CVRS

    _check_fault(LarBehaviour, fault)
    whitelist = None if any_cvr else (cvrs or DEFAULT_CVRS)
    running = embedded.build(
        folder, port=port, fault=fault, pki_folder=pki_folder, cvrs=whitelist, trust=trust
    )
    endpoint = running.endpoint
    trusted = [
        {
            "file": str(path),
            "subject": cert.subject.rfc4514_string(),
            "sha256": cert.fingerprint(hashes.SHA256()).hex(":"),
        }
        for path, cert in zip(running.trusted, running.simulator.trusted, strict=True)
    ]
    state = {
        "registry": "lar",
        "pid": os.getpid(),
        "url": endpoint.url,
        "wsdl": endpoint.url + "?wsdl",
        "control_url": endpoint.control_url,
        "trusted_sts": trusted,
        "cvr_whitelist": None if whitelist is None else list(whitelist),
        "pki": str(running.pki.folder),
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
        **endpoint.options,
    }
    echo = click.echo
    echo("konform LAR simulator (a test environment; nothing here is LAR itself)")
    echo(f"  web service            {state['url']}")
    echo(f"  WSDL                   {state['wsdl']}")
    for entry in trusted:
        echo(f"  trusted STS            {entry['subject']}")
        echo(f"                         {entry['file']} (SHA-256 {entry['sha256']})")
    echo(f"  CVR whitelist          {'any CVR' if whitelist is None else ', '.join(whitelist)}")
    echo(
        f"  mint an ID card        konform idcard --pki {running.pki.folder} --cvr {endpoint.options['cvr']}"
    )
    echo(f"  fault profile          {state['fault']}")
    echo(f"  state                  {state['database']}")
    _announce_and_serve(state, state_file, running.server, running.simulator, note="")


# -- SYSVAK ------------------------------------------------------------------------------------


@serve_command.command("sysvak")
@simulator_options("sysvak", state_file_help="write the URLs and the control URL as JSON", pki=False)
@click.option(
    "--code-lists",
    type=click.Path(exists=True, path_type=Path),
    metavar="PATH",
    help="Real SYSVAK code lists (a folder of CSV files, a CSV or a JSON file) instead of konform's "
    "sample; format: docs/reference/sysvak-code-lists.md.",
)
def serve_sysvak(
    port: int, state_file: Path | None, folder: Path, fault: str | None, code_lists: Path | None
) -> None:
    """SYSVAK (Dok 31) in KITH MsgHead v1.2, one message per HTTP POST, on 127.0.0.1.

    POST a MsgHead to the URL: 200 with the answer, or 202 while it waits (§3.2), then
    GET <URL>/responses/<MsgId>. The real register uses ebXML; this transport is konform's.
    Runs until interrupted; state survives a restart (SQLite in --folder).
    """
    from konform.sysvak import embedded
    from konform.sysvak.behaviour import SysvakBehaviour
    from konform.sysvak.simulator import RESPONSES_PATH

    _check_fault(SysvakBehaviour, fault)
    if code_lists is not None:
        from konform.sysvak import codes
        from konform.sysvak.code_lists import CodeListError, load

        try:
            codes.install(load(code_lists))
        except CodeListError as error:
            raise click.BadParameter(str(error), param_hint="--code-lists") from None
    running = embedded.build(folder, port=port, fault=fault)
    state = {
        "registry": "sysvak",
        "pid": os.getpid(),
        "url": running.endpoint.url,
        "responses_url": running.server.url + RESPONSES_PATH + "/<MsgId>",
        "control_url": running.endpoint.control_url,
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
    }
    echo = click.echo
    echo("konform SYSVAK simulator (a test environment; nothing here is SYSVAK itself)")
    echo(f"  MsgHead (POST)         {state['url']}")
    echo(f"  deferred answers (GET) {state['responses_url']}")
    echo(f"  fault profile          {state['fault']}")
    echo(f"  state                  {state['database']}")
    _announce_and_serve(
        state, state_file, running.server, running.simulator, note="(FolkeregisterFHI, subsystem, mottak, …)"
    )


# -- BRS ---------------------------------------------------------------------------------------


@serve_command.command("brs")
@simulator_options(
    "brs", state_file_help="write the URLs, control URL, STS key and certificate and the CVRs as JSON"
)
@click.option(
    "--cvr",
    "cvrs",
    multiple=True,
    metavar="CVR",
    help="whitelisted CVR, repeatable [default: 25520041 55832218 31908574]",
)
def serve_brs(
    port: int,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    cvrs: tuple[str, ...],
    fault: str | None,
) -> None:
    """BRS treatmentRelation and the notification service (SOAP 1.1 under DGWS 1.0.1) on 127.0.0.1.

    Serves /brs-nsp/service/brs, /brs-nsp/service/notification and gos/service/notification
    over plain HTTP. Trusts the STS of the test PKI: mint cards with `konform idcard --pki <PKI>
    --cvr 25520041 --level 3`. Runs until interrupted; state survives a restart (SQLite in --folder).
    """
    from konform.brs import embedded
    from konform.brs.behaviour import BrsBehaviour

    _check_fault(BrsBehaviour, fault)
    whitelist = cvrs or embedded.WHITELIST
    running = embedded.build(folder, port=port, whitelist=whitelist, fault=fault, pki_folder=pki_folder)
    endpoint = running.endpoint
    state = {
        "registry": "brs",
        "pid": os.getpid(),
        "url": endpoint.url,
        "wsdl": endpoint.url + "?wsdl",
        "control_url": endpoint.control_url,
        "cvr_whitelist": list(whitelist),
        "pki": str(running.pki.folder),
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
        **endpoint.options,
    }
    echo = click.echo
    echo("konform BRS simulator (a test environment; nothing here is BRS or NSP itself)")
    echo(f"  treatmentRelation      {state['url']}")
    echo(f"  notificationQuery      {state['notification_url']}")
    echo(f"                         {state['gos_notification_url']}")
    echo(f"  trusted STS            {state['sts_cert']}")
    echo(f"  CVR whitelist          {', '.join(state['cvr_whitelist'])}")
    mint = f"konform idcard --pki {running.pki.folder} --cvr {whitelist[0]} --level 3"
    echo(f"  mint an ID card        {mint}")
    echo(f"  fault profile          {state['fault']}")
    echo(f"  state                  {state['database']}")
    _announce_and_serve(
        state,
        state_file,
        running.server,
        running.simulator,
        note="(relations, clock, whitelist, certificate change, …)",
    )
