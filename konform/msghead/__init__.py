"""KITH MsgHead v1.2 (hodemelding, "v1.2 2006-05-24"): build, read and schema-check the envelope.

The header rules a registry imposes on top (SYSVAK's message types, its one Document,
its ConversationRef use) live with that registry (``konform.sysvak.rules``); this
package knows only the hodemelding itself: ``build`` writes one, ``parse`` reads one
into a view with line numbers, ``schema`` checks one against our subset XSD
(``schemas/common/msghead/``) or against an official MsgHead XSD the user supplies.
"""

from __future__ import annotations

NS = "http://www.kith.no/xmlstds/msghead/2006-05-24"
MIG_VERSION = "v1.2 2006-05-24"
#: Volven OIDs are written as this prefix + the code list number (e.g. 9051).
VOLVEN = "2.16.578.1.12.4.1.1."


def q(name: str) -> str:
    """The Clark name of a MsgHead element."""
    return f"{{{NS}}}{name}"
