"""A zeep plugin that adds DGWS headers (the ID card and a fresh medcom:Header) to every request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from lxml import etree
from zeep import Plugin

from konform import xml
from konform.clock import Clock
from konform.dgws import header

CardSource: TypeAlias = etree._Element | bytes | Path | Callable[[], etree._Element]


class DgwsPlugin(Plugin):
    """Adds wsse:Security with the card and a medcom:Header with a fresh MessageID on egress."""

    def __init__(
        self,
        card_source: CardSource,
        *,
        flow_id: str | None = None,
        security_level: int | None = None,
        require_nonrepudiation: bool = False,
        clock: Clock | None = None,
    ) -> None:
        """`card_source`: a signed card, its XML bytes or file, or a callable giving one per request."""
        if isinstance(card_source, Path):
            card_source = card_source.read_bytes()
        if isinstance(card_source, bytes):
            card_source = xml.parse(card_source)
        self._source = card_source
        self.flow_id = flow_id
        self.security_level = security_level
        self.require_nonrepudiation = require_nonrepudiation
        self.clock = clock
        self.last_message_id: str | None = None

    def card(self) -> etree._Element:
        """The ID card to send now."""
        return self._source() if callable(self._source) else self._source

    def egress(
        self, envelope: etree._Element, http_headers: dict[str, str], operation: Any, binding_options: Any
    ) -> tuple[etree._Element, dict[str, str]]:
        """A new envelope: `envelope` with the card and a new medcom:Header (zeep sends what is returned)."""
        self.last_message_id = header.new_message_id()
        signed_in = header.add_request_headers(
            envelope,
            self.card(),
            message_id=self.last_message_id,
            flow_id=self.flow_id,
            security_level=self.security_level,
            require_nonrepudiation=self.require_nonrepudiation,
            clock=self.clock,
        )
        return signed_in, http_headers
