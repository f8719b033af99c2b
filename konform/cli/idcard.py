"""`konform idcard`: mint a signed SOSI ID card with the test STS and write it to stdout.

By default it signs with the PKI `konform serve lar|brs` trusts when started without
--folder (./.konform/pki); `--folder D` signs for a simulator started with `--folder D`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import click
from lxml import etree

from konform import pki
from konform.cli.errors import UsageProblem
from konform.cli.pki import DEFAULT_FOLDER
from konform.cli.verbosity import detail, verbosity_options
from konform.dgws.sts import TestSts

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Duration(click.ParamType):
    """A duration such as 30m, 1h or 2d (units s, m, h, d)."""

    name = "duration"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        found = re.fullmatch(r"\s*([0-9]+)\s*([smhd])\s*", str(value))
        if not found or int(found.group(1)) == 0:
            self.fail(f"{value!r} is not a positive duration such as 30m, 1h or 2d", param, ctx)
        return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


@click.command("idcard")
@click.option("--level", type=click.IntRange(1, 4), default=4, show_default=True, help="AuthenticationLevel")
@click.option("--cvr", required=True, help="care provider CVR number (CareProviderID, medcom:cvrnumber)")
@click.option("--ttl", type=Duration(), default="1h", show_default=True, help="validity, e.g. 30m, 1h, 2d")
@click.option(
    "--type",
    "card_type",
    type=click.Choice(["user", "system"]),
    default=None,
    help="card type  [default: user at level 4, system below]",
)
@click.option("--care-provider-name", default=None, help="CareProviderName")
@click.option("--it-system", default="konform", show_default=True, help="ITSystemName")
@click.option(
    "--pki",
    "pki_folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"test PKI folder, created if missing [default: {DEFAULT_FOLDER}, the PKI `konform serve` "
    "uses without --folder]",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="sign for the simulator started with `konform serve lar|brs --folder FOLDER` (its FOLDER/pki)",
)
@click.option("--untrusted", is_flag=True, help="sign with the STS key of the untrusted CA")
@verbosity_options
def idcard_command(
    level: int,
    cvr: str,
    ttl: timedelta,
    card_type: str | None,
    care_provider_name: str | None,
    it_system: str,
    pki_folder: Path | None,
    folder: Path | None,
    untrusted: bool,
) -> None:
    """Mint a signed SOSI ID card (DGWS 1.0.1 saml:Assertion) and write it to stdout.

    For test environments only: the key is konform's test STS key. With -v the STS
    certificate's file, subject, SHA-256 fingerprint and the card's validity go to stderr.
    """
    if not re.fullmatch(r"[0-9]{8}", cvr):
        raise click.BadParameter(f"{cvr!r} is not an 8-digit CVR number", param_hint="--cvr")
    if pki_folder is not None and folder is not None:
        raise UsageProblem("give --pki or --folder, not both")
    keys = pki.ensure(pki_folder or (folder / "pki" if folder is not None else DEFAULT_FOLDER))
    sts = TestSts.from_pki(keys, untrusted=untrusted)
    card = sts.mint(
        level=level,
        cvr=cvr,
        ttl=ttl,
        card_type=card_type,
        care_provider_name=care_provider_name,
        it_system=it_system,
    )
    certificate = keys.untrusted_sts_cert if untrusted else keys.sts_cert
    detail(f"konform: signed by the STS {certificate}: {pki.describe(certificate)}")
    detail(f"konform: card for CVR {cvr}, level {level}, valid for {ttl}")
    click.echo(etree.tostring(card, xml_declaration=True, encoding="UTF-8"))
