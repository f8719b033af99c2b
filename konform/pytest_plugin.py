"""pytest front end: requirement tags, targets, Hypothesis profiles, reproducers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from pytest_bdd.scenario import scenario_wrapper_template_registry

from konform import (
    catalogue,
    checks,
    deviations,
    evidence,
    outcomes,
    readings_plugin,
    runseed,
    target_watch,
    targets,
)

#: Feature folders → Allure epic; shared identifier rules have their own epic.
FEATURE_EPICS = {
    "spor": "SPOR",
    "lar": "LAR",
    "sysvak": "SYSVAK",
    "brs": "BRS",
    "takecare": "Takecare",
    "identifiers": "Identifiers",
    "hardening": "Hardening",
}

settings.register_profile(
    "ci",
    derandomize=True,
    print_blob=True,
    deadline=None,
    database=None,
    max_examples=25,
    stateful_step_count=15,
    suppress_health_check=[HealthCheck.too_slow],
)
#: For fault-profile meta-tests: `ci` without shrinking, which changes nothing about which
#: scenarios fail and costs more than the whole run against a broken simulator.
settings.register_profile(
    "meta",
    settings.get_profile("ci"),
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    max_examples=10,
    stateful_step_count=10,
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=400,
    print_blob=True,
    stateful_step_count=50,
    suppress_health_check=[HealthCheck.too_slow],
)


class UnknownRequirementTag(Exception):
    """A feature names a requirement the catalogue does not know."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("konform")
    group.addoption("--target", default="sim", help="target profile to test (default: sim)")
    group.addoption(
        "--targets-file",
        default=None,
        help="profile file (default: $KONFORM_TARGETS or ./targets.toml)",
    )
    group.addoption(
        "--deviations",
        default=None,
        help="known-deviation baseline (default: $KONFORM_DEVIATIONS or ./deviations.toml)",
    )
    group.addoption(
        "--outcomes",
        default=None,
        help="write each test's requirement IDs and outcome to this JSON file (meta-tests)",
    )
    group.addoption(
        "--allow-production",
        action="store_true",
        help="allow a profile that says production = true",
    )
    group.addoption(
        "--readings",
        choices=checks.READINGS_MODES,
        default="lenient",
        help="lenient (default): a check resting on konform's reading beyond the document's words "
        "is a warning; strict: it fails the scenario",
    )
    group.addoption(
        "--seed",
        default=None,
        help="the run's seed for drawn data: a number to draw a run's data again; 'fixed' for "
        "derandomized draws (default: fixed against sim, a fresh seed against other targets)",
    )
    group.addoption(
        "--binding",
        action="append",
        default=[],
        metavar="FILE",
        help="a binding (TOML) putting the registry it names in that schema, for the embedded simulator "
        "and the suite's client alike (repeatable, one per registry; docs/reference/bindings.md)",
    )
    group.addoption(
        "--schema",
        action="append",
        default=[],
        metavar="DIR",
        help="the schema files of each --binding, in the same order (default: beside each binding)",
    )


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    """Route `@req:<ID>` and `@sim-only` tags to markers and Allure labels."""
    if tag.startswith("req:"):
        requirement_id = tag.removeprefix("req:")
        try:
            requirement = catalogue.get(requirement_id)
        except catalogue.UnknownRequirement:
            raise UnknownRequirementTag(
                f"unknown requirement tag @{tag}: {requirement_id} is not in the catalogue "
                "(konform/requirements.csv)"
            ) from None
        for mark in (
            pytest.mark.requirement(id=requirement.id),
            pytest.mark.allure_label(requirement.id, label_type="story"),
            pytest.mark.allure_link(
                f"coverage.html#{requirement.anchor}",
                name=f"{requirement.id} ({requirement.document} §{requirement.section})",
                link_type="link",
            ),
        ):
            function = mark(function)
        return function
    if tag == "sim-only":
        return pytest.mark.sim_only(function)
    if tag == "own-material":
        # The tag label lets the report tell these scenarios apart: they are never evidence
        # about the target (konform/report/status.py).
        function = pytest.mark.allure_label(OWN_MATERIAL, label_type="tag")(function)
        return pytest.mark.own_material(function)
    return None


#: The Allure tag of a scenario that judges konform's own material, not the target.
OWN_MATERIAL = "own-material"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    _choose_seed(config)
    config.addinivalue_line("markers", "requirement(id): tests catalogue requirement <id> (from @req:<id>)")
    config.addinivalue_line("markers", "sim_only: needs facts only a simulator can arrange (from @sim-only)")
    config.addinivalue_line(
        "markers", "own_material: judges konform's own material, not the target (from @own-material)"
    )
    config.pluginmanager.register(evidence.ReproducerPlugin(), "konform-reproducer")
    config.pluginmanager.register(
        readings_plugin.ReadingsPlugin(config.getoption("readings")), "konform-readings"
    )
    target = _target_or_none(config)
    if target is not None and not target.embedded:
        config.pluginmanager.register(target_watch.TargetWatch(target), "konform-target-watch")
    if config.getoption("outcomes"):
        config.pluginmanager.register(outcomes.OutcomesPlugin(Path(config.getoption("outcomes"))))


def _target_or_none(config: pytest.Config) -> targets.Target | None:
    try:
        return targets.selected(config)
    except (targets.TargetError, pytest.UsageError):
        return None  # reported where the target is used, with its own message


def _choose_seed(config: pytest.Config) -> None:
    """Against a target that keeps its data, draw from a per-run seed (runseed.py says why)."""
    target = _target_or_none(config)
    if target is None:
        return
    try:
        seed = runseed.choose(config.getoption("seed"), persistent_target=not target.embedded)
    except ValueError as error:
        raise pytest.UsageError(f"konform: {error}") from None
    if seed is not None:
        # Hypothesis derandomizes by default (profile `ci`); a seed only counts without it.
        config.option.hypothesis_seed = str(seed)
        settings.register_profile("konform-seeded", settings(settings.default, derandomize=False))
        settings.load_profile("konform-seeded")


def pytest_report_header(config: pytest.Config) -> str | None:
    seed = runseed.current()
    if seed is None:
        return None
    return f"konform: run seed {seed} (draw the same data again with --seed {seed})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    target = targets.selected(config)
    approved = {d.requirement: d for d in _baseline(config) if d.active(date.today())}
    for item in items:
        ids = [mark.kwargs.get("id") for mark in item.iter_markers("requirement")]
        for requirement in ids:
            if requirement in approved:
                deviation = approved[requirement]
                item.add_marker(
                    pytest.mark.xfail(
                        strict=False,
                        reason=f"approved deviation {requirement} until {deviation.expires}: "
                        f"{deviation.reason}",
                    )
                )
                break
        folder = Path(str(item.path)).parent.name
        if folder in FEATURE_EPICS and Path(str(item.path)).parent.parent.name == "features":
            item.add_marker(pytest.mark.allure_label(FEATURE_EPICS[folder], label_type="epic"))
        group = shared_state_group(target, item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
        if item.get_closest_marker("sim_only") and not target.can_arrange_facts:
            reason = (
                f"@sim-only: needs facts only a simulator can arrange (target {target.name} has no "
                "control API)"
            )
            if _is_scenario(item):
                item.stash[_SIM_ONLY] = reason  # skipped as the scenario starts: see below
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


_SIM_ONLY = pytest.StashKey[str]()


def shared_state_group(target: targets.Target, item: pytest.Item) -> str | None:
    """The xdist group of a scenario that resets a shared simulator or moves its clock, else None.

    On a target with a control API every scenario of a registry starts by resetting that
    registry's simulator, and some move its clock: workers sharing it would undo each
    other's facts, so a registry's scenarios run on one worker (`--dist loadgroup`), the
    registries side by side. The embedded simulators are each worker's own: no group.
    """
    if target.embedded:
        return None
    folder = Path(str(item.path)).parent.name
    registry = folder
    if folder == "hardening":  # an outline over endpoints: "SPOR file upload", "LAR Update", …
        example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example", {})
        registry = str(example.get("endpoint", "")).split(" ")[0].lower()
    endpoint = target.endpoints.get(registry)
    return f"{registry} control API" if endpoint is not None and endpoint.control_url else None


def _is_scenario(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    return function is not None and function in scenario_wrapper_template_registry


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Skip a @sim-only scenario the target cannot arrange as it starts, not at setup.

    Allure records a pytest-bdd scenario only once it starts (allure-pytest-bdd schedules it
    in this same hook, before this one runs), so a skip at setup would leave no result and
    the report could not say why the requirement was not demonstrated.
    """
    reason = request.node.stash.get(_SIM_ONLY, None)
    if reason is not None:
        pytest.skip(reason)


_BASELINE = pytest.StashKey[list[deviations.Deviation]]()


def _baseline(config: pytest.Config) -> list[deviations.Deviation]:
    if _BASELINE not in config.stash:
        path = deviations.baseline_file(config.getoption("deviations"))
        try:
            config.stash[_BASELINE] = deviations.load(path) if path else []
        except deviations.DeviationError as error:
            raise pytest.UsageError(f"konform: {error}") from None
    return config.stash[_BASELINE]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    today = date.today()
    for deviation in _baseline(config):
        if not deviation.active(today):
            terminalreporter.write_line(
                f"konform: known deviation {deviation.requirement} expired on {deviation.expires} "
                f"({deviation.reason}): it no longer excuses a failure",
                red=True,
            )
    stale = {
        requirement
        for report in terminalreporter.stats.get("xpassed", []) + terminalreporter.stats.get("passed", [])
        if hasattr(report, "wasxfail")
        for requirement in getattr(report, "konform_requirements", [])
    }
    for requirement in sorted(stale):
        terminalreporter.write_line(f"konform: known deviation {requirement} is stale: its scenarios pass")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    today = date.today()
    if any(not d.active(today) for d in _baseline(session.config)) and exitstatus == 0:
        session.exitstatus = 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    report.konform_requirements = [str(m.kwargs.get("id")) for m in item.iter_markers("requirement")]
    return report


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> targets.Target:
    """The target profile this run tests (`--target`, default `sim`)."""
    return targets.selected(pytestconfig)
