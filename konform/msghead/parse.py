"""Read a MsgHead v1.2 into a view: the header fields SYSVAK uses, each with its source line."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from konform.msghead import q


@dataclass(frozen=True)
class Located:
    """A value read from the message and the line of the element it came from (0 if absent)."""

    value: str | None
    line: int = 0


@dataclass(frozen=True)
class Organisation:
    name: str | None
    idents: tuple[tuple[str, str | None, str | None], ...]  # (Id, TypeId V, TypeId S)
    line: int


@dataclass(frozen=True)
class DocumentView:
    """One Document: its RefDoc/MsgType V, and the element children of RefDoc/Content."""

    msg_type: Located
    has_content: bool
    payload: tuple[etree._Element, ...]
    line: int


@dataclass
class MsgHeadView:
    """What a MsgHead says; absent elements are Located(None)."""

    root: etree._Element
    type_v: Located = Located(None)
    type_dn: Located = Located(None)
    mig_version: Located = Located(None)
    gen_date: Located = Located(None)
    msg_id: Located = Located(None)
    conversation_ref: tuple[Located, Located] | None = None
    sender: Organisation | None = None
    receiver: Organisation | None = None
    documents: list[DocumentView] = field(default_factory=list)
    line: int = 0

    @property
    def payload(self) -> etree._Element | None:
        """The first Document's first payload element, if any."""
        for document in self.documents:
            if document.payload:
                return document.payload[0]
        return None


def _line(element: etree._Element | None) -> int:
    return 0 if element is None else int(element.sourceline or 0)


def _text(parent: etree._Element | None, name: str) -> Located:
    element = None if parent is None else parent.find(q(name))
    if element is None:
        return Located(None)
    return Located((element.text or "").strip(), _line(element))


def _attribute(parent: etree._Element | None, name: str, attribute: str) -> Located:
    element = None if parent is None else parent.find(q(name))
    if element is None:
        return Located(None)
    return Located(element.get(attribute), _line(element))


def _organisation(party: etree._Element | None) -> Organisation | None:
    organisation = None if party is None else party.find(q("Organisation"))
    if organisation is None:
        return None
    idents = tuple(
        (
            (ident.findtext(q("Id")) or "").strip(),
            _attribute(ident, "TypeId", "V").value,
            _attribute(ident, "TypeId", "S").value,
        )
        for ident in organisation.findall(q("Ident"))
    )
    return Organisation(organisation.findtext(q("OrganisationName")), idents, _line(organisation))


def parse(root: etree._Element) -> MsgHeadView:
    """The view of a MsgHead element (the caller has checked that it is one)."""
    info = root.find(q("MsgInfo"))
    view = MsgHeadView(root=root, line=_line(root))
    if info is not None:
        view.type_v = _attribute(info, "Type", "V")
        view.type_dn = _attribute(info, "Type", "DN")
        view.mig_version = _text(info, "MIGversion")
        view.gen_date = _text(info, "GenDate")
        view.msg_id = _text(info, "MsgId")
        ref = info.find(q("ConversationRef"))
        if ref is not None:
            view.conversation_ref = (_text(ref, "RefToParent"), _text(ref, "RefToConversation"))
        view.sender = _organisation(info.find(q("Sender")))
        view.receiver = _organisation(info.find(q("Receiver")))
    for document in root.findall(q("Document")):
        ref_doc = document.find(q("RefDoc"))
        content = None if ref_doc is None else ref_doc.find(q("Content"))
        payload = () if content is None else tuple(c for c in content if isinstance(c.tag, str))
        view.documents.append(
            DocumentView(
                msg_type=_attribute(ref_doc, "MsgType", "V"),
                has_content=content is not None,
                payload=payload,
                line=_line(document),
            )
        )
    return view
