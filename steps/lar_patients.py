"""The run's synthetic patients for LAR scenarios (steps/lar.py's `LarScenario` draws from them)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from konform import runseed
from konform.identifiers import dk_cpr

#: Synthetic CPR-nummer konform sends: born 2040-01-01 … 2057-12-31 (7th digit 5-8 puts YY 40-57
#: in the 2000s), never a living person's; 6 575 days × 4 × 1000 serials.
SYNTHETIC_DAYS = (date(2058, 1, 1) - date(2040, 1, 1)).days
SYNTHETIC_PATIENTS = SYNTHETIC_DAYS * 4 * 1000


class Patients:
    """The run's synthetic patients: one sequence for the whole session, from the run's seed.

    A target that keeps its data (no control API to reset it) must never see a patient of an
    earlier scenario again – a later scenario would read what an earlier one left, and fail
    on it under its own requirement – nor, with a fresh seed, one of an earlier run. So every
    scenario draws from this one sequence, which starts at an offset chosen by the run's seed
    (`konform.runseed`; `--seed N` draws the same patients again).
    """

    def __init__(self) -> None:
        self.start = runseed.rng("lar-patients").randrange(SYNTHETIC_PATIENTS)
        self.counter = itertools.count()

    def next(self) -> str:
        serial = (self.start + next(self.counter)) % SYNTHETIC_PATIENTS
        born = date(2040, 1, 1) + timedelta(days=serial % SYNTHETIC_DAYS)
        rest = serial // SYNTHETIC_DAYS
        return dk_cpr.validate(f"{born:%d%m%y}{5 + rest % 4}{rest // 4:03d}", allow_future_birth_date=True)
