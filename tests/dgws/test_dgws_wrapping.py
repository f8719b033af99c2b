"""The verifier resists XML signature wrapping: it reads only the signed assertion, in its place."""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from konform.dgws import DgwsFault, TestSts, Verifier, verify
from konform.dgws import namespaces as ns

Build = Callable[..., etree._Element]
Refuse = Callable[..., DgwsFault]


def _forged(signed: etree._Element, *, keep_signature: bool) -> etree._Element:
    """A copy of the card claiming level 4 and another CVR, with or without the original signature."""
    forged = copy.deepcopy(signed)
    for attribute in forged.iter(ns.q(ns.SAML, "Attribute")):
        value = attribute.find(ns.q(ns.SAML, "AttributeValue"))
        assert value is not None
        if attribute.get("Name") == "sosi:AuthenticationLevel":
            value.text = "4"
        if attribute.get("Name") == "medcom:CareProviderID":
            value.text = "99999999"
    if not keep_signature:
        signature = forged.find(ns.SIGNATURE)
        assert signature is not None
        forged.remove(signature)
    return forged


def test_second_unsigned_assertion_before_the_signed_one_is_refused(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(level=3))
    signed = request.find(f".//{ns.ASSERTION}")
    assert signed is not None
    signed.addprevious(_forged(signed, keep_signature=False))
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "2 saml:Assertion" in fault.string
    assert "wrapping" in fault.string


def test_signed_assertion_moved_and_a_forgery_put_in_its_place_is_refused(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(level=3))
    signed = request.find(f".//{ns.ASSERTION}")
    assert signed is not None
    security = signed.getparent()
    assert security is not None
    forged = _forged(signed, keep_signature=True)
    security.replace(signed, forged)
    # the original, still validly signed, hidden in a header block of its own
    hideout = etree.SubElement(request.find(ns.SOAP_HEADER), "{urn:attacker}Wrapper")
    hideout.append(signed)
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "wrapping" in fault.string


def test_signed_assertion_moved_into_the_forgery_is_refused(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(level=3))
    signed = request.find(f".//{ns.ASSERTION}")
    assert signed is not None and signed.getparent() is not None
    forged = _forged(signed, keep_signature=True)
    signed.getparent().replace(signed, forged)
    forged.find(ns.SIGNATURE).append(signed)  # as if in a ds:Object
    assert refusal(request).fault_code == verify.INVALID_SIGNATURE


def test_forgery_carrying_the_original_signature_alone_is_invalid_signature(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(level=3))
    signed = request.find(f".//{ns.ASSERTION}")
    assert signed is not None and signed.getparent() is not None
    signed.getparent().replace(signed, _forged(signed, keep_signature=True))
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "Digest mismatch" in fault.string


def test_a_second_element_with_the_cards_id_is_refused(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint())
    body = request.find(f"{{{ns.SOAP}}}Body")
    assert body is not None
    etree.SubElement(body[0], "{urn:attacker}Decoy", id="IDCard")
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "occurs 2 times" in fault.string


def test_signature_outside_the_assertion_is_refused(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint())
    signed = request.find(f".//{ns.ASSERTION}")
    assert signed is not None
    signature = signed.find(ns.SIGNATURE)
    assert signature is not None
    signed.addnext(signature)  # a sibling in wsse:Security, no longer enveloped
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "0 ds:Signature" in fault.string


def test_verified_card_is_read_from_the_signed_bytes_not_the_envelope(
    sts: TestSts, verifier: Verifier, request_with: Build
) -> None:
    """A comment splitting a value is outside exclusive c14n: the signature holds, a naive read is cut."""
    request = request_with(sts.mint(level=3, it_system="EPJ.attacker"))
    value = request.find(f".//{ns.q(ns.SAML, 'Attribute')}[@Name='medcom:ITSystemName']/")
    assert value is not None
    value.text = "EPJ"
    value.append(etree.Comment("split"))
    value[0].tail = ".attacker"
    assert value.text == "EPJ"  # what a reader of the envelope would see
    assert verifier.verify(request).it_system == "EPJ.attacker"
