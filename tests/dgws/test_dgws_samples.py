"""Public DGWS samples (shared/reference/dgws) read with our parser and judged by our verifier.

What they show:
- trifork SecurityHeader1 (v1.0.1, level 4) was pretty-printed after signing: as published its
  SignedInfo no longer matches its SignatureValue -> invalid_signature. With the added whitespace
  removed it verifies (rsa-sha1, exclusive c14n) with its own "Danske Regioner - SOSI STS" test
  certificate, which we do not trust -> invalid_idcard; trusting that certificate and setting the
  clock to the card's lifetime (December 2011) it is accepted.
- trifork SecurityHeader2 ("level 2") is SecurityHeader1 with the AuthenticationLevel edited and the
  same signature: invalid_signature (digest mismatch) however it is formatted.
- seal.java dgws-level4 (v1.0, local times, medcom:ynumber) carries a placeholder DigestValue:
  invalid_signature.
- seal.java dgws-invalid is not well-formed: syntax_error.
"""

from __future__ import annotations

from base64 import b64decode
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from lxml import etree

from konform import xml
from konform.clock import Clock
from konform.dgws import DgwsFault, Verifier, idcard, medcom_header, verify
from konform.dgws import namespaces as ns

REFERENCE = Path("/work/shared/reference/dgws")
LEVEL4 = REFERENCE / "trifork-dgws_SecurityHeader1_idcard-v1.0.1-level4.xml"
LEVEL2 = REFERENCE / "trifork-dgws_SecurityHeader2_idcard-v1.0.1-level2.xml"
SEAL = REFERENCE / "seal-java_dgws-level4.xml"
SEAL_INVALID = REFERENCE / "seal-java_dgws-invalid.xml"

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="public DGWS samples not present (shared/reference/dgws)"
)


def _security(path: Path, *, compact: bool = False) -> etree._Element:
    security = xml.parse(path.read_bytes())
    if compact:  # undo the pretty-printing done after signing
        for element in security.iter():
            element.text = element.text.strip() or None if element.text else None
            element.tail = element.tail.strip() or None if element.tail else None
    return security


def _envelope(security: etree._Element) -> etree._Element:
    envelope = etree.Element(ns.q(ns.SOAP, "Envelope"), nsmap={"soap": ns.SOAP})
    header = etree.SubElement(envelope, ns.SOAP_HEADER)
    header.extend([security, medcom_header(security_level=4)])
    etree.SubElement(etree.SubElement(envelope, ns.q(ns.SOAP, "Body")), "{urn:konform:test:echo}Echo")
    return envelope


def _code(verifier: Verifier, request: etree._Element | bytes) -> tuple[str, str]:
    with pytest.raises(DgwsFault) as caught:
        verifier.verify(request)
    return caught.value.fault_code, caught.value.string


def test_trifork_sample_cards_parse() -> None:
    for path, level in ((LEVEL4, 4), (LEVEL2, 2)):
        card = idcard.parse(_security(path).find(ns.ASSERTION))
        assert (card.version, card.type, card.level, card.cvr) == ("1.0.1", "user", level, "25520041")
        assert card.user is not None and (card.user.given_name, card.user.role) == ("Lisbeth", "Doctor")
        assert card.not_before == datetime(2011, 12, 13, 12, 51, tzinfo=UTC)
        assert card.id == "ixND5216ltVJTnqJmPxXcA=="


def test_seal_sample_card_parses_as_version_1_0() -> None:
    card = idcard.parse(xml.parse(SEAL.read_bytes()).find(f".//{ns.ASSERTION}"))
    assert (card.version, card.level, card.care_provider_format, card.cvr) == (
        "1.0",
        4,
        "medcom:ynumber",
        None,
    )
    assert card.user is not None and card.user.email == "jh@nomail.dk"


def test_trifork_card_as_published_is_invalid_signature(verifier: Verifier) -> None:
    code, text = _code(verifier, _envelope(_security(LEVEL4)))
    assert code == verify.INVALID_SIGNATURE
    assert "Signature verification failed" in text


def test_trifork_card_as_signed_verifies_but_its_sts_is_not_trusted(verifier: Verifier) -> None:
    code, text = _code(verifier, _envelope(_security(LEVEL4, compact=True)))
    assert code == verify.INVALID_IDCARD
    assert "Danske Regioner - SOSI STS" in text


def test_trifork_card_is_accepted_by_a_verifier_trusting_its_sts_in_2011() -> None:
    security = _security(LEVEL4, compact=True)
    text = security.findtext(".//ds:X509Certificate", namespaces=ns.NSMAP) or ""
    clock = Clock()
    clock.set(datetime(2011, 12, 13, 13, 0, tzinfo=UTC))
    verifier = Verifier([x509.load_der_x509_certificate(b64decode(text))], clock=clock)
    card = verifier.verify(_envelope(security), min_level=4)
    assert (card.level, card.cvr, card.it_system) == (4, "25520041", "SOSITEST")


def test_trifork_card_is_refused_when_sha1_is_not_allowed() -> None:
    strict = Verifier([], allow_sha1=False)
    code, text = _code(strict, _envelope(_security(LEVEL4, compact=True)))
    assert code == verify.INVALID_SIGNATURE
    assert "RSA_SHA1" in text


def test_trifork_level_2_card_is_an_edited_copy_and_invalid_signature(verifier: Verifier) -> None:
    code, text = _code(verifier, _envelope(_security(LEVEL2, compact=True)))
    assert code == verify.INVALID_SIGNATURE
    assert "Digest mismatch" in text


def test_seal_sample_envelope_is_invalid_signature(verifier: Verifier) -> None:
    assert _code(verifier, SEAL.read_bytes())[0] == verify.INVALID_SIGNATURE


def test_seal_invalid_sample_is_a_syntax_error(verifier: Verifier) -> None:
    assert _code(verifier, SEAL_INVALID.read_bytes())[0] == verify.SYNTAX_ERROR
