"""`konform validate brs`: judge a treatmentRelation or notificationQuery request (envelope or bare body).

The body is judged by `konform.brs.rules`; an envelope's DGWS headers under BRS-DGWS:
present, readable, an ID card of level 3 or higher valid at `--at` (default: now).
With `--sts-cert` the card is verified completely by konform's DGWS verifier
(signature, issuer, validity, level, and with `--whitelist` the CVR).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree

from konform import soap
from konform.brs import rules, stream
from konform.brs.schema import QUERY, REQUEST
from konform.checks import Finding
from konform.clock import Clock
from konform.dgws import header, idcard
from konform.dgws import namespaces as ns
from konform.dgws.verify import InMemoryMessageIds, Verifier
from konform.validate import FileVerdict, Unusable, bounded

DGWS = "BRS-DGWS"
MIN_LEVEL = 3


@dataclass(frozen=True)
class BrsSide:
    """Side inputs: "now" for ID-card validity, trusted STS certificates, the CVR whitelist."""

    at: datetime | None = None
    sts_certs: tuple[Path, ...] = ()
    whitelist: frozenset[str] | None = None


@dataclass(frozen=True)
class _Requirement:
    requirement: str


#: The requirements `konform validate brs` judges (its JUnit test cases).
RULES = [_Requirement(r) for r in dict.fromkeys([DGWS, *(r.requirement for r in rules.RULES), "BRS-TIME"])]


def parse_moment(text: str) -> datetime:
    """`--at`: an ISO 8601 date-time with an offset (ValueError otherwise)."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no offset (e.g. 2013-09-30T11:04:37+02:00)")
    return moment


def judge(
    source: Path, side: BrsSide | None = None, *, progress: Callable[[int, int], None] | None = None
) -> FileVerdict:
    """Judge one file, streaming it (any size, bounded memory); Unusable when it cannot be judged."""
    try:
        handle = source.open("rb")
    except OSError as error:
        raise Unusable(f"cannot read: {error.strerror or error}") from None
    with handle:
        try:
            return judge_chunks(bounded.chunks(handle), side or BrsSide(), name=str(source))
        except OSError as error:
            raise Unusable(f"cannot read: {error.strerror or error}") from None


def judge_bytes(data: bytes, side: BrsSide, *, name: str = "-") -> FileVerdict:
    """Judge one message given as bytes (a file, a recorded request body)."""
    return judge_chunks(iter([data]), side, name=name)


def judge_chunks(chunks: Iterable[bytes], side: BrsSide, *, name: str = "-") -> FileVerdict:
    """Judge one message read a chunk at a time: the relations as they come, then the rest."""
    relations = stream.Relations()
    try:
        root = bounded.read(chunks, stream.check_root, relations.records())
    except bounded.Limit as limit:
        return FileVerdict(file=name, findings=[stream.limit_finding(limit)])
    relations.flush()
    findings: list[Finding] = []
    if root.tag == f"{{{soap.SOAP11}}}Envelope":
        body = root.find(f"{{{soap.SOAP11}}}Body")
        payloads = [p for p in (body if body is not None else []) if isinstance(p.tag, str)]
        if len(payloads) != 1:
            raise Unusable(f"the SOAP Body must hold one request element, found {len(payloads)}")
        payload = payloads[0]
        _expect_request(payload)
        findings += header_findings(root, side)
    else:
        payload = root
        _expect_request(payload)
    findings += rules.body_findings(payload, relations.findings, relations.defects)
    return FileVerdict(file=name, findings=sorted(findings, key=lambda f: f.line))


def _expect_request(element: etree._Element) -> None:
    if element.tag not in (REQUEST, QUERY):
        raise Unusable(
            f"root element is {element.tag}; expected a BRS request: {REQUEST} or {QUERY} "
            "(bare or in a SOAP 1.1 envelope)"
        )


def header_findings(root: etree._Element, side: BrsSide) -> list[Finding]:
    """BRS-DGWS: the envelope's wsse:Security, ID card and medcom:Header."""
    clock = Clock()
    if side.at is not None:
        clock.set(side.at)
    security = root.find(f"{ns.SOAP_HEADER}/{ns.SECURITY}")
    if side.sts_certs:
        verifier = Verifier(
            list(side.sts_certs), clock=clock, cvr_whitelist=side.whitelist, memory=InMemoryMessageIds()
        )
        try:
            verifier.verify(root, min_level=MIN_LEVEL)
        except header.DgwsFault as fault:
            return [_dgws(security if security is not None else root, f"{fault.fault_code}: {fault.string}")]
        return []
    found: list[Finding] = []
    medcom = root.find(f"{ns.SOAP_HEADER}/{ns.MEDCOM_HEADER}")
    if medcom is None:
        found.append(_dgws(root, "missing_required_header: the request has no medcom:Header"))
    else:
        try:
            header.parse_medcom(medcom)
        except header.HeaderSyntaxError as error:
            found.append(_dgws(medcom, f"syntax_error: {error}"))
    card = security.find(ns.ASSERTION) if security is not None else None
    if card is None:
        where = "wsse:Security holds no saml:Assertion" if security is not None else "no wsse:Security header"
        return [
            _dgws(security if security is not None else root, f"missing_required_header: {where}"),
            *found,
        ]
    return found + _card_findings(card, clock.now(), side.whitelist)


def _card_findings(card: etree._Element, now: datetime, whitelist: frozenset[str] | None) -> list[Finding]:
    try:
        parsed = idcard.parse(card)
    except idcard.CardError as error:
        return [_dgws(card, f"invalid_idcard: {error}")]
    found = []
    if parsed.level < MIN_LEVEL:
        text = f"security_level_failed: the ID card has level {parsed.level}; BRS needs {MIN_LEVEL} or higher"
        found.append(_dgws(card, text))
    if not parsed.not_before <= now < parsed.not_on_or_after:
        valid = f"{idcard.zulu(parsed.not_before)} – {idcard.zulu(parsed.not_on_or_after)}"
        found.append(_dgws(card, f"expired_idcard: the ID card is valid {valid}, not at {idcard.zulu(now)}"))
    if whitelist is not None and parsed.cvr not in whitelist:
        found.append(_dgws(card, f"not_authorized: the ID card's CVR {parsed.cvr} is not on --cvr"))
    return found


def _dgws(element: etree._Element, message: str) -> Finding:
    return rules.finding(element, DGWS, message)
