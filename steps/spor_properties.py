"""Property steps for features/spor: Hypothesis run from a Then step, and the send-sequence machine.

Valid registrations and one-rule mutations come from generators.spor; what SPOR must answer
to a breach follows the catalogue's table "How SPOR answers each breach" (breach_answer).
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, rule, run_state_machine_as_test
from lxml import etree
from pytest_bdd import then

from generators import identifiers as ids
from generators import spor as gen
from konform.checks import require
from konform.spor import rules, schema
from konform.spor.client import Answer
from konform.spor.model import request_xml
from konform.spor.side import SideInputs
from steps.spor_checks import findings_of
from steps.spor_world import NS, SporScenario, changed, requirement_of, summary, values_of

UNMARSHALLING = "Unmarshalling Error: cvc-"


def generated_registrations(spor: SporScenario) -> st.SearchStrategy[etree._Element]:
    """Valid registrations; on a real registry only Skatteverket test numbers (DESIGN.md: synthetic)."""
    if spor.control is not None:
        return gen.registrations(unit=spor.unit)
    try:
        ids.load_se_test_numbers()
    except ids.NoTestNumbers as missing:
        pytest.skip(f"generated data for a real registry must be synthetic: {missing}")
    return gen.registrations(unit=spor.unit, synthetic=True)


def prepared(spor: SporScenario, registration: etree._Element) -> str:
    """Give a generated registration a fresh behandlingsnummer and the target's unit, unless mutated."""
    number = registration.find(f"{{{NS}}}behandlingsnummer")
    unit = registration.find(f"{{{NS}}}systemId")
    if unit is not None and unit.text == gen.UNIT:
        unit.text = spor.unit
    if number is not None and (number.text or "").isdigit():
        number.text = spor.fresh()
    return "" if number is None else number.text or ""


@then('every generated valid registration is answered OK "Skapade" with its behandlingsnummer')
def every_valid_registration_created(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    requirement = requirement_of(request)

    @for_all(registration=generated_registrations(spor))
    def created(registration: etree._Element) -> None:
        number = prepared(spor, registration)
        answer = spor.client.send([registration])
        received = [(r.behandlingsnummer, r.code, r.text) for r in answer.results]
        expected = [(number, "OK", f"Skapade: {number}")]
        require(requirement, received == expected, expected=expected, received=summary(answer))

    created()


def breach_answer(registration: etree._Element) -> str:
    """What the breach table says SPOR answers: "schema", "error" (Skatteverket) or "fellista"."""
    if schema.unmarshalling_error(request_xml([copy.deepcopy(registration)])) is not None:
        return "schema"
    if rules.identity_problem(registration.findtext(f"{{{NS}}}personnummer") or "") is not None:
        return "error"
    if rules.fellista_reasons(registration):
        return "fellista"
    raise AssertionError("generators.spor.MUTATIONS produced a registration that breaks no SPOR rule")


def check_breach(requirement: str, spor: SporScenario, registration: etree._Element, answer: Answer) -> None:
    """One generated breach got the answer the breach table gives it, and nothing was stored wrongly."""
    number = registration.findtext(f"{{{NS}}}behandlingsnummer") or ""
    personnummer = registration.findtext(f"{{{NS}}}personnummer") or ""
    kind = breach_answer(registration)
    result = answer.result(number)
    code, text = (result.code, result.text) if result else (None, "")
    if kind == "schema":
        # HTTP 500 is §7.2.2's own rule; every other rule only needs the schema's refusal.
        status = answer.status if requirement == "SPOR-7.2.2-SCHEMA" else 500
        received: tuple[object, ...] = (status, (answer.fault or "")[: len(UNMARSHALLING)])
        expected: tuple[object, ...] = (500, UNMARSHALLING)
    elif kind == "error":
        received, expected = (code, number in text, personnummer in text), ("ERROR", True, True)
    else:
        listed = spor.control.fellista() if spor.control else {number: []}
        received, expected = (code, number in listed), ("OK", True)
    require(requirement, received == expected, expected=f"{kind}: {expected}", received=summary(answer))
    if kind != "fellista" and spor.control is not None and number:
        stored = spor.control.registration(number)
        require(requirement, stored is None, expected="nothing stored", received=values_of(stored))


@then("SPOR answers every generated registration that breaks the rule as the breach table says")
def every_breach_answered(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    requirement = requirement_of(request)

    @for_all(registration=gen.MUTATIONS[requirement])
    def answered(registration: etree._Element) -> None:
        prepared(spor, registration)
        check_breach(requirement, spor, registration, spor.client.send([registration]))

    answered()


@then("konform finds every generated export that breaks the rule")
def every_case_found(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    requirement = requirement_of(request)

    @for_all(case=gen.CASES[requirement])
    def found(case: gen.Case) -> None:
        folder = tmp_path_factory.mktemp("case")
        previous = None
        if case.previous is not None:
            previous = folder / "previous.xml"
            previous.write_bytes(gen.serialize(request_xml(case.previous, export_time=gen.NIGHT)))
        (folder / "export.xml").write_bytes(case.export())
        verdict = rules.judge(folder / "export.xml", case.side(previous))
        findings = findings_of(verdict, requirement)
        require(
            requirement, bool(findings), expected=f"a finding under {requirement}", received=verdict.findings
        )

    found()


@then("konform reports no error in any generated nightly export")
def every_export_clean(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    requirement = requirement_of(request)

    @for_all(export=gen.exports())
    def clean(export: etree._Element) -> None:
        path = tmp_path_factory.mktemp("export") / "export.xml"
        path.write_bytes(gen.serialize(export))
        errors = [f for f in rules.judge(path, SideInputs()).findings if f.severity == "error"]
        require(requirement, not errors, expected="no error", received=errors)

    clean()


# -- the state machine: creates, whole and partial resends, invalid sends (§6.5, §7.2.3) ----------

REQUIRED = ("recipientMessageSplit", "systemId", "behandlingsnummer", "personnummer")


def send_sequences(
    spor: SporScenario, requirement: str, check: str, valid: st.SearchStrategy[etree._Element]
) -> type[RuleBasedStateMachine]:
    """A machine sending a few behandlingsnummer; it checks the answers ("results") or storage ("replace")."""

    class SendSequences(RuleBasedStateMachine):
        numbers = Bundle("numbers")

        def __init__(self) -> None:
            super().__init__()
            self.accepted: dict[str, dict[str, str] | None] = {}
            self.sent: dict[str, etree._Element] = {}

        @rule(target=numbers, registration=valid)
        def create(self, registration: etree._Element) -> str:
            number = spor.fresh()
            self.send(number, registration)
            return number

        @rule(number=numbers, registration=valid)
        def whole_resend(self, number: str, registration: etree._Element) -> None:
            self.send(number, registration)

        @rule(number=numbers, data=st.data())
        def partial_resend(self, number: str, data: st.DataObject) -> None:
            optional = [etree.QName(c).localname for c in self.sent[number]]
            optional = [name for name in optional if name not in REQUIRED]
            dropped = data.draw(st.sets(st.sampled_from(optional), min_size=1)) if optional else set()
            partial = copy.deepcopy(self.sent[number])
            partial[:] = [c for c in partial if etree.QName(c).localname not in dropped]
            self.send(number, partial)

        @rule(number=numbers)
        def invalid_send(self, number: str) -> None:
            self.send(number, changed(self.sent[number], "atgarder", "H-CAR"))

        def send(self, number: str, registration: etree._Element) -> None:
            registration = changed(changed(registration, "behandlingsnummer", number), "systemId", spor.unit)
            if registration.findtext(f"{{{NS}}}atgarder/{{{NS}}}kvaKod") != "H-CAR":
                self.sent[number] = registration
            answer = spor.client.send([registration])
            result = answer.result(number)
            accepted = answer.fault is None and result is not None and result.code == "OK"
            if check == "results" and accepted and result is not None:
                expected = f"{'Uppdaterade' if number in self.accepted else 'Skapade'}: {number}"
                require(requirement, result.text == expected, expected=expected, received=summary(answer))
            if accepted:
                self.accepted[number] = values_of(registration)
            if check == "replace" and spor.control is not None:
                stored = values_of(spor.control.registration(number))
                require(
                    requirement,
                    stored == self.accepted.get(number),
                    expected=self.accepted.get(number),
                    received=stored,
                )

    return SendSequences


def run_sequences(request: pytest.FixtureRequest, spor: SporScenario, check: str) -> None:
    if check == "replace" and spor.control is None:
        pytest.skip("reading what SPOR stored needs a simulator's control API")
    machine = send_sequences(spor, requirement_of(request), check, generated_registrations(spor))
    run_state_machine_as_test(machine)


@then('through any sequence of sends SPOR answers "Skapade" first and "Uppdaterade" after')
def sequences_answered(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    run_sequences(request, spor, "results")


@then("through any sequence of sends SPOR holds the last accepted whole registration")
def sequences_stored(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    run_sequences(request, spor, "replace")
