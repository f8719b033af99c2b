"""The SOSI ID card (a SAML 2.0 Assertion, DGWS 1.0.1): build, sign and parse (FINDINGS §3)."""

from __future__ import annotations

import copy
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree
from signxml import CanonicalizationMethod, SignatureConstructionMethod, XMLSigner

from konform.dgws.namespaces import DGWS_VERSION, DS, SAML, WSSE, q

LEVELS = (1, 2, 3, 4)
TYPES = ("user", "system")
CVR_FORMAT = "medcom:cvrnumber"
CPR_FORMAT = "medcom:cprnumber"
HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
_NS = {"saml": SAML}
#: xs:dateTime lexical form; DGWS 1.0.1 allows only the Zulu variant.
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


class CardError(ValueError):
    """An ID card that cannot be used."""


class CardSyntaxError(CardError):
    """A value in the card cannot be read (a time, the level)."""


class CardStructureError(CardError):
    """The card lacks a part DGWS requires, or a part has a value DGWS does not allow."""


@dataclass(frozen=True, kw_only=True)
class User:
    """The UserLog of a user ID card."""

    cpr: str
    given_name: str
    surname: str
    role: str | None = None
    email: str | None = None
    authorization_code: str | None = None
    occupation: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdCard:
    """What a SOSI ID card says."""

    id: str
    version: str
    type: str
    level: int
    issuer: str
    subject: str
    issue_instant: datetime
    not_before: datetime
    not_on_or_after: datetime
    it_system: str
    care_provider_id: str
    care_provider_format: str
    care_provider_name: str
    user: User | None = None

    @property
    def cvr(self) -> str | None:
        """The care provider's CVR number, or None when it is identified otherwise."""
        return self.care_provider_id if self.care_provider_format == CVR_FORMAT else None


_CARD_ATTRIBUTES = ("sosi:IDCardID", "sosi:IDCardVersion", "sosi:IDCardType", "sosi:AuthenticationLevel")
_SYSTEM_ATTRIBUTES = ("medcom:ITSystemName", "medcom:CareProviderID", "medcom:CareProviderName")
_USER_ATTRIBUTES = {
    "cpr": "medcom:UserCivilRegistrationNumber",
    "given_name": "medcom:UserGivenName",
    "surname": "medcom:UserSurName",
    "email": "medcom:UserEmailAddress",
    "role": "medcom:UserRole",
    "authorization_code": "medcom:UserAuthorizationCode",
    "occupation": "medcom:UserOccupation",
}


def zulu(moment: datetime) -> str:
    """`moment` as an xs:dateTime in Zulu time, whole seconds (DGWS 1.0.1)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(
    *,
    level: int,
    cvr: str,
    not_before: datetime,
    not_on_or_after: datetime,
    card_type: str = "system",
    user: User | None = None,
    care_provider_name: str,
    it_system: str,
    issuer: str,
    card_id: str | None = None,
    version: str = DGWS_VERSION,
) -> etree._Element:
    """An unsigned ID card assertion with the element order SEAL writes."""
    if card_type == "user" and user is None:
        raise ValueError("a user ID card needs a User")
    times = {"NotBefore": zulu(not_before), "NotOnOrAfter": zulu(not_on_or_after)}
    assertion = etree.Element(
        q(SAML, "Assertion"),
        {"IssueInstant": times["NotBefore"], "Version": "2.0", "id": "IDCard"},
        nsmap={"saml": SAML, "ds": DS},
    )
    _element(assertion, SAML, "Issuer", issuer)
    subject = _element(assertion, SAML, "Subject")
    user_card = user if card_type == "user" else None
    _element(subject, SAML, "NameID", user_card.cpr if user_card else cvr).set(
        "Format", CPR_FORMAT if user_card else CVR_FORMAT
    )
    if level > 1:  # SEAL omits SubjectConfirmation for level 1 (no authentication)
        confirmation = _element(subject, SAML, "SubjectConfirmation")
        _element(confirmation, SAML, "ConfirmationMethod", HOLDER_OF_KEY)
        data = _element(confirmation, SAML, "SubjectConfirmationData")
        if level == 2:  # the username/password level: SEAL puts a UsernameToken here
            token = etree.SubElement(data, q(WSSE, "UsernameToken"), nsmap={"wsse": WSSE})
            _element(token, WSSE, "Username", user_card.cpr if user_card else cvr)
            _element(token, WSSE, "Password", "konform-test")
        else:
            _element(_element(data, DS, "KeyInfo"), DS, "KeyName", "OCESSignature")
    etree.SubElement(assertion, q(SAML, "Conditions"), times)
    card_data = [card_id or secrets.token_urlsafe(16), version, card_type, str(level)]
    user_log = [getattr(user_card, field) for field in _USER_ATTRIBUTES] if user_card else []
    system_log = [it_system, cvr, care_provider_name]
    for statement_id, names, values in (
        ("IDCardData", _CARD_ATTRIBUTES, card_data),
        ("UserLog", _USER_ATTRIBUTES.values(), user_log),
        ("SystemLog", _SYSTEM_ATTRIBUTES, system_log),
    ):
        if not values:
            continue
        statement = etree.SubElement(assertion, q(SAML, "AttributeStatement"), id=statement_id)
        for name, value in zip(names, values, strict=True):
            if value:
                attribute = etree.SubElement(statement, q(SAML, "Attribute"), Name=name)
                if name == "medcom:CareProviderID":
                    attribute.set("NameFormat", CVR_FORMAT)
                _element(attribute, SAML, "AttributeValue", value)
    return assertion


def _element(parent: etree._Element, namespace: str, local: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(namespace, local))
    element.text = text
    return element


def sign(assertion: etree._Element, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> etree._Element:
    """A copy of the assertion with an enveloped ds:Signature (RSA-SHA256) over `#<id>` as last child."""
    assertion = copy.deepcopy(assertion)
    etree.SubElement(assertion, q(DS, "Signature"), Id="placeholder")
    # Exclusive c14n: the card is later moved into other envelopes, whose namespace
    # declarations must not enter the digest (inclusive c14n would break the signature).
    signer = XMLSigner(
        method=SignatureConstructionMethod.enveloped,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signed = signer.sign(
        assertion, key=key, cert=[cert], reference_uri=f"#{assertion.get('id')}", id_attribute="id"
    )
    signature = signed.find(q(DS, "Signature"))
    if signature is not None:
        signature.set("id", "OCESSignature")  # outside SignedInfo, so not covered by the signature
    return signed


def mint(key: rsa.RSAPrivateKey, cert: x509.Certificate, **card: Any) -> etree._Element:
    """A signed ID card: `build(**card)`, then `sign` with the STS key and certificate."""
    return sign(build(**card), key, cert)


def parse_time(value: str | None, what: str, *, zulu_only: bool) -> datetime:
    """An xs:dateTime attribute value as an aware datetime, or CardSyntaxError."""
    text = (value or "").strip()
    if not _DATETIME.fullmatch(text):
        raise CardSyntaxError(f"{what} is {value!r}, not an xs:dateTime")
    if zulu_only and not text.endswith("Z"):
        raise CardSyntaxError(f"{what} is {value!r}; DGWS 1.0.1 requires Zulu time (ending in Z)")
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_syntax(assertion: etree._Element) -> dict[str, datetime]:
    """The card's times by attribute name; CardSyntaxError if a time or the level cannot be read."""
    version, level = _value(assertion, "sosi:IDCardVersion"), _value(assertion, "sosi:AuthenticationLevel")
    if level is not None and not re.fullmatch(r"[0-9]+", level):
        raise CardSyntaxError(f"sosi:AuthenticationLevel is {level!r}, not a number")
    conditions = assertion.find(q(SAML, "Conditions"))
    found = {"IssueInstant": assertion.get("IssueInstant")}
    if conditions is not None:
        found.update((name, conditions.get(name)) for name in ("NotBefore", "NotOnOrAfter"))
    return {
        name: parse_time(value, name, zulu_only=version == DGWS_VERSION)
        for name, value in found.items()
        if value is not None or name == "IssueInstant"
    }


def parse(assertion: etree._Element) -> IdCard:
    """Read an ID card, raising CardSyntaxError or CardStructureError naming what is wrong."""
    if assertion.tag != q(SAML, "Assertion"):
        raise CardStructureError(f"ID card is a {assertion.tag}, not a saml:Assertion")
    times = check_syntax(assertion)
    if "NotBefore" not in times or "NotOnOrAfter" not in times:
        raise CardStructureError("ID card lacks saml:Conditions with NotBefore and NotOnOrAfter")
    if times["NotOnOrAfter"] <= times["NotBefore"]:
        raise CardStructureError("ID card's NotOnOrAfter is not after its NotBefore")
    values = _attributes(assertion)
    card_type = _required(values, "sosi:IDCardType")
    if card_type not in TYPES:
        raise CardStructureError(f"sosi:IDCardType is {card_type!r}; expected user or system")
    level = int(_required(values, "sosi:AuthenticationLevel"))
    if level not in LEVELS:
        raise CardStructureError(f"sosi:AuthenticationLevel is {level}; SOSI supports 1 to 4")
    return IdCard(
        id=_required(values, "sosi:IDCardID"),
        version=_required(values, "sosi:IDCardVersion"),
        type=card_type,
        level=level,
        issuer=(assertion.findtext(q(SAML, "Issuer")) or "").strip(),
        subject=(assertion.findtext(f"{q(SAML, 'Subject')}/{q(SAML, 'NameID')}") or "").strip(),
        issue_instant=times["IssueInstant"],
        not_before=times["NotBefore"],
        not_on_or_after=times["NotOnOrAfter"],
        it_system=_required(values, "medcom:ITSystemName"),
        care_provider_id=_required(values, "medcom:CareProviderID"),
        care_provider_format=values["medcom:CareProviderID"][1] or "",
        care_provider_name=_required(values, "medcom:CareProviderName"),
        user=_user(values, level) if card_type == "user" else None,
    )


def _user(values: dict[str, tuple[str, str | None]], level: int) -> User:
    found = {field: values.get(name, ("", None))[0] or None for field, name in _USER_ATTRIBUTES.items()}
    # SEAL's IDCardValidator: the CPR may be left out only below level 3.
    for field in ("given_name", "surname", "cpr") if level >= 3 else ("given_name", "surname"):
        if not found[field]:
            raise CardStructureError(f"user ID card lacks {_USER_ATTRIBUTES[field]} or it is empty")
    get = found.get
    return User(
        cpr=get("cpr") or "",
        given_name=get("given_name") or "",
        surname=get("surname") or "",
        role=get("role"),
        email=get("email"),
        authorization_code=get("authorization_code"),
        occupation=get("occupation"),
    )


def _attributes(assertion: etree._Element) -> dict[str, tuple[str, str | None]]:
    """{Name: (value, NameFormat)} in one pass; a repeated or misplaced attribute is a structure error."""
    found: dict[str, tuple[str, str | None]] = {}
    for statement in assertion.iterchildren(q(SAML, "AttributeStatement")):
        for attribute in statement.iterchildren(q(SAML, "Attribute")):
            name = attribute.get("Name") or ""
            home = "IDCardData" if name.startswith("sosi:") else "UserLog" if "User" in name else "SystemLog"
            if name in found:
                raise CardStructureError(f"ID card repeats the attribute {name}")
            if statement.get("id") != home:
                raise CardStructureError(f"{name} belongs in the {home} AttributeStatement")
            found[name] = (
                (attribute.findtext(q(SAML, "AttributeValue")) or "").strip(),
                attribute.get("NameFormat"),
            )
    return found


def _value(assertion: etree._Element, name: str) -> str | None:
    """The stripped text of the attribute called `name` in any AttributeStatement, or None."""
    path = f"saml:AttributeStatement/saml:Attribute[@Name='{name}']/saml:AttributeValue"
    found = assertion.find(path, _NS)
    return (found.text or "").strip() if found is not None else None


def _required(values: dict[str, tuple[str, str | None]], name: str) -> str:
    value = values.get(name, ("", None))[0]
    if not value:
        raise CardStructureError(f"ID card lacks {name} or it is empty")
    return value
