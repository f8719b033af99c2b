"""SYSVAK messages read from a file in bounded memory (konform/validate/bounded.py).

A MsgHead to SYSVAK holds one request (one hendelse, one search, one code list), so it
has no repeated records to drop: the file is streamed, checked to be UTF-8 as it comes
(Dok 31 §3.7.3), and held to konform's limits, so that a file far larger than any message
is answered with a finding naming the limit instead of being read whole.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from konform.checks import Finding
from konform.msghead import NS as MH
from konform.sysvak.judging import SCHEMA, Message
from konform.validate import Unusable, bounded
from konform.validate.bounded import Limit


def check_root(tag: str) -> None:
    if tag != f"{{{MH}}}MsgHead":
        raise Unusable(f"wrong root element {tag}: expected a MsgHead v1.2 ({{{MH}}}MsgHead)")


def _utf8(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, each checked to continue a UTF-8 text; Unusable at the first byte that does not."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    for chunk in chunks:
        held = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            at = done - held + error.start
            raise Unusable(f"not UTF-8 (byte {at}); SYSVAK messages are UTF-8 (Dok 31 §3.7.3)") from None
        done += len(chunk)
        yield chunk
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Unusable(f"not UTF-8 (byte {done}); SYSVAK messages are UTF-8 (Dok 31 §3.7.3)") from None


def read(source: Path, *, today: date | None = None) -> Message:
    """The message in `source` as the rules see it; Unusable, or Limit past one of konform's limits."""
    try:
        handle = source.open("rb")
    except OSError as error:
        raise Unusable(f"cannot read: {error.strerror or error}") from None
    with handle:
        chunks = bounded.chunks(handle)
        first = next(chunks, b"")
        try:
            root = bounded.read(_utf8(_chain(first, chunks)), check_root)
        except OSError as error:
            raise Unusable(f"cannot read: {error.strerror or error}") from None
    return Message(first, root, today=today)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def limit_finding(limit: Limit) -> Finding:
    """The finding for a file past one of konform's reading limits: the field, the limit."""
    text = f"{limit.text} (docs/reference/limits.md); konform did not judge the file further"
    return Finding(limit.line, SCHEMA, "error", text, limit.element)
