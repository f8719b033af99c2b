"""BRS's decisions as overridable methods; the fault profiles (konform/brs/profiles.py) each break one.

The correct behaviour follows the BRS + Notifikationsservice guide and the catalogue's
readings. A fault profile overrides one decision and names the requirement IDs the
feature suite must then fail on (`breaks`); those among them that only a check resting on
konform's reading catches (`readings_only`) fail under `--readings strict` and are
warnings otherwise. `tests/brs/test_brs_fault_profiles.py` holds every profile to exactly
those sets.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from lxml import etree

from konform.brs import relations
from konform.brs.model import brs_time, categories
from konform.brs.relations import Decision
from konform.brs.state import BrsState
from konform.dgws.verify import PROCESSING_PROBLEM
from konform.faults import Behaviour

#: "Svaret indeholder de første 100 notifikationer" (Notifikationsservice).
PAGE_SIZE = 100

Interval = tuple[datetime, datetime]


class BrsBehaviour(Behaviour):
    """BRS and the notification service as the guide describes them."""

    #: The IDs among `breaks` that only checks resting on konform's reading catch.
    readings_only: ClassVar[frozenset[str]] = frozenset()

    def min_level(self) -> int:
        """BRS-DGWS: an ID card of level 3 (or higher, the catalogue's reading)."""
        return 3

    def ignores_whitelist(self) -> bool:
        """BRS-DGWS: only whitelisted CVRs get in (not_authorized otherwise)."""
        return False

    def validation_code(self) -> str:
        """BRS-FAULTS: a validation breach is answered with processing_problem."""
        return PROCESSING_PROBLEM

    def fault_text(self, problem: str) -> str:
        """BRS-FAULTS: "Fault message vil indeholde yderligere beskrivelse af årsagen" – the breach."""
        return problem

    def query_fault(self) -> str | None:
        """A text to refuse every notificationQuery with (processing_problem), or None to answer it."""
        return None

    def accepts_queryable_cvr(self, caller: str | None, queryable: str) -> bool:
        """BRS-REQ: QueryableCvr may be another CVR than the caller's."""
        return True

    def decide(
        self, found: list[str], acceptable: tuple[str, ...], followup: tuple[str, ...] | str
    ) -> Decision:
        """BRS-SUFFICIENT, BRS-FOLLOWUP."""
        return relations.decide(found, acceptable, followup)

    def listed(self, actual: tuple[str, ...]) -> tuple[str, ...]:
        """ActualRelations in the order the answer lists them: best first (the guide fixes no order)."""
        return categories(actual)

    def external_reference(self, given: str | None, unique: str) -> str:
        """BRS-REFS: the request's ExternalReferenceId, else a new id different from UniqueReferenceId."""
        if given is not None:
            return given
        generated = str(uuid.uuid4())
        return generated if generated != unique else str(uuid.uuid4())

    def notifies(self, acceptable_in_time: bool) -> bool:
        """BRS-FOLLOWUP: a notification when TimeLimit passed without an acceptable relation."""
        return not acceptable_in_time

    def lookup_interval(self, card: Interval, requested: Interval) -> Interval:
        """NOTIF-PAYLOAD: "Intervallet sættes til id-kortets gyldighedsperiode" (the guide's example
        repeats the request's interval, which is as correct)."""
        return card

    def request_source(self, original: etree._Element) -> etree._Element:
        """NOTIF-PAYLOAD: RequestSource is "Det komplette kald" as it was sent."""
        return original

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        """NOTIF-QUERY, NOTIF-CVR: the caller's first 100 with serial ≥ SerialNumber, ascending."""
        return state.notifications(cvr=cvr, at_least=serial, limit=PAGE_SIZE, type_=type_)

    def time_text(self, moment: datetime) -> str:
        """BRS-TIME: `YYYY-MM-DDTHH:MM:SS+HH:MM`."""
        return brs_time(moment)

    def serves_gos_alias(self) -> bool:
        """BRS-ENDPOINT: gos/service/notification reaches the notification service too."""
        return True

    def certificate_change_moves(self) -> bool:
        """BRS-CERTCHANGE: the operator duplicates the old CVR's alarms and notifications."""
        return False

    def remembers_answers(self) -> bool:
        """BRS-DRIFT: every answer is computed from what the registries know now."""
        return False

    def header_name(self, name: bytes) -> bytes:
        """The spelling of an HTTP response header's name (HTTP names are case-insensitive)."""
        return name


# The fault profiles and the independently written correct behaviour are subclasses defined
# there; importing them here lets `konform.faults.profiles(BrsBehaviour)` find every one.
from konform.brs import profiles as _profiles  # noqa: E402, F401
