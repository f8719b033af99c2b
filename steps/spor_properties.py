"""Property steps for features/spor: Hypothesis run from a Then step, and the send-sequence machine.

Valid registrations and one-rule mutations come from generators.spor. What SPOR must answer
to a breach is what the guide allows: a registration that breaks a rule of §7.1 or §7.4 is
refused either way the guide names – §7.2.2's internal server error or §7.2.3's resultCode
ERROR; one that breaks only the XML schema gets §7.2.2's HTTP 500 with its "Unmarshalling
Error"; a schema-valid one that breaks §7.3's rules is stored and listed on the Fellista.
Where the check is konform's reading (konform.spor.readings) it says so.
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
from konform.spor import readings, rules, schema
from konform.spor.client import Answer
from konform.spor.model import request_xml
from konform.spor.side import SideInputs
from steps.spor_checks import findings_of
from steps.spor_world import NS, SporScenario, changed, requirement_of, summary, values_of

UNMARSHALLING = "Unmarshalling Error"


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


class FirstMismatch:
    """The first answer that differed from konform's reading, checked once after a property ran.

    A property sends hundreds of registrations; a reading it words differently is one warning,
    not hundreds.
    """

    def __init__(self, requirement: str, reading: str) -> None:
        self.requirement, self.reading = requirement, reading
        self.first: tuple[object, object] | None = None

    def note(self, holds: bool, expected: object, received: object) -> None:
        if not holds and self.first is None:
            self.first = (expected, received)

    def check(self) -> None:
        expected, received = self.first or ("", "")
        require(
            self.requirement, self.first is None, expected=expected, received=received, reading=self.reading
        )


@then('every generated valid registration is answered OK "Skapade" with its behandlingsnummer')
def every_valid_registration_created(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    requirement = requirement_of(request)
    texts = FirstMismatch(requirement, readings.RESULT_TEXT)

    @for_all(registration=generated_registrations(spor))
    def created(registration: etree._Element) -> None:
        number = prepared(spor, registration)
        answer = spor.client.send([registration])
        received = [(r.behandlingsnummer, r.code) for r in answer.results]
        require(
            requirement, received == [(number, "OK")], expected=f"OK for {number}", received=summary(answer)
        )
        texts.note(answer.results[0].text == f"Skapade: {number}", f"Skapade: {number}", summary(answer))

    created()
    texts.check()


def breach_answer(registration: etree._Element) -> str:
    """Which kind of breach: "schema", "error" (Skatteverket's rules) or "fellista" (schema-valid, §7.3)."""
    if schema.unmarshalling_error(request_xml([copy.deepcopy(registration)])) is not None:
        return "schema"
    if rules.identity_problem(registration.findtext(f"{{{NS}}}personnummer") or "") is not None:
        return "error"
    if rules.fellista_reasons(registration):
        return "fellista"
    raise AssertionError("generators.spor.MUTATIONS produced a registration that breaks no SPOR rule")


def check_breach(requirement: str, spor: SporScenario, registration: etree._Element, answer: Answer) -> None:
    """One generated breach got an answer the guide allows, and nothing was stored wrongly."""
    number = registration.findtext(f"{{{NS}}}behandlingsnummer") or ""
    result = answer.result(number)
    if breach_answer(registration) == "fellista":  # §7.3: stored, OK, and listed
        received = (result.code if result else None, number in spor.fellista())
        expected: object = "OK, and listed on the Fellista"
        require(requirement, received == ("OK", True), expected=expected, received=summary(answer))
        return
    if requirement == schema.SCHEMA:  # §7.2.2: "returneras ett internal server error", "Unmarshalling Error"
        body = answer.exchange.response_body.decode("utf-8", "replace")
        holds = answer.status == 500 and UNMARSHALLING.lower() in body.lower()
        expected = f"HTTP 500 Internal Server Error carrying {UNMARSHALLING!r}"
        require(requirement, holds, expected=expected, received=summary(answer))
    else:
        require(
            requirement,
            answer.refusal(number) is not None,
            expected="refused: HTTP 500 Internal Server Error (§7.2.2) or resultCode ERROR (§7.2.3)",
            received=summary(answer),
            reading=readings.refusal(requirement, registration),
        )
    if spor.control is not None and number and answer.refusal(number) is not None:
        stored = spor.control.registration(number)  # §7.2.3: a refused transaction was not carried out
        require(requirement, stored is None, expected="nothing stored", received=values_of(stored))


@then("SPOR answers every generated registration that breaks the rule as the guide allows")
def every_breach_answered(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    requirement = requirement_of(request)
    if requirement == "SPOR-7.3-FELLISTA" and spor.control is None:
        pytest.skip("reading the Fellista needs a simulator's control API (in SPOR it is a web page)")

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
    spor: SporScenario,
    requirement: str,
    check: str,
    valid: st.SearchStrategy[etree._Element],
    texts: FirstMismatch,
) -> type[RuleBasedStateMachine]:
    """A machine sending a few behandlingsnummer; it checks the answers ("results") or storage ("replace").

    The resultText is §7.2.3's example ("tex"): `texts` notes the first answer worded otherwise.
    """

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
        def resend_leaving_out(self, number: str, data: st.DataObject) -> None:
            """§6.5: a resend replaces all data; leaving a variable out is how its value is cleared."""
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
            valid = registration.findtext(f"{{{NS}}}atgarder/{{{NS}}}kvaKod") != "H-CAR"
            if valid:
                self.sent[number] = registration
            answer = spor.client.send([registration])
            result = answer.result(number)
            accepted = answer.fault is None and result is not None and result.code == "OK"
            if check == "results":  # §7.2.3: a valid send is carried out (OK), an invalid one is not
                wanted = "OK" if valid else "refused"
                holds = accepted if valid else answer.refusal(number) is not None
                require(requirement, holds, expected=f"{wanted} for {number}", received=summary(answer))
            if check == "results" and accepted and result is not None:
                expected = f"{'Uppdaterade' if number in self.accepted else 'Skapade'}: {number}"
                texts.note(result.text == expected, expected, summary(answer))
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
    requirement = requirement_of(request)
    texts = FirstMismatch(requirement, readings.RESULT_TEXT)
    run_state_machine_as_test(send_sequences(spor, requirement, check, generated_registrations(spor), texts))
    texts.check()


@then('through any sequence of sends SPOR answers "Skapade" first and "Uppdaterade" after')
def sequences_answered(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    run_sequences(request, spor, "results")


@then("through any sequence of sends SPOR holds the last accepted whole registration")
def sequences_stored(request: pytest.FixtureRequest, spor: SporScenario) -> None:
    run_sequences(request, spor, "replace")
