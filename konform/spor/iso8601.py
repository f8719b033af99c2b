"""ISO 8601:2004 calendar dates and date-times, as §7.1 of the SPOR guide names them.

The guide's examples are the extended form, `2022-04-13` and `2022-04-13T13:54:22+01:00`.
ISO 8601:2004 also allows the basic form (`20220413`, `20220413T135422+0100`), reduced
precision (`13:54`), a decimal fraction and local time (no offset). This module tells a
value that ISO 8601 allows from one it does not, so konform can tell the guide's rule
from its own reading of the examples.

>>> is_date_or_time("2022-04-13T13:54:22")
True
>>> is_date_or_time("20220413")
True
>>> is_date_or_time("13/04/2022")
False
>>> has_offset("2022-04-13T13:54:22")
False
"""

from __future__ import annotations

import re
from datetime import date

_ZONE = r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?"
_EXTENDED = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:T(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?" + _ZONE + ")?"
)
_BASIC = re.compile(
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
    r"(?:T(?P<h>\d{2})(?P<mi>\d{2})(?:(?P<s>\d{2})(?:[.,]\d+)?)?" + _ZONE.replace("(?::?", "(?:") + ")?"
)
_OFFSET = re.compile(r".*T.*(Z|[+-]\d{2}(:?\d{2})?)")


def is_date_or_time(value: str) -> bool:
    """True if `value` is an ISO 8601:2004 calendar date or date-time (either form, any zone or none)."""
    text = value.strip()
    found = _EXTENDED.fullmatch(text) or _BASIC.fullmatch(text)
    if found is None:
        return False
    try:
        date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return False
    hour, minute, second = (int(found[part] or 0) for part in ("h", "mi", "s"))
    zone = found["zone"] or ""
    zone_ok = zone in ("", "Z") or (int(zone[1:3]) <= 23 and int(zone[-2:] if len(zone) > 3 else 0) <= 59)
    return (hour, minute, second) <= (24, 0, 0) and minute <= 59 and second <= 60 and zone_ok


def has_offset(value: str) -> bool:
    """True if a date-time carries a UTC designator or an offset (a date alone never does)."""
    return _OFFSET.fullmatch(value.strip()) is not None
