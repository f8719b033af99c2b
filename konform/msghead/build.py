"""Write a MsgHead v1.2 around one or more payload documents (KITH hodemelding)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from konform.msghead import MIG_VERSION, NS, VOLVEN, q

HER_ID = VOLVEN + "9051"


@dataclass(frozen=True)
class Ident:
    """An identification with its type: Id and TypeId (V, S, DN)."""

    id: str
    type: str = "HER"
    oid: str | None = HER_ID
    dn: str | None = "HER-id"


@dataclass(frozen=True)
class Party:
    """The Organisation of a Sender or Receiver: its name and identifications."""

    name: str
    idents: tuple[Ident, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Document:
    """One Document: RefDoc/MsgType (V, DN) and the Content's payload elements."""

    payload: Sequence[etree._Element]
    msg_type: str = "XML"
    msg_type_dn: str = "XML-instans"


def build(
    *,
    type_v: str,
    type_dn: str | None = None,
    msg_id: str,
    gen_date: datetime,
    sender: Party,
    receiver: Party,
    documents: Iterable[Document],
    conversation_ref: tuple[str, str] | None = None,
) -> etree._Element:
    """A MsgHead element; `conversation_ref` is (RefToParent, RefToConversation)."""
    root = etree.Element(q("MsgHead"), nsmap={None: NS})
    info = etree.SubElement(root, q("MsgInfo"))
    etree.SubElement(info, q("Type"), V=type_v, DN=type_v if type_dn is None else type_dn)
    etree.SubElement(info, q("MIGversion")).text = MIG_VERSION
    etree.SubElement(info, q("GenDate")).text = gen_date.isoformat(timespec="seconds")
    etree.SubElement(info, q("MsgId")).text = msg_id
    if conversation_ref is not None:
        ref = etree.SubElement(info, q("ConversationRef"))
        etree.SubElement(ref, q("RefToParent")).text = conversation_ref[0]
        etree.SubElement(ref, q("RefToConversation")).text = conversation_ref[1]
    _party(etree.SubElement(info, q("Sender")), sender)
    _party(etree.SubElement(info, q("Receiver")), receiver)
    for document in documents:
        ref_doc = etree.SubElement(etree.SubElement(root, q("Document")), q("RefDoc"))
        etree.SubElement(ref_doc, q("MsgType"), V=document.msg_type, DN=document.msg_type_dn)
        content = etree.SubElement(ref_doc, q("Content"))
        content.extend(copy.deepcopy(element) for element in document.payload)
    return root


def _party(parent: etree._Element, party: Party) -> None:
    organisation = etree.SubElement(parent, q("Organisation"))
    etree.SubElement(organisation, q("OrganisationName")).text = party.name
    for ident in party.idents:
        element = etree.SubElement(organisation, q("Ident"))
        etree.SubElement(element, q("Id")).text = ident.id
        attributes = {"V": ident.type, "S": ident.oid, "DN": ident.dn}
        etree.SubElement(element, q("TypeId"), {k: v for k, v in attributes.items() if v})


def serialize(root: etree._Element, *, encoding: str = "UTF-8", pretty: bool = False) -> bytes:
    """The document with an XML declaration; UTF-8 unless told otherwise."""
    return etree.tostring(root, xml_declaration=True, encoding=encoding, pretty_print=pretty)
