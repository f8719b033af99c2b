"""The hostile-input catalogue: each attack turns one valid message into the bytes an attacker sends.

An attack starts from a message the endpoint accepts (a SOAP envelope, a MsgHead document
or an export file) so that the only thing wrong with what is sent is the attack itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lxml import etree

from konform import soap, xml
from konform.dgws import namespaces as ns

#: A value well past anything a registry message carries, well under every body limit.
HUGE_ATTRIBUTE = 1024 * 1024
#: Deeper than konform's own limit (xml.MAX_DEPTH), shallower than libxml2's, so the limit is what answers.
DEEP = 200
XXE_TARGET = "file:///etc/passwd"


@dataclass(frozen=True)
class Hostile:
    """What one attack sends: the bytes, their content type, and how they travel."""

    attack: str
    body: bytes = field(repr=False)
    content_type: str
    #: Newlines sent after the body as it goes, not held in memory (a body past a 256 MB limit).
    padding: int = 0
    #: Content-Length announced when it is larger than the body: the client closes before the end.
    declared_length: int | None = None
    #: The body is sent once (and accepted) before it is sent again as the attack.
    replay: bool = False
    #: The client presents a certificate from a CA the endpoint does not trust.
    untrusted_certificate: bool = False


@dataclass(frozen=True)
class Message:
    """A valid message for one endpoint, and the endpoint's body limit."""

    body: bytes = field(repr=False)
    content_type: str
    max_body: int


def _prolog(document: bytes) -> tuple[bytes, bytes]:
    """(the XML declaration if any, the rest of the document)."""
    if document.startswith(b"<?xml"):
        end = document.index(b"?>") + 2
        return document[:end], document[end:]
    return b"", document


def _with_doctype(document: bytes, doctype: str, content: str = "") -> bytes:
    """The document with a DOCTYPE before its root and `content` first inside the root element."""
    declaration, rest = _prolog(document)
    start = rest.index(b"<")
    close = rest.index(b">", start) + 1
    if rest[close - 2 : close] == b"/>":
        rest = rest[: close - 2] + b">" + content.encode() + b"</" + _root_name(rest) + b">" + rest[close:]
    else:
        rest = rest[:close] + content.encode() + rest[close:]
    return declaration + doctype.encode() + rest


def _root_name(rest: bytes) -> bytes:
    found = re.match(rb"\s*<([^\s/>]+)", rest)
    assert found is not None, "a document starts with its root element"
    return found.group(1)


def malformed(message: Message) -> Hostile:
    """The document cut off in the middle: not well-formed."""
    return Hostile("malformed XML", message.body[: len(message.body) // 2], message.content_type)


def dtd(message: Message) -> Hostile:
    """A DOCTYPE naming an external DTD (a parser that loads it reaches out to the network)."""
    doctype = '<!DOCTYPE root SYSTEM "http://127.0.0.1:9/konform.dtd">'
    return Hostile("DTD", _with_doctype(message.body, doctype), message.content_type)


def internal_entity(message: Message) -> Hostile:
    doctype = '<!DOCTYPE root [<!ENTITY greeting "hej">]>'
    return Hostile(
        "internal entity", _with_doctype(message.body, doctype, "&greeting;"), message.content_type
    )


def external_entity(message: Message) -> Hostile:
    """XXE: an entity whose expansion is a local file."""
    doctype = f'<!DOCTYPE root [<!ENTITY xxe SYSTEM "{XXE_TARGET}">]>'
    return Hostile("external entity", _with_doctype(message.body, doctype, "&xxe;"), message.content_type)


def billion_laughs(message: Message) -> Hostile:
    """Ten levels of entities, each ten of the one below: 10^9 "lol"s once expanded."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    doctype = f"<!DOCTYPE root [{''.join(levels)}]>"
    return Hostile("billion laughs", _with_doctype(message.body, doctype, "&lol9;"), message.content_type)


def deep_nesting(message: Message) -> Hostile:
    body = _with_doctype(message.body, "", "<a>" * DEEP + "</a>" * DEEP)
    return Hostile("deep nesting", body, message.content_type)


def huge_attribute(message: Message) -> Hostile:
    """An attribute value of a mebibyte on the root element (under every body limit)."""
    declaration, rest = _prolog(message.body)
    name = _root_name(rest)
    at = rest.index(name) + len(name)
    filler = b' konform-filler="' + b"A" * HUGE_ATTRIBUTE + b'"'
    return Hostile("huge attribute value", declaration + rest[:at] + filler + rest[at:], message.content_type)


def oversized(message: Message) -> Hostile:
    """The valid message padded with whitespace to one byte past the endpoint's limit."""
    padding = max(message.max_body + 1 - len(message.body), 1)
    return Hostile("oversized body", message.body, message.content_type, padding=padding)


def wrong_content_type(message: Message) -> Hostile:
    return Hostile("wrong content type", message.body, "application/json")


def soap12(message: Message) -> Hostile:
    """The same request in a SOAP 1.2 envelope (to a SOAP 1.1 endpoint)."""
    body = message.body.replace(soap.SOAP11.encode(), soap.SOAP12.encode())
    return Hostile("SOAP 1.2 envelope", body, message.content_type)


#: The operation no endpoint offers; a MsgHead gets it as its message type.
UNKNOWN_OPERATION = "unknownOperation"
UNKNOWN_MESSAGE_TYPE = "UKJENT_MELDING"


def unknown_operation(message: Message) -> Hostile:
    """The body element renamed to an operation the service does not have (a MsgHead: an unknown type)."""
    root = xml.parse(message.body)
    if root.tag == f"{{{soap.SOAP11}}}Envelope":
        payload = root.find(f"{{{soap.SOAP11}}}Body/*")
        assert payload is not None, "a valid envelope has a body element"
        payload.tag = etree.QName(etree.QName(payload).namespace, UNKNOWN_OPERATION).text
    else:
        kind = next((e for e in root.iter() if etree.QName(e).localname == "Type"), None)
        assert kind is not None, "a valid MsgHead has MsgInfo/Type"
        kind.set("V", UNKNOWN_MESSAGE_TYPE)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return Hostile("unknown operation", body, message.content_type)


def signature_wrapping(message: Message) -> Hostile:
    """XSW: the signed ID card moved into a wrapper, a forged copy (level 4, another CVR) in its place."""
    root = xml.parse(message.body)
    card = root.find(f".//{ns.ASSERTION}")
    assert card is not None, "a DGWS request carries an ID card"
    forged = copy.deepcopy(card)
    for name, value in (("sosi:AuthenticationLevel", "4"), ("medcom:CareProviderID", "99999999")):
        for attribute in forged.iter(ns.q(ns.SAML, "Attribute")):
            if attribute.get("Name") == name:
                attribute[0].text = value
    security = card.getparent()
    assert security is not None
    security.replace(card, forged)
    soap_header = root.find(ns.SOAP_HEADER)
    assert soap_header is not None
    etree.SubElement(soap_header, "{urn:konform:attacker}Wrapper").append(card)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return Hostile("signature wrapping", body, message.content_type)


def replay(message: Message) -> Hostile:
    """The same signed request, MessageID and all, sent a second time."""
    return Hostile("replay", message.body, message.content_type, replay=True)


def untrusted_certificate(message: Message) -> Hostile:
    return Hostile(
        "untrusted client certificate", message.body, message.content_type, untrusted_certificate=True
    )


def truncated(message: Message) -> Hostile:
    """Half the body sent under a Content-Length for all of it, then the connection closed."""
    half = malformed(message)
    return replace(half, attack="truncated upload", declared_length=len(message.body))


def truncated_file(message: Message) -> Hostile:
    return replace(malformed(message), attack="truncated file")


def not_xml(message: Message) -> Hostile:
    return Hostile("not XML", b"registration;2200054;189001019802\n", message.content_type)


def empty(message: Message) -> Hostile:
    return Hostile("empty", b"", message.content_type)


def binary(message: Message) -> Hostile:
    """Bytes of no text encoding: a gzip header and noise."""
    return Hostile("binary", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, message.content_type)


ATTACKS: dict[str, Callable[[Message], Hostile]] = {
    "malformed XML": malformed,
    "DTD": dtd,
    "internal entity": internal_entity,
    "external entity": external_entity,
    "billion laughs": billion_laughs,
    "deep nesting": deep_nesting,
    "huge attribute value": huge_attribute,
    "oversized body": oversized,
    "wrong content type": wrong_content_type,
    "SOAP 1.2 envelope": soap12,
    "unknown operation": unknown_operation,
    "signature wrapping": signature_wrapping,
    "replay": replay,
    "untrusted client certificate": untrusted_certificate,
    "truncated upload": truncated,
    "truncated file": truncated_file,
    "not XML": not_xml,
    "empty": empty,
    "binary": binary,
}


class UnknownAttack(LookupError):
    """An attack name the catalogue does not hold."""


def attack(name: str, message: Message) -> Hostile:
    """The hostile bytes of attack `name` built from a valid `message`."""
    if name not in ATTACKS:
        raise UnknownAttack(f"unknown attack {name!r} (known: {', '.join(ATTACKS)})")
    return ATTACKS[name](message)
