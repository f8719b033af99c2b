"""The DGWS verifier simulators use: headers, ID card signature, trust, validity, level, CVR, replay.

Checks run in this order and the first failure is raised as a DgwsFault carrying its code:
missing_required_header, syntax_error, invalid_signature (incl. signature wrapping),
invalid_idcard (untrusted STS, structure, version), expired_idcard, security_level_failed,
not_authorized, processing_problem (a replayed MessageID, or anything unexpected).
"""

from __future__ import annotations

import heapq
import threading
from base64 import b64decode
from collections.abc import Container, Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, VerifyResult, XMLVerifier
from signxml.exceptions import SignXMLException

from konform import soap, xml
from konform.clock import Clock
from konform.dgws import header, idcard
from konform.dgws import namespaces as ns
from konform.dgws.header import DgwsFault
from konform.dgws.idcard import IdCard
from konform.pki import named

# The standard DGWS fault codes (soap:Fault/detail/medcom:FaultCode), spelt as SEAL spells them.
SYNTAX_ERROR = "syntax_error"
MISSING_REQUIRED_HEADER = "missing_required_header"
SECURITY_LEVEL_FAILED = "security_level_failed"
INVALID_USERNAME_PASSWORD = "invalid_username_password"
INVALID_SIGNATURE = "invalid_signature"
INVALID_IDCARD = "invalid_idcard"
INVALID_CERTIFICATE = "invalid_certificate"
EXPIRED_IDCARD = "expired_idcard"
NOT_AUTHORIZED = "not_authorized"
ILLEGAL_HTTP_METHOD = "illegal_http_method"
PROCESSING_PROBLEM = "processing_problem"

_IDS = "//*[@*[local-name()='id' or local-name()='ID' or local-name()='Id'] = $v]"
_WRAPPING = "(refused as possible XML signature wrapping)"
#: Verified ID cards remembered per verifier (a client resends its card; RSA is most of the cost).
_VERIFIED_CARDS = 1024


class MessageIdMemory(Protocol):
    """Where the verifier remembers MessageIDs; simulators may back it with SQLite."""

    def first_use(self, message_id: str, *, until: datetime, now: datetime) -> bool:
        """Remember `message_id` until `until`; False if it is remembered already (a replay)."""
        ...


class InMemoryMessageIds:
    """MessageIDs in a dict, forgotten once the card they came with has expired by the clock."""

    def __init__(self) -> None:
        self._until: dict[str, datetime] = {}
        self._expiry: list[tuple[datetime, str]] = []
        self._lock = threading.Lock()

    def first_use(self, message_id: str, *, until: datetime, now: datetime) -> bool:
        with self._lock:
            while self._expiry and self._expiry[0][0] <= now:
                expired, old = heapq.heappop(self._expiry)
                if self._until.get(old) == expired:
                    del self._until[old]
            if message_id in self._until:
                return False
            self._until[message_id] = until
            heapq.heappush(self._expiry, (until, message_id))
            return True


@dataclass(frozen=True, kw_only=True)
class VerifiedCard(IdCard):
    """An ID card read from what the STS signed, with the request's Linking."""

    message_id: str
    flow_id: str | None = None
    sts_subject: str = ""


@dataclass
class _Request:
    """What is known of the request so far, for the fault's reply header."""

    message_id: str | None = None
    level: int = 1

    def fault(self, code: str, text: str) -> DgwsFault:
        return DgwsFault(code, text, message_id=self.message_id, security_level=self.level)


class Verifier:
    """Checks DGWS requests against trusted STS certificates, a clock, a CVR whitelist and seen MessageIDs."""

    def __init__(
        self,
        trusted_sts: Iterable[x509.Certificate | Path | bytes],
        *,
        clock: Clock | None = None,
        cvr_whitelist: Container[str] | None = None,
        memory: MessageIdMemory | None = None,
        versions: Iterable[str] = (ns.DGWS_VERSION,),
        allow_sha1: bool = True,
        leeway: timedelta = timedelta(0),
    ) -> None:
        self.clock = clock or Clock()
        self.cvr_whitelist = cvr_whitelist
        self.memory = memory or InMemoryMessageIds()
        self.versions = frozenset(versions)
        self.leeway = leeway
        self._trusted: dict[bytes, x509.Certificate] = {}
        self._verified: dict[bytes, etree._Element] = {}
        for cert in trusted_sts:
            self.trust(cert)
        # Cards from the SOSI STSs are signed with rsa-sha1, which signxml refuses by default.
        default = SignatureConfiguration()
        self._config = SignatureConfiguration(
            location="./",  # the enveloped signature must be a child of the assertion itself
            expect_references=1,
            signature_methods=default.signature_methods
            | ({SignatureMethod.RSA_SHA1} if allow_sha1 else set()),
            digest_algorithms=default.digest_algorithms | ({DigestAlgorithm.SHA1} if allow_sha1 else set()),
        )

    def trust(self, cert: x509.Certificate | Path | bytes) -> None:
        """Trust one more STS certificate (PEM file, PEM bytes or a parsed certificate)."""
        if isinstance(cert, Path):
            cert = cert.read_bytes()
        if isinstance(cert, bytes):
            cert = x509.load_pem_x509_certificate(cert)
        self._trusted[cert.public_bytes(Encoding.DER)] = cert

    def verify(self, request: soap.Envelope | etree._Element | bytes, *, min_level: int = 1) -> VerifiedCard:
        """The card of a request whose DGWS headers pass every check, else a DgwsFault (module docstring)."""
        state = _Request()
        try:
            return self._verify(_root(request), min_level, state)
        except DgwsFault:
            raise
        except Exception as error:  # "anything else": DGWS's catch-all code
            raise state.fault(PROCESSING_PROBLEM, f"the request could not be processed: {error}") from error

    def _verify(self, root: etree._Element, min_level: int, state: _Request) -> VerifiedCard:
        fail = state.fault
        assertions, linking = _headers(root, state)
        signed, cert = self._signed_card(root, assertions, state)
        # From here on only what signxml returned as signed is read.
        subject, now = cert.subject.rfc4514_string(), self.clock.now()
        if cert.public_bytes(Encoding.DER) not in self._trusted:
            trusted = "; ".join(map(named, self._trusted.values())) or "none"
            text = f"the ID card is signed by {named(cert)}, which is not a trusted STS"
            raise fail(INVALID_IDCARD, f"{text}; trusted: {trusted}")
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise fail(INVALID_IDCARD, f"the STS certificate {subject} is not valid now")
        try:
            card = idcard.parse(signed)
        except idcard.CardError as error:
            raise fail(INVALID_IDCARD, f"the ID card is invalid: {error}") from None
        state.level = card.level
        if card.version not in self.versions:
            accepted = ", ".join(sorted(self.versions))
            raise fail(INVALID_IDCARD, f"ID card version is {card.version}; this service accepts {accepted}")
        if now < card.not_before - self.leeway:
            raise fail(EXPIRED_IDCARD, f"the ID card is not valid before {idcard.zulu(card.not_before)}")
        if now >= card.not_on_or_after + self.leeway:
            raise fail(EXPIRED_IDCARD, f"the ID card expired at {idcard.zulu(card.not_on_or_after)}")
        if card.level < min_level:
            text = f"this operation needs an ID card of level {min_level} or higher; it has {card.level}"
            raise fail(SECURITY_LEVEL_FAILED, text)
        if self.cvr_whitelist is not None and (card.cvr is None or card.cvr not in self.cvr_whitelist):
            who = f"CVR {card.cvr}" if card.cvr else f"{card.care_provider_format} {card.care_provider_id}"
            raise fail(NOT_AUTHORIZED, f"care provider {who} is not authorised for this service")
        if not self.memory.first_use(linking.message_id, until=card.not_on_or_after, now=now):
            text = f"MessageID {linking.message_id} was already used within the ID card's lifetime (replay)"
            raise fail(PROCESSING_PROBLEM, text)
        values = {field.name: getattr(card, field.name) for field in fields(IdCard)}
        return VerifiedCard(
            **values, message_id=linking.message_id, flow_id=linking.flow_id, sts_subject=subject
        )

    def _signed_card(
        self, root: etree._Element, assertions: list[etree._Element], state: _Request
    ) -> tuple[etree._Element, x509.Certificate]:
        """The assertion as signxml returns it after verification, and the certificate that verified it."""
        fail = state.fault
        # Against signature wrapping: one assertion in the whole envelope (the one in wsse:Security),
        # one enveloped signature whose one reference is that assertion's id, unique in the envelope.
        count = sum(1 for _ in root.iter(ns.ASSERTION))
        if count != 1:
            raise fail(INVALID_SIGNATURE, f"the envelope holds {count} saml:Assertion elements {_WRAPPING}")
        assertion = assertions[0]
        attribute = next((name for name in ("id", "ID", "Id") if assertion.get(name)), "id")
        card_id = assertion.get(attribute) or ""
        signatures = assertion.findall(ns.SIGNATURE)
        if len(signatures) != 1:
            raise fail(INVALID_SIGNATURE, f"the ID card has {len(signatures)} ds:Signature children, not 1")
        uris = [ref.get("URI") for ref in signatures[0].iterfind("ds:SignedInfo/ds:Reference", ns.NSMAP)]
        if not card_id or uris != [f"#{card_id}"]:
            raise fail(
                INVALID_SIGNATURE, f"the signature references {uris}, not the ID card #{card_id} {_WRAPPING}"
            )
        holders = root.xpath(_IDS, v=card_id)
        if isinstance(holders, list) and len(holders) != 1:
            raise fail(INVALID_SIGNATURE, f"the id {card_id!r} occurs {len(holders)} times {_WRAPPING}")
        embedded = signatures[0].findtext(".//ds:KeyInfo/ds:X509Data/ds:X509Certificate", namespaces=ns.NSMAP)
        candidates = [self._certificate(embedded, state)] if embedded else list(self._trusted.values())
        errors: list[str] = []
        # The key is the card exactly as a signature check sees it: the inclusive canonical form
        # carries the namespaces in scope from the envelope too. Structure is checked above on
        # every request; only the signature's arithmetic is remembered, per certificate.
        canonical = etree.tostring(assertion, method="c14n")
        for cert in candidates:
            key = canonical + cert.public_bytes(Encoding.DER)
            remembered = self._verified.get(key)
            if remembered is not None:
                return remembered, cert
            # signxml checks certificate validity before the signature; validity is judged later
            # (invalid_idcard), so signxml is asked at a moment inside the certificate's validity.
            moment = min(max(self.clock.now(), cert.not_valid_before_utc), cert.not_valid_after_utc)
            try:
                result = XMLVerifier().verify(
                    assertion,
                    x509_cert=cert,
                    id_attribute=attribute,
                    validate_schema=False,  # SEAL writes id="OCESSignature", which xmldsig's schema lacks
                    expect_config=replace(self._config, verification_time=moment),
                )
            except (SignXMLException, ValueError, etree.LxmlError) as error:
                errors.append(str(error))
                continue
            assert isinstance(result, VerifyResult)
            signed = result.signed_xml
            if signed is None or signed.tag != ns.ASSERTION or signed.get(attribute) != card_id:
                raise fail(INVALID_SIGNATURE, f"the signature does not cover the ID card {_WRAPPING}")
            if len(self._verified) >= _VERIFIED_CARDS:
                self._verified.clear()
            self._verified[key] = signed
            return signed, cert
        reason = errors[0].rstrip(": ") if errors else "it names no certificate and no STS is trusted"
        raise fail(INVALID_SIGNATURE, f"the ID card signature does not verify: {reason}")

    def _certificate(self, text: str, state: _Request) -> x509.Certificate:
        """The certificate in the signature's KeyInfo: a cached trusted one, else parsed."""
        try:
            der = b64decode("".join(text.split()), validate=True)
            return self._trusted.get(der) or x509.load_der_x509_certificate(der)
        except ValueError as error:
            raise state.fault(
                INVALID_SIGNATURE, f"the ID card's certificate cannot be read: {error}"
            ) from None


def _headers(root: etree._Element, state: _Request) -> tuple[list[etree._Element], header.MedcomHeader]:
    """The ID card candidates in wsse:Security and the medcom:Header, checked for presence and syntax."""
    soap_header = root.find(ns.SOAP_HEADER)
    blocks: dict[str, list[etree._Element]] = {ns.SECURITY: [], ns.MEDCOM_HEADER: []}
    for tag in blocks:
        blocks[tag] = soap_header.findall(tag) if soap_header is not None else []
    names = {ns.SECURITY: "wsse:Security", ns.MEDCOM_HEADER: "medcom:Header"}
    for tag, found in blocks.items():
        if not found:
            raise state.fault(MISSING_REQUIRED_HEADER, f"the request has no {names[tag]} header")
    assertions = blocks[ns.SECURITY][0].findall(ns.ASSERTION)
    if not assertions:
        raise state.fault(MISSING_REQUIRED_HEADER, "wsse:Security holds no saml:Assertion (ID card)")
    for tag, found in blocks.items():
        if len(found) > 1:
            raise state.fault(
                SYNTAX_ERROR, f"the request has {len(found)} {names[tag]} headers; DGWS allows one"
            )
    try:
        linking = header.parse_medcom(blocks[ns.MEDCOM_HEADER][0])
        state.message_id = linking.message_id
        for assertion in assertions:
            idcard.check_syntax(assertion)
    except (header.HeaderSyntaxError, idcard.CardSyntaxError) as error:
        raise state.fault(SYNTAX_ERROR, str(error)) from None
    return assertions, linking


def _root(request: soap.Envelope | etree._Element | bytes) -> etree._Element:
    if isinstance(request, soap.Envelope):
        return request.root
    if isinstance(request, bytes):
        try:
            request = xml.parse(request)
        except xml.UnsafeXml as error:
            raise DgwsFault(SYNTAX_ERROR, str(error)) from None
    if request.tag != f"{{{ns.SOAP}}}Envelope":
        raise DgwsFault(SYNTAX_ERROR, f"root element is {request.tag}, expected a SOAP 1.1 Envelope")
    return request
