"""The MsgHead a vendor's system wraps around a SYSVAK message (Dok 31 §3.6)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from lxml import etree

from konform.msghead import build as mh
from konform.sysvak import binding, codes

#: konform's stand-ins for a vendor's health unit and for SYSVAK itself (made-up HER-ids).
SENDER = mh.Party("Helsestasjonen i Testby kommune", (mh.Ident("8800001"),))
RECEIVER = mh.Party("Folkehelseinstituttet, SYSVAK", (mh.Ident("8800002"),))

PAYLOAD_TYPES = {t.payload: t.code for t in codes.MESSAGE_TYPES.values()}


def type_code_of(payload: etree._Element) -> str:
    """The MsgInfo/Type of the request `payload` is, by the root element the binding names for it."""
    return next(code for name, code in PAYLOAD_TYPES.items() if binding.tag(name) == payload.tag)


def wrap(
    payload: etree._Element,
    *,
    type_code: str | None = None,
    msg_id: str | None = None,
    sender: mh.Party = SENDER,
    receiver: mh.Party = RECEIVER,
    gen_date: datetime | None = None,
    documents: int = 1,
) -> etree._Element:
    """A MsgHead v1.2 holding `payload` (as `documents` copies; SYSVAK takes one)."""
    code = type_code or type_code_of(payload)
    return mh.build(
        type_v=code,
        msg_id=msg_id or str(uuid.uuid4()),
        gen_date=gen_date or datetime.now(UTC),
        sender=sender,
        receiver=receiver,
        documents=[mh.Document([payload]) for _ in range(documents)],
    )
