"""`konform idcard` writes a signed card that the verifier accepts; bad options are usage errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from lxml import etree

from konform import pki
from konform.cli import main
from konform.dgws import DgwsFault, Verifier, verify, wrap
from konform.dgws import namespaces as ns


def _mint(dgws_pki: pki.Pki, *options: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["idcard", "--pki", str(dgws_pki.folder), *options])
    return result.exit_code, result.stdout_bytes, result.stderr


def _request(card_xml: bytes) -> bytes:
    return wrap(etree.Element("{urn:konform:test:echo}Echo"), etree.fromstring(card_xml))


def test_idcard_command_writes_a_card_that_verifies(dgws_pki: pki.Pki, verifier: Verifier) -> None:
    code, out, _ = _mint(dgws_pki, "--level", "4", "--cvr", "25520041", "--ttl", "1h")
    assert code == 0
    assert etree.fromstring(out).tag == ns.ASSERTION
    card = verifier.verify(_request(out), min_level=4)
    assert (card.level, card.type, card.cvr) == (4, "user", "25520041")
    assert card.not_on_or_after - card.not_before == timedelta(hours=1)


def test_idcard_command_mints_system_cards_and_durations_in_days(
    dgws_pki: pki.Pki, verifier: Verifier
) -> None:
    code, out, _ = _mint(dgws_pki, "--level", "3", "--cvr", "25520041", "--ttl", "2d", "--type", "system")
    assert code == 0
    card = verifier.verify(_request(out))
    assert (card.type, card.not_on_or_after - card.not_before) == ("system", timedelta(days=2))


def test_idcard_command_untrusted_card_is_refused(dgws_pki: pki.Pki, verifier: Verifier) -> None:
    code, out, _ = _mint(dgws_pki, "--cvr", "25520041", "--untrusted", "--ttl", "30m")
    assert code == 0
    with pytest.raises(DgwsFault) as caught:
        verifier.verify(_request(out))
    assert caught.value.fault_code == verify.INVALID_IDCARD


@pytest.mark.parametrize(
    "options",
    [
        ["--cvr", "25520041", "--ttl", "soon"],
        ["--cvr", "25520041", "--ttl", "0h"],
        ["--cvr", "25520041", "--level", "5"],
        ["--cvr", "2552"],
        ["--level", "4"],
    ],
)
def test_idcard_command_bad_option_is_a_usage_error(dgws_pki: pki.Pki, options: list[str]) -> None:
    code, out, err = _mint(dgws_pki, *options)
    assert code == 2
    assert out == b""
    assert "Traceback" not in err
