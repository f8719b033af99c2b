"""ID cards for a LAR target: minted by an STS it trusts, or card files obtained elsewhere.

A simulator target names its STS key (`sts_key`, `sts_cert`, and an untrusted pair);
a real environment names signed card files (`idcard` for level 4, `idcard_level3`, …),
because only the real STS can sign for it.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from pathlib import Path

from lxml import etree

from konform import xml
from konform.dgws import TestSts
from konform.targets import Endpoint

DEFAULT_CVR = "25520041"


@functools.cache
def _sts(key: Path, cert: Path) -> TestSts:
    """An STS per key file, loaded once (loading and checking an RSA key takes tens of milliseconds)."""
    return TestSts.from_files(key, cert)


class NoCard(LookupError):
    """The target offers no way to get the card a scenario needs (the reason says which)."""


class Cards:
    """The ID cards a scenario may present to one LAR endpoint."""

    def __init__(self, endpoint: Endpoint) -> None:
        options = endpoint.options
        self.options = options
        self.cvr = str(options.get("cvr", DEFAULT_CVR))
        self.foreign_cvr = str(options["foreign_cvr"]) if options.get("foreign_cvr") else None
        self._sts = self._load("sts_key", "sts_cert")
        self._untrusted = self._load("untrusted_sts_key", "untrusted_sts_cert")

    def _load(self, key: str, cert: str) -> TestSts | None:
        if self.options.get(key) and self.options.get(cert):
            return _sts(Path(self.options[key]), Path(self.options[cert]))
        return None

    @property
    def can_mint(self) -> bool:
        return self._sts is not None

    def card(
        self,
        level: int = 4,
        *,
        cvr: str | None = None,
        ttl: timedelta = timedelta(hours=1),
        not_before: datetime | None = None,
        untrusted: bool = False,
    ) -> etree._Element:
        """A signed card of `level` (for the target's CVR unless told), or NoCard saying why not."""
        sts = self._untrusted if untrusted else self._sts
        if sts is not None:
            return sts.mint(level=level, cvr=cvr or self.cvr, ttl=ttl, not_before=not_before)
        if untrusted:
            raise NoCard("the target names no untrusted STS (options untrusted_sts_key, untrusted_sts_cert)")
        name = "idcard" if level == 4 else f"idcard_level{level}"
        if cvr is None and ttl == timedelta(hours=1) and not_before is None and self.options.get(name):
            return xml.parse(Path(self.options[name]).read_bytes())
        raise NoCard(
            f"the target offers no card of level {level} with these properties: it names no STS key "
            f"(options sts_key, sts_cert) and no card file {name!r}"
        )
