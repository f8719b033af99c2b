"""`python -m bench`: run every benchmark and merge its figures into reports/bench.json."""

from __future__ import annotations

import sys

from bench import lar, spor_simulator, validate_spor


def main() -> int:
    validate_spor.main()
    spor_simulator.main()
    lar.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
