"""Stop a run whose target has stopped answering, instead of failing every scenario left.

Against a target that dies mid-run every remaining scenario would fail on a transport
error, and a property would spend half a minute shrinking each one. When a scenario fails
on a transport error, the endpoints are checked again (konform/reachability.py, seconds at
most); if one no longer answers, the run stops after that scenario with one line naming
the endpoint and the error. `konform certify` then reports what ran and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from konform import reachability, targets


def transport_errors(error: BaseException) -> Iterator[OSError]:
    """The OSErrors (requests' and urllib3's errors among them) in an error, its causes and groups."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError):
            yield current
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        pending += list(getattr(current, "exceptions", ()))


class TargetWatch:
    """After a transport error against a non-embedded target, stop the run if the target is gone."""

    def __init__(self, target: targets.Target) -> None:
        self.target = target

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        if report.failed and call.excinfo is not None and next(transport_errors(call.excinfo.value), None):
            try:
                reachability.check(self.target)
            except (reachability.Unreachable, targets.TargetError) as gone:
                item.session.shouldstop = f"konform: the target stopped answering: {gone}"
        return report
