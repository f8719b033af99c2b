"""`konform serve <registry>`: run a registry simulator in the foreground for a vendor's system.

A simulator keeps the port it got the first time in its --folder (`ports.json`), so a
restart on the same folder serves the same URL; `--port 0` takes any free port instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from konform.cli.binding_options import binding_options, load_binding
from konform.cli.serve_common import (
    SimulatorCommand,
    announce_and_serve,
    banner,
    check_fault,
    listening,
    pki_folder_for,
    port_option,
    simulator_options,
)
from konform.cli.serve_sysvak import serve_sysvak
from konform.cli.verbosity import verbosity_options


@click.group("serve")
@verbosity_options
def serve_command() -> None:
    """Run a registry simulator as a test environment (its control API is on)."""


@serve_command.command("spor", cls=SimulatorCommand, behaviour="konform.spor.behaviour:SporBehaviour")
@simulator_options(
    "spor", port_help="the mTLS entry", state_file_help="write the URLs, CA and client certificate as JSON"
)
@port_option("--no-cert-port", 'the "utan certifikat" entry')
@click.option("--unit", "units", multiple=True, metavar="HSA-ID", help="a known unit (SystemId), repeatable")
@binding_options(sample=False)
def serve_spor(
    port: int | None,
    no_cert_port: int | None,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    units: tuple[str, ...],
    fault: str | None,
    schema_dir: Path | None,
    binding: Path | None,
) -> None:
    """SPOR RegistrationService 4.1 over mutual TLS, plus stage's "utan certifikat" entry.

    Runs until interrupted. State survives a restart (SQLite in --folder). A TLS handshake
    without a client certificate, or with one the test CA did not sign, is refused and logged.
    """
    from konform.spor import embedded
    from konform.spor import wire as spor_wire
    from konform.spor.behaviour import SporBehaviour

    check_fault(SporBehaviour, fault)
    wire = load_binding(spor_wire.load, binding=binding, schema_dir=schema_dir)
    given = {"port": port, "no_cert_port": no_cert_port}
    running = listening(
        folder,
        given,
        lambda ports: embedded.build(
            folder,
            port=ports["port"],
            no_cert_port=ports["no_cert_port"],
            units=units or (embedded.DEFAULT_UNIT,),
            fault=fault,
            pki_folder=pki_folder_for(folder, pki_folder),
            wire=wire,
        ),
        lambda built: {"port": built.mtls.port, "no_cert_port": built.no_certificate.port},
    )
    running.no_certificate.start()
    endpoint = running.endpoint
    state = {
        "registry": "spor",
        "pid": os.getpid(),
        "url": endpoint.url,
        "wsdl": endpoint.url + "?wsdl",
        "control_url": endpoint.control_url,
        "ca": str(endpoint.ca),
        "client_cert": str(endpoint.client_cert),
        "client_key": str(endpoint.client_key),
        **endpoint.options,  # no_certificate_url, upload_url, the untrusted client certificate, system_id
        "units": list(units or (embedded.DEFAULT_UNIT,)),
        "database": str(running.database),
        "fault": running.simulator.behaviour.name,
    }
    banner(
        "konform SPOR simulator (a test environment; nothing here is SPOR itself)",
        [
            ("web service (mTLS)", state["url"]),
            ("WSDL", state["wsdl"]),
            ("utan certifikat", state["no_certificate_url"]),
            ("file upload", state["upload_url"]),
            ("trust this CA", state["ca"]),
            ("client certificate", state["client_cert"]),
            ("client key", state["client_key"]),
            ("known units", ", ".join(units or (embedded.DEFAULT_UNIT,))),
            ("fault profile", state["fault"]),
            ("state", state["database"]),
        ],
    )
    note, also = "(and on the mTLS entry)", [running.no_certificate]
    announce_and_serve(state, state_file, running.mtls, running.simulator, note=note, also_stop=also)


# -- LAR ---------------------------------------------------------------------------------------


@serve_command.command("lar", cls=SimulatorCommand, behaviour="konform.lar.behaviour:LarBehaviour")
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
    port: int | None,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    trust: tuple[Path, ...],
    cvrs: tuple[str, ...],
    any_cvr: bool,
    fault: str | None,
) -> None:
    """LAR MedicationAllergyService (SOAP 1.1 under DGWS 1.0.1) over plain HTTP on 127.0.0.1.

    Trusts the STS certificate of the test PKI and any --trust certificates; mint cards
    with `konform idcard --cvr 25520041 --level 4` (the same default PKI; with --folder D,
    add --folder D to idcard too). Runs until interrupted; state survives a restart
    (SQLite in --folder).
    """
    from konform import pki
    from konform.lar import embedded
    from konform.lar.behaviour import LarBehaviour
    from konform.lar.simulator import DEFAULT_CVRS

    check_fault(LarBehaviour, fault)
    whitelist = None if any_cvr else (cvrs or DEFAULT_CVRS)
    keys = pki_folder_for(folder, pki_folder)
    running = listening(
        folder,
        {"port": port},
        lambda ports: embedded.build(
            folder, port=ports["port"], fault=fault, pki_folder=keys, cvrs=whitelist, trust=trust
        ),
        lambda built: {"port": built.server.port},
    )
    endpoint = running.endpoint
    trusted = [
        {"file": str(path), "subject": cert.subject.rfc4514_string(), "sha256": pki.fingerprint(cert)}
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
    rows: list[tuple[str, object]] = [("web service", state["url"]), ("WSDL", state["wsdl"])]
    for entry in trusted:
        rows += [("trusted STS", entry["subject"]), ("", f"{entry['file']} (SHA-256 {entry['sha256']})")]
    rows += [
        ("CVR whitelist", "any CVR" if whitelist is None else ", ".join(whitelist)),
        ("mint an ID card", f"konform idcard --pki {running.pki.folder} --cvr {endpoint.options['cvr']}"),
        ("fault profile", state["fault"]),
        ("state", state["database"]),
    ]
    banner("konform LAR simulator (a test environment; nothing here is LAR itself)", rows)
    announce_and_serve(state, state_file, running.server, running.simulator, note="")


# -- SYSVAK ------------------------------------------------------------------------------------

serve_command.add_command(serve_sysvak)


# -- BRS ---------------------------------------------------------------------------------------


@serve_command.command("brs", cls=SimulatorCommand, behaviour="konform.brs.behaviour:BrsBehaviour")
@simulator_options(
    "brs", state_file_help="write the URLs, control URL, STS key and certificate and the CVRs as JSON"
)
@click.option(
    "--cvr", "cvrs", multiple=True, metavar="CVR", help="whitelisted CVR, repeatable [default: 25520041 …]"
)
def serve_brs(
    port: int | None,
    state_file: Path | None,
    folder: Path,
    pki_folder: Path | None,
    cvrs: tuple[str, ...],
    fault: str | None,
) -> None:
    """BRS treatmentRelation and the notification service (SOAP 1.1 under DGWS 1.0.1) on 127.0.0.1.

    Serves /brs-nsp/service/brs, /brs-nsp/service/notification and gos/service/notification
    over plain HTTP. Trusts the STS of the test PKI: mint cards with `konform idcard --cvr
    25520041 --level 3` (the same default PKI; with --folder D, add --folder D to idcard too).
    Runs until interrupted; state survives a restart (SQLite in --folder).
    """
    from konform.brs import embedded
    from konform.brs.behaviour import BrsBehaviour

    check_fault(BrsBehaviour, fault)
    whitelist = cvrs or embedded.WHITELIST
    keys = pki_folder_for(folder, pki_folder)
    running = listening(
        folder,
        {"port": port},
        lambda ports: embedded.build(
            folder, port=ports["port"], whitelist=whitelist, fault=fault, pki_folder=keys
        ),
        lambda built: {"port": built.server.port},
    )
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
    banner(
        "konform BRS simulator (a test environment; nothing here is BRS or NSP itself)",
        [
            ("treatmentRelation", state["url"]),
            ("notificationQuery", state["notification_url"]),
            ("", state["gos_notification_url"]),
            ("trusted STS", state["sts_cert"]),
            ("CVR whitelist", ", ".join(state["cvr_whitelist"])),
            ("mint an ID card", f"konform idcard --pki {running.pki.folder} --cvr {whitelist[0]} --level 3"),
            ("fault profile", state["fault"]),
            ("state", state["database"]),
        ],
    )
    note = "(relations, clock, whitelist, certificate change, …)"
    announce_and_serve(state, state_file, running.server, running.simulator, note=note)
