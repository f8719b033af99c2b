"""The test STS mints cards of every level and type; a validly signed bad card is invalid_idcard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from lxml import etree

from konform.dgws import DgwsFault, TestSts, Verifier, idcard, verify
from konform.dgws import namespaces as ns

Build = Callable[..., etree._Element]
Refuse = Callable[..., DgwsFault]

CONFIRMATION = f"{ns.q(ns.SAML, 'Subject')}/{ns.q(ns.SAML, 'SubjectConfirmation')}"


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_sts_mints_cards_of_every_level_that_verify(
    sts: TestSts, verifier: Verifier, request_with: Build, level: int
) -> None:
    card = sts.mint(level=level)
    assert (card.find(CONFIRMATION) is None) == (level == 1)  # SEAL: no confirmation at level 1
    assert (card.find(f".//{ns.q(ns.WSSE, 'UsernameToken')}") is not None) == (level == 2)
    assert verifier.verify(request_with(card), min_level=level).level == level


def test_card_layout_follows_dgws(sts: TestSts) -> None:
    card = sts.mint(level=4, not_before=datetime(2030, 1, 2, 3, 4, 5, 678, tzinfo=UTC))
    assert card.get("id") == "IDCard"
    assert [child.get("id") for child in card.iterchildren(ns.q(ns.SAML, "AttributeStatement"))] == [
        "IDCardData",
        "UserLog",
        "SystemLog",
    ]
    conditions = card.find(ns.q(ns.SAML, "Conditions"))
    assert conditions is not None
    assert (conditions.get("NotBefore"), conditions.get("NotOnOrAfter")) == (
        "2030-01-02T03:04:05Z",
        "2030-01-02T04:04:05Z",
    )
    signature = card[-1]
    assert (signature.tag, signature.get("id")) == (ns.SIGNATURE, "OCESSignature")
    uri = signature.find("ds:SignedInfo/ds:Reference", namespaces=ns.NSMAP)
    assert uri is not None and uri.get("URI") == "#IDCard"
    provider = card.find(".//saml:Attribute[@Name='medcom:CareProviderID']", namespaces=ns.NSMAP)
    assert provider is not None and provider.get("NameFormat") == "medcom:cvrnumber"


def _signed(sts: TestSts, change: Callable[[etree._Element], None], **card: Any) -> etree._Element:
    """A card built, changed, then properly signed by the trusted STS."""
    start = datetime.now(UTC).replace(microsecond=0)
    spec: dict[str, Any] = {
        "level": 4,
        "cvr": "25520041",
        "not_before": start,
        "not_on_or_after": start + timedelta(hours=1),
        "care_provider_name": "test",
        "it_system": "test",
        "issuer": "test",
        "card_type": "system",
    }
    spec.update(card)
    assertion = idcard.build(**spec)
    change(assertion)
    return idcard.sign(assertion, sts.key, sts.cert)


def _drop(name: str) -> Callable[[etree._Element], None]:
    def change(assertion: etree._Element) -> None:
        for found in assertion.findall(f".//saml:Attribute[@Name='{name}']", namespaces=ns.NSMAP):
            found.getparent().remove(found)

    return change


@pytest.mark.parametrize(
    ("change", "card", "named"),
    [
        (_drop("medcom:CareProviderName"), {}, "CareProviderName"),
        (_drop("sosi:IDCardID"), {}, "IDCardID"),
        (
            _drop("medcom:UserGivenName"),
            {"card_type": "user", "user": idcard.User(cpr="1", given_name="A", surname="B")},
            "UserGivenName",
        ),
        (lambda a: None, {"version": "1.0"}, "version is 1.0"),
        (lambda a: None, {"level": 5}, "1 to 4"),
        (lambda a: None, {"card_type": "robot"}, "IDCardType"),
    ],
)
def test_validly_signed_card_with_a_bad_structure_is_invalid_idcard(
    sts: TestSts,
    request_with: Build,
    refusal: Refuse,
    change: Callable[[etree._Element], None],
    card: dict[str, object],
    named: str,
) -> None:
    fault = refusal(request_with(_signed(sts, change, **card)))
    assert fault.fault_code == verify.INVALID_IDCARD
    assert named in fault.string


def test_user_card_needs_a_user() -> None:
    now = datetime.now(UTC)
    with pytest.raises(ValueError, match="User"):
        idcard.build(
            level=4,
            cvr="1",
            not_before=now,
            not_on_or_after=now,
            card_type="user",
            care_provider_name="x",
            it_system="x",
            issuer="x",
        )


def test_parse_refuses_what_is_not_an_assertion() -> None:
    with pytest.raises(idcard.CardStructureError):
        idcard.parse(etree.Element("card"))
