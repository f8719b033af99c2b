"""certify -n against a shared simulator: a registry's scenarios share one xdist group.

Every scenario of a registry resets that registry's simulator when it starts (and some move
its clock), so against a target whose simulators are shared their scenarios must not run
on two workers at once; the embedded simulators are each worker's own.
"""

from __future__ import annotations

import pytest

from konform.pytest_plugin import shared_state_group
from konform.targets import SIM, Endpoint, Target

pytest_plugins = ["pytester"]

SCENARIOS = """
import pytest

def test_scenario():
    pass

@pytest.mark.parametrize("_pytest_bdd_example", [{"endpoint": "SYSVAK mottak"}, {"endpoint": "LAR Update"}])
def test_outline(_pytest_bdd_example):
    pass
"""

SHARED = Target(
    name="shared",
    endpoints={
        "sysvak": Endpoint(url="http://127.0.0.1:9/sysvak/msghead", control_url="http://127.0.0.1:9"),
        "lar": Endpoint(url="https://127.0.0.1:8/lar/MedicationAllergyService"),
    },
)


@pytest.fixture
def items(pytester: pytest.Pytester) -> dict[str, pytest.Item]:
    for folder in ("sysvak", "lar", "hardening", "identifiers"):
        pytester.mkdir(folder).joinpath(f"test_{folder}.py").write_text(SCENARIOS, encoding="utf-8")
    collected, _ = pytester.inline_genitems(pytester.path, "-p", "no:allure_pytest", "-p", "no:cacheprovider")
    return {item.nodeid: item for item in collected}


def test_scenarios_of_a_registry_with_a_control_api_share_its_group(items: dict[str, pytest.Item]) -> None:
    groups = {nodeid: shared_state_group(SHARED, item) for nodeid, item in items.items()}
    assert groups == {
        "sysvak/test_sysvak.py::test_scenario": "sysvak control API",
        "sysvak/test_sysvak.py::test_outline[_pytest_bdd_example0]": "sysvak control API",
        "sysvak/test_sysvak.py::test_outline[_pytest_bdd_example1]": "sysvak control API",
        # LAR has no control API in this profile: its scenarios reset nothing and spread freely
        "lar/test_lar.py::test_scenario": None,
        "lar/test_lar.py::test_outline[_pytest_bdd_example0]": None,
        "lar/test_lar.py::test_outline[_pytest_bdd_example1]": None,
        # a hardening outline resets the endpoint its example names
        "hardening/test_hardening.py::test_scenario": None,
        "hardening/test_hardening.py::test_outline[_pytest_bdd_example0]": "sysvak control API",
        "hardening/test_hardening.py::test_outline[_pytest_bdd_example1]": None,
        "identifiers/test_identifiers.py::test_scenario": None,
        "identifiers/test_identifiers.py::test_outline[_pytest_bdd_example0]": None,
        "identifiers/test_identifiers.py::test_outline[_pytest_bdd_example1]": None,
    }


def test_the_embedded_simulators_need_no_group(items: dict[str, pytest.Item]) -> None:
    assert len(items) == 12
    assert {shared_state_group(Target(name=SIM), item) for item in items.values()} == {None}
