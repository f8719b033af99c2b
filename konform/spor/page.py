"""The file-upload page's feedback (§3.2): the two messages, and what a page shows a reader.

"Vid uppladdning ges feedback direkt på sidan Filbaserad dataöverföring. Gick
uppladdningen bra visas bara meddelandet 'Dataöverföringen lyckades'. Om det uppstår
något fel visas meddelandet 'Dataöverföringen misslyckades: <anledning till fel>'."

The guide says what the page *shows*, not its bytes: a page is read as a person sees it,
whatever its content type (plain text or HTML), character set or layout around the message.

>>> page = "<html><body><nav>Meny</nav><p>Dataöverf&ouml;ringen lyckades</p></body></html>"
>>> visible_text(page.encode(), "text/html")
'Meny Dataöverföringen lyckades'
>>> shows_success("Filbaserad dataöverföring Dataöverföringen lyckades")
True
>>> failure_reason("Dataöverföringen misslyckades: Värdet 'H-CAR' är ogiltigt")
"Värdet 'H-CAR' är ogiltigt"
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from email.message import Message

import lxml.html
from lxml import etree

LUCKADES = "Dataöverföringen lyckades"
MISSLYCKADES = "Dataöverföringen misslyckades: "
_FAILED = re.compile(r"Dataöverföringen misslyckades\s*:\s*(?P<reason>.*)", re.S)


def charset(content_type: str) -> str:
    """The character set a Content-Type names, UTF-8 when it names none (or one Python lacks)."""
    message = Message()
    message["content-type"] = content_type or "text/plain"
    name = str(message.get_param("charset") or "utf-8")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def visible_text(body: bytes, content_type: str = "") -> str:
    """The text a reader sees on the page: HTML rendered to its words, whitespace collapsed, NFC."""
    text = body.decode(_encoding(body, content_type), "replace")
    media = content_type.split(";")[0].strip().lower()
    looks_html = text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
    if "html" in media or looks_html:
        try:
            document = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
        except (etree.ParserError, ValueError):
            document = None
        if document is not None:
            for hidden in list(document.iter("script", "style", "head", "template")):
                hidden.drop_tree()
            for element in document.iter(*_BLOCKS):
                element.tail = " " + (element.tail or "")  # a block stands apart from its neighbours
            text = document.text_content()
    return unicodedata.normalize("NFC", " ".join(text.split()))


_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "nav", "main", "header", "footer", "section", "article",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "form", "label", "dd", "dt",
)  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _encoding(body: bytes, content_type: str) -> str:
    """The page's character set: the Content-Type's, else an HTML meta element's, else UTF-8."""
    if "charset" in content_type.lower():
        return charset(content_type)
    found = _META_CHARSET.search(body[:2048])
    return charset(f"text/html; charset={found.group(1).decode('ascii')}") if found else "utf-8"


def shows_success(text: str) -> bool:
    """True if the page shows "Dataöverföringen lyckades" and not the failure message."""
    return LUCKADES in text and "misslyckades" not in text


def failure_reason(text: str) -> str | None:
    """The reason after "Dataöverföringen misslyckades:", or None when the page does not show it."""
    found = _FAILED.search(text)
    return None if found is None else found["reason"].strip()
