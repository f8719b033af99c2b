"""`konform validate <registry> FILE…`: judge what a vendor's system produces (CONTRACTS.md)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import click

from konform.cli.binding_options import binding_options, load_binding
from konform.cli.code_lists import code_lists_option
from konform.cli.official_schema import official_schema_option, with_official
from konform.cli.validate_io import (
    OneLineErrors,
    fail,
    finish,
    judge_and_exit,
    output_options,
    progress,
    recorded_messages,
)
from konform.cli.verbosity import verbosity_options
from konform.spor import rules as spor_rules
from konform.spor import wire as spor_wire
from konform.spor.index import load_previous
from konform.spor.side import (
    SideInputError,
    SideInputs,
    parse_moment,
    read_block_list,
    read_plans,
    read_treatments,
)
from konform.validate import FileVerdict, Unusable, registry


@click.group("validate", cls=OneLineErrors)
@verbosity_options
def validate_command() -> None:
    """Judge messages a vendor's system produces against a registry's rules (consumer conformance)."""


_FILE = click.Path(path_type=Path, dir_okay=False)


@validate_command.command("spor")
@click.option("--block-list", type=_FILE, help="Patients who declined (§6.6).")
@click.option("--treatments", type=_FILE, help="The day's treatments in the source system (§6.2, §6.4).")
@click.option("--plans", type=_FILE, help="Planning history of the source system (§6.3).")
@click.option("--previous", type=_FILE, help="The export sent last time, to judge resends (§6.5).")
@click.option("--at", "at", metavar="DATETIME", help="'Now' (ISO 8601 with offset) for the nightly deadline.")
@output_options
@click.option("--recorded", metavar="URL", help="Judge every message a running SPOR simulator received.")
@click.option(
    "--ca", type=_FILE, help="CA certificate to trust for --recorded (e.g. the simulator's test CA)."
)
@binding_options
@click.argument("files", nargs=-1)
def spor_command(
    block_list: Path | None,
    treatments: Path | None,
    plans: Path | None,
    previous: Path | None,
    at: str | None,
    fmt: str,
    junit: Path | None,
    readings: str,
    recorded: str | None,
    ca: Path | None,
    schema_dir: Path | None,
    binding: Path | None,
    sample: Path | None,
    files: tuple[str, ...],
) -> None:
    """Judge SPOR 4.1 exports and messages (SOAP envelope, postRegistrationRequest or registration).

    \b
    Side inputs (UTF-8 text, '#' starts a comment, blank lines are ignored):
      --block-list   one personnummer/samordningsnummer a line (12 digits)
      --treatments   'behandlingsnummer [variable numbers…]' a line, e.g.
                     '2200054 310 540'; 450 means 450 = Ja; list 585 when set
      --plans        'behandlingsnummer planeringstidpunkt' a line, e.g.
                     '2200054 2022-04-12T15:00:00+02:00'

    With --schema/--binding the files are in the registry's own schema
    (docs/reference/bindings.md).
    """
    if not files and not recorded:
        fail("give at least one FILE or --recorded URL")
    wire = load_binding(spor_wire.load, binding=binding, schema_dir=schema_dir, sample=sample)
    try:
        side = SideInputs(
            block_list=read_block_list(block_list) if block_list else frozenset(),
            treatments=read_treatments(treatments) if treatments else {},
            plans=read_plans(plans) if plans else {},
            previous=previous,
            at=parse_moment(at) if at else None,
        )
        if previous is not None:
            load_previous(previous)
    except SideInputError as error:
        fail(str(error))
    verdicts = [_judge_file(name, side, wire) for name in files]
    for name, body in recorded_messages(recorded, ca) if recorded else []:
        verdicts.append(_judge_body(name, body, side, wire))
    finish(verdicts, fmt, junit, "spor", readings)


def _judge_file(name: str, side: SideInputs, wire: spor_wire.Wire) -> FileVerdict:
    try:
        verdict = spor_rules.judge(Path(name), side, progress=progress(name), wire=wire)
    except Unusable as error:
        return FileVerdict(file=name, usable=False, reason=error.reason)
    return replace(verdict, file=name)


def _judge_body(name: str, body: bytes, side: SideInputs, wire: spor_wire.Wire) -> FileVerdict:
    try:
        return spor_rules.judge_stream(io.BytesIO(body), side, name=name, wire=wire)
    except Unusable as error:
        return FileVerdict(file=name, usable=False, reason=error.reason)


# -- LAR ---------------------------------------------------------------------------------------


@validate_command.command("lar")
@click.option("--at", "at", metavar="DATETIME", help="'Now' (ISO 8601 with offset) for ID-card validity.")
@click.option(
    "--trust",
    "trusted",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An STS certificate (PEM) to trust; repeatable. Without it the card's own certificate checks "
    "the signature and the issuer is not judged.",
)
@output_options
@click.option("--recorded", metavar="URL", help="Judge every message a running LAR simulator received.")
@official_schema_option
@click.argument("files", nargs=-1)
def lar_command(
    at: str | None,
    trusted: tuple[Path, ...],
    fmt: str,
    junit: Path | None,
    readings: str,
    recorded: str | None,
    schema_dir: Path | None,
    files: tuple[str, ...],
) -> None:
    """Judge LAR requests (a SOAP envelope, or a bare Register-, Update- or GetPatientAllergyList request).

    With an envelope the DGWS header is judged too: present, well-formed, signature intact,
    ID-card level sufficient for the operation (3 register/update, 4 get), valid at --at.
    """
    from konform.lar import judge as lar

    if not files and not recorded:
        fail("give at least one FILE or --recorded URL")
    try:
        side = lar.LarSide(at=lar.parse_moment(at) if at else None, trusted=trusted)
    except ValueError as error:
        fail(f"--at: {error}")
    judge_and_exit("lar", with_official(lar, schema_dir), side, files, recorded, fmt, junit, readings)


# -- BRS ---------------------------------------------------------------------------------------


@validate_command.command("brs")
@click.option("--at", "at", metavar="DATETIME", help="'Now' (ISO 8601 with offset) for ID-card validity.")
@click.option(
    "--trust",
    "trusted",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An STS certificate (PEM) to trust; repeatable. With it the envelope's ID card is verified "
    "completely (signature, issuer, validity, level); without it only read.",
)
@click.option("--cvr", "cvrs", multiple=True, metavar="CVR", help="A whitelisted CVR; repeatable.")
@output_options
@click.option("--recorded", metavar="URL", help="Judge every message a running BRS simulator received.")
@official_schema_option
@click.argument("files", nargs=-1)
def brs_command(
    at: str | None,
    trusted: tuple[Path, ...],
    cvrs: tuple[str, ...],
    fmt: str,
    junit: Path | None,
    readings: str,
    recorded: str | None,
    schema_dir: Path | None,
    files: tuple[str, ...],
) -> None:
    """Judge BRS requests: treatmentRelation or notificationQuery (a SOAP envelope or the bare body).

    With an envelope the DGWS headers are judged too (BRS-DGWS): present, an ID card of level 3
    or higher, valid at --at, from a --cvr if given; with --trust also its signature and issuer.
    """
    from konform.brs import judge as brs

    if not files and not recorded:
        fail("give at least one FILE or --recorded URL")
    try:
        side = brs.BrsSide(
            at=brs.parse_moment(at) if at else None,
            sts_certs=trusted,
            whitelist=frozenset(cvrs) if cvrs else None,
        )
    except ValueError as error:
        fail(f"--at: {error}")
    judge_and_exit("brs", with_official(brs, schema_dir), side, files, recorded, fmt, junit, readings)


# -- Takecare ----------------------------------------------------------------------------------


@validate_command.command("takecare")
@output_options
@click.argument("files", nargs=-1, required=True)
def takecare_command(fmt: str, junit: Path | None, readings: str, files: tuple[str, ...]) -> None:
    """Judge Takecare integration declarations (TOML; schemas/takecare/declaration.schema.json).

    Checks the access matrix (TC-ACCESS), XChange and Intelligence use, RTP through NTjP for
    more than one region, JUNO for two-way integration, and the onboarding stage against
    the evidence held (TC-PROCESS). Example: docs/takecare/declaration.example.toml.
    """
    verdicts = []
    for name in files:
        try:
            verdicts.append(replace(registry.judge_for("takecare")(Path(name), None), file=name))
        except Unusable as error:
            verdicts.append(FileVerdict(file=name, usable=False, reason=error.reason))
    finish(verdicts, fmt, junit, "takecare", readings)


# -- SYSVAK ------------------------------------------------------------------------------------


@validate_command.command("sysvak")
@click.option(
    "--msghead-xsd",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An official MsgHead v1.2 XSD (e.g. MsgHead-v1_2.xsd) to validate each MsgHead against as well; "
    "the files it imports must lie beside it.",
)
@click.option("--at", "at", metavar="DATETIME", help="'Now' (ISO 8601 with offset) for birth dates.")
@output_options
@click.option("--recorded", metavar="URL", help="Judge every message a running SYSVAK simulator received.")
@code_lists_option
@binding_options
@click.argument("files", nargs=-1)
def sysvak_command(
    msghead_xsd: Path | None,
    at: str | None,
    fmt: str,
    junit: Path | None,
    readings: str,
    recorded: str | None,
    schema_dir: Path | None,
    binding: Path | None,
    sample: Path | None,
    files: tuple[str, ...],
) -> None:
    """Judge MsgHead v1.2 messages a vendor's system sends to SYSVAK (Dok 31).

    The head (§3.6: message type, required elements, one Document, no ConversationRef,
    UTF-8) and the SYSVAK message in it (our schema, schemas/sysvak/, or the registry's own
    with --schema/--binding; the health unit's ID type from 9051; fødselsnummer, D- and
    H-nummer; whole hendelser).
    """
    from datetime import datetime

    from konform.msghead.schema import SchemaUnavailable, combined
    from konform.sysvak import binding as sysvak_binding
    from konform.sysvak import rules as sysvak

    if not files and not recorded:
        fail("give at least one FILE or --recorded URL")
    bound = load_binding(sysvak_binding.load_option, binding=binding, schema_dir=schema_dir, sample=sample)
    try:
        moment = datetime.fromisoformat(at) if at else None
    except ValueError as error:
        fail(f"--at: {error}")
    if moment is not None and moment.tzinfo is None:
        fail(f"--at {at}: give an offset, e.g. 2024-05-03T12:00:00+02:00")
    if msghead_xsd is not None:
        try:
            combined(msghead_xsd, (bound.main,))
        except SchemaUnavailable as error:
            fail(f"--msghead-xsd: {error}")
    side = sysvak.SideInputs(msghead_xsd=msghead_xsd, at=moment)
    with sysvak_binding.using(bound):
        judge_and_exit("sysvak", sysvak, side, files, recorded, fmt, junit, readings)
