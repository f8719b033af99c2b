"""The run's seed: where konform draws identifiers for a target that keeps its data.

Against the embedded simulators every run draws the same data (Hypothesis derandomized),
so a failure reproduces by rerunning. A registry's test environment, or a simulator
started with `konform serve`, keeps what it received: a rerun with the same
personnummer, CPR numbers and UUIDs would meet "identifier exists" and pile data up on
the same patients. Against such targets each run draws from its own seed, printed at the
start of the run and in the report, and `--seed N` draws the same data again.
"""

from __future__ import annotations

import random
import secrets

#: The seed of this process's run, once the front end has chosen it (None: derandomized).
_seed: int | None = None


def choose(requested: str | None, *, persistent_target: bool) -> int | None:
    """The run's seed: `requested` when given ("fixed" keeps derandomized draws), a fresh
    one against a target that keeps its data, None (derandomized) otherwise."""
    global _seed
    if requested is not None and requested != "fixed":
        try:
            _seed = int(requested)
        except ValueError:
            raise ValueError(f"--seed must be a whole number or 'fixed', not {requested!r}") from None
    elif requested is None and persistent_target:
        _seed = secrets.randbelow(2**32)
    else:
        _seed = None
    return _seed


def current() -> int | None:
    """The run's seed, or None when the run draws derandomized data."""
    return _seed


def rng(purpose: str) -> random.Random:
    """A random source for `purpose`: the same for the same seed, a fresh one per run."""
    return random.Random(f"{_seed}:{purpose}") if _seed is not None else random.Random(purpose)

