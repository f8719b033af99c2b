"""How konform reads SYSVAK's answers on the wire, tolerant wherever Dok 31 fixes nothing.

Dok 31 describes messages, not a transport: the register takes ebXML, konform's simulator
one MsgHead per HTTP POST. What the document does say – a message that breaks its rules is
not processed, faults come back in the answer (§3.2, §3.3), no answer while a message waits
(§3.2), UTF-8 (§3.7.3) – is judged here in every form a careful implementer could give it:
a refusal is an HTTP 4xx or an answer whose Behandlingsresultat is avvist; a reason names a
word in any case; a Content-Type is parsed, not compared as a string.
"""

from __future__ import annotations

import unicodedata

from konform.recording import content_type
from konform.sysvak.client import Answer


def _folded(text: str) -> str:
    """Letters and digits only, lower case: "Receiver/Organisation/Ident" ~ "receiver organisation ident"."""
    return "".join(c for c in unicodedata.normalize("NFC", text).casefold() if c.isalnum())


def names(text: str, word: str) -> bool:
    """Whether `text` names `word`, ignoring case, spaces and separators (UTF-8 ~ utf8)."""
    wanted = _folded(word)
    return bool(wanted) and wanted in _folded(text)


#: 4xx statuses about access, route or rate, not about the message: never a refusal of it.
NOT_ABOUT_THE_MESSAGE = frozenset({401, 403, 404, 405, 407, 408, 429})


def refused(answer: Answer) -> bool:
    """Not processed: refused at the transport (an HTTP 4xx about the message, e.g. 400, 413, 415,
    422) or answered with Behandlingsresultat avvist. A 404 or 403 says nothing about the message."""
    if answer.status is not None and 400 <= answer.status < 500:
        return answer.status not in NOT_ABOUT_THE_MESSAGE
    response = answer.response
    return answer.status == 200 and response is not None and response.resultat.status == "avvist"


def reason(answer: Answer) -> str:
    """The refusal's reason: the text of a 4xx, or the answer's Valideringsmeldinger."""
    if answer.response is not None:
        return " | ".join(
            " ".join(part for part in (m.kode, m.alvorlighetsgrad, m.beskrivelse, m.element or "") if part)
            for m in answer.response.resultat.meldinger
        )
    return answer.exchange.response_body.decode("utf-8", "replace")


def answered(answer: Answer) -> bool:
    """Whether an answer MsgHead came back (a waiting message gets none, §3.2)."""
    return answer.status == 200 and answer.message is not None


def taken_without_answer(answer: Answer) -> bool:
    """§3.2: the message was taken (2xx) and no answer MsgHead came back."""
    return answer.status is not None and 200 <= answer.status < 300 and answer.message is None


def decodes_as_utf8(answer: Answer) -> bool:
    try:
        answer.exchange.response_body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def declared_charset(answer: Answer) -> str | None:
    """The charset the answer's Content-Type names (any spelling of the field), None if none."""
    return content_type(answer.exchange.response_headers.get("content-type")).charset


def charset_is_utf8(charset: str | None) -> bool:
    """No charset (XML's own declaration rules), or UTF-8 however spelt."""
    return charset is None or charset.replace("_", "-") in ("utf-8", "utf8")


def search_case_named(codes_and_texts: list[str], case: str) -> bool:
    """§5.1.2: an informasjon Valideringsmelding names the case (INGEN_TREFF ~ "Ingen treff …")."""
    return any(names(text, case) for text in codes_and_texts)
