"""Steps for features/spor: fixtures, Given and When (Then in spor_checks, properties in spor_properties).

Given builds state and returns it (target_fixture); When makes one exchange with the target,
or one judgement of an export, and asserts nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from lxml import etree
from pytest_bdd import given, parsers, when

from generators import identifiers as ids
from generators import spor as gen
from konform import pki, runseed
from konform.checks import apply_readings
from konform.evidence import Exchange
from konform.identifiers import se_personnummer
from konform.spor import embedded, rules, side
from konform.spor.client import Answer, SporClient, SporControl
from konform.spor.model import request_xml
from konform.spor.side import SideInputs
from konform.targets import Endpoint, Target
from konform.validate import FileVerdict
from steps.binding_option import chosen_binding
from steps.spor_world import TWO, RunNumbers, SporScenario, changed, example, summary

pytest_plugins = ["steps.spor_checks", "steps.spor_properties"]


# -- the target --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spor_endpoint(
    target: Target, pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Endpoint]:
    """SPOR under test: the embedded simulator for `sim`, else [<target>.spor]; `--binding`: its schema."""
    bound = chosen_binding(pytestconfig, "spor")
    if not target.embedded:
        yield bound.on(target.endpoint("spor")) if bound else target.endpoint("spor")
        return
    running = embedded.start(tmp_path_factory.mktemp("spor"), **({"wire": bound.load()} if bound else {}))
    try:
        yield bound.on(running.endpoint) if bound else running.endpoint
    finally:
        running.stop()


@pytest.fixture(scope="session")
def spor_session_control(spor_endpoint: Endpoint) -> Iterator[SporControl | None]:
    if not spor_endpoint.control_url:
        yield None
        return
    control = SporControl(spor_endpoint.control_url, spor_endpoint.ca)
    yield control
    control.close()


@pytest.fixture(scope="session")
def spor_foreign_certificate(
    spor_endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A client certificate SPOR must not trust: the profile's, else one from a fresh, unknown CA."""
    options = spor_endpoint.options
    if options.get("untrusted_client_cert") and options.get("untrusted_client_key"):
        return Path(options["untrusted_client_cert"]), Path(options["untrusted_client_key"])
    foreign = pki.create(tmp_path_factory.mktemp("spor-foreign-pki"))
    return foreign.untrusted_client_cert, foreign.untrusted_client_key


@pytest.fixture(scope="session")
def spor_patients(spor_endpoint: Endpoint) -> list[str]:
    """Skatteverket's test personnummer (KONFORM_SE_TEST_NUMBERS) for a registry that keeps its data."""
    if spor_endpoint.control_url:
        return []
    try:
        listed = ids.load_se_test_numbers()
    except (ids.NoTestNumbers, OSError):
        return []
    return [number for number in listed if se_personnummer.is_valid(number)]


@pytest.fixture(scope="session")
def spor_run(spor_patients: list[str]) -> RunNumbers:
    """The run's behandlingsnummer and test patient, drawn from the run's seed."""
    return RunNumbers(spor_patients)


@pytest.fixture
def spor(
    spor_endpoint: Endpoint, spor_session_control: SporControl | None, spor_run: RunNumbers
) -> Iterator[SporScenario]:
    """Per scenario: a clean simulator (reset through the control API) when the target has one."""
    if spor_session_control is not None:
        spor_session_control.reset()
    with SporClient(spor_endpoint) as client:
        yield SporScenario(spor_endpoint, client, spor_session_control, spor_run)


@pytest.fixture
def spor_side() -> SideInputs:
    return SideInputs()


# -- Given -------------------------------------------------------------------------------------


@given("a unit known to SPOR")
def known_unit(spor: SporScenario) -> None:
    if spor.control is not None:
        spor.control.add_unit(spor.unit)


@given(parsers.re(r"the registration of (?P<phrase>behandlingsnummer .+)"), target_fixture="registration")
def the_registration(phrase: str) -> etree._Element:
    return example(phrase)


@given("the registration", target_fixture="registration")
def the_registration_as_written(docstring: str) -> etree._Element:
    return etree.fromstring(docstring.encode("utf-8"))


@given(parsers.re("the registrations of " + TWO), target_fixture="registrations")
def two_registrations(first: str, second: str) -> list[etree._Element]:
    return [example(first), example(second)]


@given(
    parsers.re(r"SPOR has stored the registration of (?P<phrase>behandlingsnummer .+)"),
    target_fixture="registration",
)
def stored_registration(spor: SporScenario, phrase: str) -> etree._Element:
    registration = example(phrase)
    answer = spor.send([registration])
    if [r.code for r in answer.results] != ["OK"]:
        raise RuntimeError(f"precondition failed: SPOR did not store {phrase}: {summary(answer)}")
    return registration


@given(
    parsers.re(
        r"(?:an|the) export file with the registration of (?P<phrase>behandlingsnummer .+?)"
        r'(?: created at "(?P<created>[^"]+)")?'
    ),
    target_fixture="export_file",
)
def export_of_one(phrase: str, created: str | None) -> bytes:
    return gen.serialize(request_xml([example(phrase)], export_time=created or gen.NIGHT))


@given(
    parsers.re("an export file with the registrations of " + TWO),
    target_fixture="export_file",
)
def export_of_two(first: str, second: str) -> bytes:
    return gen.serialize(request_xml([example(first), example(second)], export_time=gen.NIGHT))


@given("the export file", target_fixture="export_file")
def export_as_written(docstring: str) -> bytes:
    return docstring.encode("utf-8")


@given(
    parsers.re(r"a generated nightly export of (?P<count>\d+) registrations"), target_fixture="export_file"
)
def generated_export(tmp_path: Path, spor: SporScenario, spor_patients: list[str], count: str) -> bytes:
    if spor.control is None and not spor_patients:
        pytest.skip(
            "generated data for a registry must be synthetic: set KONFORM_SE_TEST_NUMBERS to "
            "Skatteverket's test personnummer"
        )
    seed = runseed.rng("spor export").randrange(2**32)
    path = tmp_path / "generated-export.xml"
    gen.write_export(path, int(count), seed, unit=spor.unit, patients=spor_patients)
    return path.read_bytes()


@given(
    parsers.re(r"the previous export with the registration of (?P<phrase>behandlingsnummer .+)"),
    target_fixture="spor_side",
)
def previous_export(tmp_path: Path, spor_side: SideInputs, phrase: str) -> SideInputs:
    path = tmp_path / "previous-export.xml"
    path.write_bytes(gen.serialize(request_xml([example(phrase)], export_time=gen.NIGHT)))
    return replace(spor_side, previous=path)


@given("the day's treatments", target_fixture="spor_side")
def days_treatments(tmp_path: Path, spor_side: SideInputs, docstring: str) -> SideInputs:
    path = tmp_path / "treatments.txt"
    path.write_text(docstring, encoding="utf-8")
    return replace(spor_side, treatments=side.read_treatments(path))


@given("the block list", target_fixture="spor_side")
def block_list(tmp_path: Path, spor_side: SideInputs, docstring: str) -> SideInputs:
    path = tmp_path / "block-list.txt"
    path.write_text(docstring, encoding="utf-8")
    return replace(spor_side, block_list=side.read_block_list(path))


# -- When: one exchange (or one judgement), nothing asserted ------------------------------------


@when("the registration is sent", target_fixture="answer")
@when("the registration is sent again", target_fixture="answer")
def send(spor: SporScenario, registration: etree._Element) -> Answer:
    return spor.send([registration])


@when("the registrations are sent", target_fixture="answer")
def send_all(spor: SporScenario, registrations: list[etree._Element]) -> Answer:
    return spor.send(registrations)


@when(
    parsers.re(r'the registration is sent again with (?P<variable>\w+) "(?P<value>[^"]*)"'),
    target_fixture="answer",
)
def send_changed(spor: SporScenario, registration: etree._Element, variable: str, value: str) -> Answer:
    return spor.send([changed(registration, variable, value)])


@when(parsers.re(r"the registration is sent again without (?P<variable>\w+)"), target_fixture="answer")
def send_without(spor: SporScenario, registration: etree._Element, variable: str) -> Answer:
    return spor.send([changed(registration, variable, None)])


def attempt(client: SporClient, spor: SporScenario, registration: etree._Element) -> Answer | Exception:
    with client:
        try:
            return client.send([spor.adapt(registration)])
        except requests.exceptions.ConnectionError as refused:  # STACK.md gotcha 5: SSLError is one too
            return refused


@when(
    "the registration is sent with a client certificate signed by the shared root", target_fixture="outcome"
)
def send_with_certificate(spor: SporScenario, registration: etree._Element) -> Answer | Exception:
    return attempt(SporClient(spor.endpoint), spor, registration)


@when("the registration is sent with a client certificate from another CA", target_fixture="outcome")
def send_with_foreign_certificate(
    spor: SporScenario, registration: etree._Element, spor_foreign_certificate: tuple[Path, Path]
) -> Answer | Exception:
    return attempt(SporClient(spor.endpoint, certificate=spor_foreign_certificate), spor, registration)


@when("the registration is sent without a client certificate", target_fixture="outcome")
def send_without_certificate(spor: SporScenario, registration: etree._Element) -> Answer | Exception:
    return attempt(SporClient(spor.endpoint, certificate=None), spor, registration)


@when(
    'the registration is sent to the entry "utan certifikat" without a client certificate',
    target_fixture="outcome",
)
def send_to_no_certificate_entry(spor: SporScenario, registration: etree._Element) -> Answer | Exception:
    url = spor.endpoint.options.get("no_certificate_url")
    if not url:
        pytest.skip('the target names no "utan certifikat" entry (options.no_certificate_url)')
    return attempt(SporClient(spor.endpoint, url=str(url), certificate=None), spor, registration)


@when("SPOR's WSDL is fetched", target_fixture="exchange")
def fetch_wsdl(spor: SporScenario) -> Exchange:
    return spor.client.wsdl()


@when("the export file is uploaded", target_fixture="exchange")
def upload(spor: SporScenario, export_file: bytes) -> Exchange:
    if not spor.endpoint.options.get("upload_url"):
        pytest.skip("the target names no file upload entry (options.upload_url); SPOR's is a web page")
    root = etree.fromstring(export_file)
    root[:] = [spor.adapt(registration) for registration in root]
    return spor.client.upload(gen.serialize(root))


@when("konform judges the export", target_fixture="verdict")
def judge(
    request: pytest.FixtureRequest, tmp_path: Path, export_file: bytes, spor_side: SideInputs
) -> FileVerdict:
    """As `konform validate spor` does, under the run's --readings."""
    path = tmp_path / "export.xml"
    path.write_bytes(export_file)
    verdict = rules.judge(path, spor_side)
    verdict.findings = apply_readings(verdict.findings, request.config.getoption("readings"))
    return verdict
