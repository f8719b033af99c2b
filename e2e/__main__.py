"""`python -m e2e`: check an evidence pack's summary, coverage page and Allure report in headless Chromium.

Without --pack, runs `konform certify --registry R --reports DIR` first (with --fresh,
or when DIR holds no pack for R yet) and checks the pack it wrote. Exit 0 when every
page passed, 1 when a check failed, 2 when there is no Chromium or no pack.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from e2e import pack as packs
from e2e.cdp import find_chromium
from e2e.check_report import check, format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, help="an evidence pack folder to check as it is")
    parser.add_argument("--reports", type=Path, default=Path("reports"), help="where certify writes")
    parser.add_argument("--registry", default="spor", choices=sorted(packs.REGISTRIES))
    parser.add_argument("--fresh", action="store_true", help="always run certify first")
    parser.add_argument("--screenshots", type=Path, help="write <page>.png of each page here")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for any one wait")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("e2e: no chromium (Debian: apt-get install chromium; `make e2e` does it)", file=sys.stderr)
        return 2
    started = time.monotonic()
    folder = args.pack or (None if args.fresh else packs.newest(args.reports, args.registry))
    try:
        if folder is None:
            print(f"e2e: konform certify --registry {args.registry} --reports {args.reports}", flush=True)
            folder = packs.certify(args.reports, args.registry)
            print(f"e2e: certify took {time.monotonic() - started:.1f} s", flush=True)
        pack = packs.load(folder)
    except (RuntimeError, ValueError, OSError) as error:
        print(f"e2e: {error}", file=sys.stderr)
        return 2
    browsing = time.monotonic()
    pages = check(pack, chromium, screenshots=args.screenshots, timeout=args.timeout)
    print(format_report(pack, pages))
    finished = time.monotonic()
    print(f"e2e: browser checks {finished - browsing:.1f} s, total {finished - started:.1f} s")
    return 0 if all(page.ok for page in pages) else 1


if __name__ == "__main__":
    sys.exit(main())
