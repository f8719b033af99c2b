"""Fill a DGWS request template from examples/requests/ with an ID card, a MessageID and a time.

    python examples/requests/fill.py TEMPLATE CARD > request.xml

TEMPLATE is a LAR or BRS example holding the placeholders {{ID_CARD}}, {{MESSAGE_ID}} and
{{CREATED}}; CARD is a signed SOSI ID card (a saml:Assertion), e.g. the output of
`konform idcard`. The card is pasted byte for byte (only its XML declaration dropped):
parsing and writing it again could change its canonical form and break its signature.
MESSAGE_ID gets a fresh UUID each time (a DGWS service refuses a MessageID it has seen),
CREATED the current time in UTC. Standard library only, so it can be read and copied.
"""

from __future__ import annotations

import re
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

PLACEHOLDERS = ("{{ID_CARD}}", "{{MESSAGE_ID}}", "{{CREATED}}")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def fill(template: str, card: str, *, message_id: str | None = None, created: datetime | None = None) -> str:
    """The template with the card, a MessageID (fresh unless given) and wsu:Created filled in."""
    missing = [name for name in PLACEHOLDERS if name not in template]
    if missing:
        raise ValueError(f"not a DGWS request template: no {', '.join(missing)}")
    assertion = _DECLARATION.sub("", card).strip()
    if "Assertion" not in assertion[:200]:
        raise ValueError("the card is not a saml:Assertion (make one with `konform idcard`)")
    moment = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        template.replace("{{MESSAGE_ID}}", message_id or str(uuid.uuid4()))
        .replace("{{CREATED}}", moment)
        .replace("{{ID_CARD}}", assertion)
    )


def main(arguments: list[str]) -> int:
    if len(arguments) != 2:
        print("usage: python fill.py TEMPLATE CARD > request.xml", file=sys.stderr)
        return 2
    template, card = (Path(argument) for argument in arguments)
    try:
        filled = fill(template.read_text(encoding="utf-8"), card.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"fill.py: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(filled)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
