"""What a failed scenario records for the report (konform/failure.py): the rule, and how to replay it."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from konform import failure
from konform.checks import NonConformance, readings, require
from konform.evidence import Exchange
from tests.harness.test_certify_reachability import closed_port


def test_a_property_failure_keeps_hypothesis_reproduce_line() -> None:
    @settings(print_blob=True, database=None, derandomize=True)
    @given(st.integers())
    def below_ten(number: int) -> None:
        require("SPOR-7.1-PNR", number < 10, expected="a number below 10", received=number)

    with pytest.raises(NonConformance) as raised:
        below_ten()
    facts = failure.facts(raised.value, [])
    assert facts["requirement"] == "SPOR-7.1-PNR" and facts["received"] == "10"
    assert facts["basis"] == "document"
    (line,) = facts["hypothesis"]
    assert line.startswith("You can reproduce this test case by temporarily adding @reproduce_failure(")


def test_a_check_on_a_reading_and_the_last_exchange_as_curl() -> None:
    exchanges = [
        Exchange("first", "https://spor.test/a", request_body=b"<a/>", status=200),
        Exchange("postRegistration", "https://spor.test/ws", request_body=b"<registration/>", status=500),
    ]
    with readings("strict"), pytest.raises(NonConformance) as raised:  # this suite's own run is lenient
        require("SPOR-7.1-DATES", False, expected="an offset", received="none", reading="times carry offsets")
    facts = failure.facts(raised.value, exchanges)
    assert facts["basis"] == "reading" and facts["reading"] == "times carry offsets"
    assert facts["exchange"] == "postRegistration: HTTP 500"
    assert facts["curl"].startswith("curl -sS -i https://spor.test/ws -X POST --data-binary @request.xml")
    assert facts["request"] == "<registration/>"


def test_a_transport_error_is_one_line_naming_it() -> None:
    with pytest.raises(requests.ConnectionError) as raised:
        requests.get(f"http://127.0.0.1:{closed_port()}/x", timeout=5)
    facts = failure.facts(raised.value, [])
    assert facts["requirement"] == "" and facts["basis"] == ""
    assert facts["error"].startswith("ConnectionError: ") and "\n" not in facts["error"]
