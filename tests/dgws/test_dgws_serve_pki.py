"""`konform idcard` signs with the PKI `konform serve` trusts; an untrusted STS is named by fingerprint."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from konform import pki, xml
from konform.dgws import TestSts, verify
from konform.lar import model
from konform.lar.client import LarClient
from konform.targets import Endpoint
from tests.serving import serving

CVR = "25520041"
PATIENT = "1601010020"


def sha256(pem: Path) -> str:
    """The fingerprint computed here, not by konform: SHA-256 of the certificate's DER bytes."""
    der = x509.load_pem_x509_certificate(pem.read_bytes()).public_bytes(Encoding.DER)
    return hashlib.sha256(der).digest().hex(":")


def idcard(cwd: Path, *options: str) -> etree._Element:
    """`konform idcard` as a vendor runs it in `cwd`."""
    command = [sys.executable, "-m", "konform", "idcard", "--cvr", CVR, "--level", "4", *options]
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, check=True)
    return xml.parse(done.stdout)


def lookup(url: str, card: etree._Element) -> tuple[int | None, str | None, str | None]:
    reply = LarClient(Endpoint(url=url), card).get(model.criteria_xml(patient=PATIENT))
    return reply.http_status, reply.fault_code, reply.fault_string


def test_a_card_minted_with_the_defaults_is_trusted_by_a_lar_simulator_started_with_the_defaults(
    tmp_path: Path,
) -> None:
    with serving("lar", tmp_path / "run", "--port", "0", cwd=tmp_path, default_folder=True) as served:
        status, fault, text = lookup(served.state["url"], idcard(tmp_path))
        assert served.state["pki"] == ".konform/pki"
    assert (status, fault) == (200, None), text
    assert (tmp_path / ".konform" / "pki" / "sts.pem").is_file()


def test_idcard_folder_signs_for_the_simulator_started_with_that_folder_and_the_default_does_not(
    tmp_path: Path,
) -> None:
    with serving("lar", tmp_path, "--port", "0", cwd=tmp_path) as served:
        folder = tmp_path / "sim"
        trusted = served.state["trusted_sts"]
        accepted = lookup(served.state["url"], idcard(tmp_path, "--folder", str(folder)))
        refused = lookup(served.state["url"], idcard(tmp_path))
    assert accepted[:2] == (200, None), accepted
    assert refused[1] == verify.INVALID_IDCARD
    seen = sha256(tmp_path / ".konform" / "pki" / "sts.pem")
    expected = sha256(folder / "pki" / "sts.pem")
    assert [entry["sha256"] for entry in trusted] == [expected]
    assert f"(SHA-256 {seen}), which is not a trusted STS; trusted: " in str(refused[2])
    assert f"(SHA-256 {expected})" in str(refused[2])


def test_an_untrusted_sts_fault_names_the_fingerprint_it_saw_and_every_trusted_one(
    dgws_pki: pki.Pki, untrusted_sts: TestSts, request_with: Callable[..., etree._Element], tmp_path: Path
) -> None:
    other = pki.create(tmp_path / "other")
    verifier = verify.Verifier([dgws_pki.sts_cert, other.sts_cert])
    request = request_with(untrusted_sts.mint(level=4))
    try:
        verifier.verify(request)
    except verify.DgwsFault as fault:
        text = fault.string
        code = fault.fault_code
    else:
        raise AssertionError("a card from an untrusted STS was accepted")
    assert code == verify.INVALID_IDCARD
    seen, first, second = (
        sha256(p) for p in (dgws_pki.untrusted_sts_cert, dgws_pki.sts_cert, other.sts_cert)
    )
    assert f"(SHA-256 {seen}), which is not a trusted STS" in text
    trusted = text.split("; trusted: ", 1)[1]
    assert trusted.count("SHA-256") == 2
    assert f"(SHA-256 {first})" in trusted and f"(SHA-256 {second})" in trusted
    assert seen not in trusted


def test_with_nothing_trusted_the_fault_says_so(
    untrusted_sts: TestSts, request_with: Callable[..., etree._Element]
) -> None:
    try:
        verify.Verifier([]).verify(request_with(untrusted_sts.mint(level=4)))
    except verify.DgwsFault as fault:
        assert fault.string.endswith("which is not a trusted STS; trusted: none"), fault.string
    else:
        raise AssertionError("a card was accepted by a verifier that trusts no STS")
