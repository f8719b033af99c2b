"""`konform validate lar`: judge a request a vendor's client produces, by the rules the simulator applies.

A file is a whole SOAP envelope or the bare request element. An envelope's DGWS header is
judged too (LAR-3-DGWS; level: LAR-4.1-LEVEL / LAR-4.2-LEVEL): present, well-formed,
signature intact, level sufficient for the operation, valid at `--at`. The signature is
checked with the certificate the card carries, or against `--trust` STS certificates
(then the issuer is judged as well).
"""

from __future__ import annotations

import itertools
import re
from base64 import b64decode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from cryptography import x509
from lxml import etree

from konform import soap
from konform.checks import Finding
from konform.clock import Clock
from konform.dgws import DgwsFault, Verifier, header
from konform.dgws import namespaces as ns
from konform.dgws import verify as dgws
from konform.lar import model, rules, schema, stream
from konform.lar.model import Operation
from konform.validate import FileVerdict, Unusable, bounded

Progress = Callable[[int, int], None]
#: The guide's §5.2 examples open with this malformed declaration (erratum, LAR-5-EXAMPLES).
BROKEN_DECLARATION = re.compile(rb'\s*<\?xml version="1\.0">')
PLACEHOLDER = "..."


class Requirement(NamedTuple):
    requirement: str


#: Every rule `konform validate lar` applies (for --junit's one testcase per requirement).
RULES = [*rules.RULES, Requirement(schema.DGWS), Requirement("LAR-4.1-LEVEL"), Requirement("LAR-4.2-LEVEL")]


@dataclass(frozen=True)
class LarSide:
    """Side inputs: "now" for the ID card's validity, and STS certificates to trust."""

    at: datetime | None = None
    trusted: tuple[Path, ...] = ()


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date-time with an offset (`--at`), or ValueError saying what is wrong."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"--at {text!r} has no offset; write e.g. 2026-03-01T10:00:00+01:00")
    return moment


def judge(source: Path, side: LarSide, *, progress: Progress | None = None) -> FileVerdict:
    """Judge one file, streaming it (any size, bounded memory); Unusable when it cannot be judged."""
    try:
        handle = source.open("rb")
    except OSError as error:
        raise Unusable(f"cannot read: {error.strerror or error}") from None
    with handle:
        try:
            return judge_chunks(bounded.chunks(handle), side, name=str(source))
        except OSError as error:
            raise Unusable(f"cannot read: {error.strerror or error}") from None


def judge_bytes(data: bytes, side: LarSide, *, name: str = "-") -> FileVerdict:
    return judge_chunks(iter([data]), side, name=name)


def judge_chunks(chunks: Iterator[bytes], side: LarSide, *, name: str = "-") -> FileVerdict:
    """Judge one message read a chunk at a time: the reactions as they come, then the rest."""
    first = next(chunks, b"")
    reactions = stream.Reactions()
    try:
        root = bounded.read(itertools.chain([first], chunks), stream.check_root, reactions.records())
    except bounded.Limit as limit:
        return FileVerdict(file=name, findings=[stream.limit_finding(limit)])
    except Unusable as unusable:
        if unusable.reason.startswith("not well-formed") and BROKEN_DECLARATION.match(first):
            raise Unusable(
                "the XML declaration <?xml version=\"1.0\"> lacks its closing '?>' (as the LAR guide's "
                "§5.2 examples print it, an erratum): not well-formed XML"
            ) from None
        raise
    reactions.flush()
    envelope: etree._Element | None = None
    if root.tag == f"{{{soap.SOAP11}}}Envelope":
        envelope, body = root, root.find(f"{{{soap.SOAP11}}}Body")
        payloads = [child for child in body if isinstance(child.tag, str)] if body is not None else []
        if len(payloads) != 1:
            raise Unusable(f"the SOAP Body must hold one request element, it holds {len(payloads)}")
        payload = payloads[0]
    else:
        payload = root
    operation = model.OPERATIONS.get(payload.tag)
    if operation is None:
        raise Unusable(stream.not_a_request(payload.tag))
    findings = rules.problems(payload, operation, reactions.findings, reactions.defects)
    if envelope is not None:
        findings += header_findings(envelope, operation, side)
    findings.sort(key=lambda finding: finding.line)
    return FileVerdict(file=name, findings=findings)


def header_findings(envelope: etree._Element, operation: Operation, side: LarSide) -> list[Finding]:
    """LAR-3-DGWS and the operation's level rule, judged on the envelope's DGWS header."""
    soap_header = envelope.find(ns.SOAP_HEADER)
    line = (soap_header if soap_header is not None else envelope).sourceline or 0
    if soap_header is not None and len(soap_header) == 0 and (soap_header.text or "").strip() == PLACEHOLDER:
        text = "soap:Header holds only the guide's placeholder '...': the DGWS header was not judged"
        return [Finding(line, schema.DGWS, "warning", text, "soap:Header")]
    clock = Clock()
    if side.at is not None:
        clock.set(side.at)
    trusted = [*side.trusted] or _embedded_certificates(envelope)
    level_rule = model.LEVEL_RULE[operation]
    found: list[Finding] = []
    try:
        Verifier(trusted, clock=clock).verify(envelope, min_level=operation.min_level)
    except DgwsFault as fault:
        rule = level_rule if fault.fault_code == dgws.SECURITY_LEVEL_FAILED else schema.DGWS
        found.append(Finding(line, rule, "error", f"DGWS {fault.fault_code}: {fault.string}", "soap:Header"))
    assertion = envelope.find(f".//{ns.ASSERTION}")
    level = header.card_level(assertion) if assertion is not None else None
    if (
        level is not None
        and level < operation.min_level
        and not any(f.requirement == level_rule for f in found)
    ):
        text = f"{operation.name} needs an ID card of level {operation.min_level}+; the card claims {level}"
        found.append(Finding(assertion.sourceline or line, level_rule, "error", text, "saml:Assertion"))
    return found


def _embedded_certificates(envelope: etree._Element) -> list[x509.Certificate]:
    """The certificates the ID cards' signatures carry (integrity only: any issuer is taken)."""
    found = []
    for text in envelope.iterfind(f".//{ns.SIGNATURE}//{ns.q(ns.DS, 'X509Certificate')}"):
        try:
            found.append(x509.load_der_x509_certificate(b64decode("".join((text.text or "").split()))))
        except ValueError:
            continue
    return found
