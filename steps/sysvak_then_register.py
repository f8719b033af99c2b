"""Then steps for features/sysvak: what SYSVAK returns for a vaksinand and what its register holds.

A search and the control API's views show what SYSVAK stored; after a refusal that rests
on konform's reading (konform.sysvak.readings.STORED), "nothing stored" is that reading too.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then

from konform.checks import require
from konform.sysvak import codes, readings
from konform.sysvak.client import Answer
from konform.sysvak.model import SLETTET, Hendelse, HendelseResponse
from steps.sysvak_support import (
    DATE,
    NUMBER,
    SysvakScenario,
    accepted,
    requirement_of,
    summary,
    the_date,
)

# -- Then: what SYSVAK returns for the vaksinand -----------------------------------------------------


@then(parsers.re(rf"the HendelseResponse returns VaksinandIdent {NUMBER}"))
def returns_ident(request: pytest.FixtureRequest, answer: Answer, number: str) -> None:
    found = answer.response.vaksinand_ident if isinstance(answer.response, HendelseResponse) else None
    require(
        requirement_of(request),
        found is not None and found.id == number and found.oid == codes.OID_OFFICIAL_PERSON_ID,
        expected=f"VaksinandIdent {number} under 8327",
        received=found or summary(answer),
    )


@then("the HendelseResponse returns no VaksinandIdent")
def returns_no_ident(request: pytest.FixtureRequest, answer: Answer) -> None:
    requirement = requirement_of(request)
    found = answer.response.vaksinand_ident if isinstance(answer.response, HendelseResponse) else None
    require(requirement, accepted(answer), expected="Behandlingsresultat akseptert", received=summary(answer))
    require(
        requirement,
        found is None,
        expected="no VaksinandIdent",
        received=found,
        reading=readings.NO_IDENT_RETURNED,
    )


@then("the HendelseResponse returns no H-nummer as offisiell personidentifikasjon")
def returns_no_h_number(request: pytest.FixtureRequest, answer: Answer) -> None:
    found = answer.response.vaksinand_ident if isinstance(answer.response, HendelseResponse) else None
    require(
        requirement_of(request),
        accepted(answer) and (found is None or found.oid != codes.OID_OFFICIAL_PERSON_ID),
        expected="akseptert, and no VaksinandIdent under offisiell personidentifikasjon (8327)",
        received=found or summary(answer),
    )


# -- Then: what SYSVAK holds ------------------------------------------------------------------------


def shown(request_: pytest.FixtureRequest, sysvak: SysvakScenario, number: str) -> tuple[Hendelse, ...]:
    """The hendelser a search for `number` shows (the search must hit exactly that person)."""
    found = sysvak.search(number)
    treff = found.treff if found else ()
    require(
        requirement_of(request_),
        len(treff) == 1 and treff[0].person.ident.id == number,
        expected=f"a search for {number} hits that person once",
        received=found,
    )
    return treff[0].hendelser


@then(parsers.re(rf"a search for {NUMBER} shows (?P<count>\d+) hendelser?"))
def search_shows_count(
    request: pytest.FixtureRequest, sysvak: SysvakScenario, number: str, count: str
) -> None:
    requirement, found = requirement_of(request), shown(request, sysvak, number)
    # "nothing stored" after a refusal that is konform's reading is that reading too
    reading = readings.STORED.get(requirement, "") if int(count) == 0 else ""
    require(
        requirement,
        len(found) == int(count),
        expected=f"{count} hendelse(r)",
        received=found,
        reading=reading,
    )


@then(
    parsers.re(
        rf"a search for {NUMBER} shows the hendelse (?P<code>[\w-]+) on {DATE} with "
        r'(?P<field>HendelseAksjon|Batchnummer) "(?P<value>[^"]+)"'
    )
)
def search_shows(
    request: pytest.FixtureRequest,
    sysvak: SysvakScenario,
    number: str,
    code: str,
    date: str,
    field: str,
    value: str,
) -> None:
    found = [
        h
        for h in shown(request, sysvak, number)
        if (h.vaksinekode, h.konsultasjonsdato) == (code, the_date(date))
    ]
    requirement = requirement_of(request)
    if field == "Batchnummer":  # the stored value a refused change left alone (STORED), or the last one sent
        held = [h.batchnummer for h in found]
        reading = readings.STORED.get(requirement, "")
    else:
        held = [h.aksjon for h in found]
        require(
            requirement,
            len(found) == 1 and (found[0].aksjon == SLETTET) == (value == SLETTET),
            expected=f"{code} on {date}, {'marked' if value == SLETTET else 'not marked'} slettet",
            received=found,
        )
        reading = "" if value == SLETTET else readings.AKSJON  # only "slettet" is the document's word (§5)
    require(
        requirement,
        held == [value],
        expected=f"{code} on {date} with {field} {value!r}",
        received=found,
        reading=reading,
    )


@then(
    parsers.re(
        rf"SYSVAK's register holds the hendelse (?P<code>[\w-]+) on {DATE} for {NUMBER}"
        r' marked "(?P<aksjon>\w+)"'
    )
)
def register_holds(
    request: pytest.FixtureRequest, sysvak: SysvakScenario, code: str, date: str, number: str, aksjon: str
) -> None:
    events = sysvak.arrange().events(f"fnr:{number}")
    found = [e["aksjon"] for e in events if (e["vaksinekode"], e["konsultasjonsdato"]) == (code, date)]
    require(
        requirement_of(request),
        found == [aksjon],
        expected=f"one stored hendelse marked {aksjon}",
        received=events,
    )


@then(
    parsers.re(
        rf"SYSVAK's log shows the hendelse (?P<code>[\w-]+) on {DATE} for {NUMBER}"
        r' as "(?P<first>\w+)", then "(?P<then>\w+)"'
    )
)
def log_shows(
    request: pytest.FixtureRequest,
    sysvak: SysvakScenario,
    code: str,
    date: str,
    number: str,
    first: str,
    then: str,
) -> None:
    log = sysvak.arrange().log()
    found = [
        e["action"]
        for e in log
        if e["vaksinand"] == f"fnr:{number}"
        and (e["data"]["vaksinekode"], e["data"]["konsultasjonsdato"]) == (code, date)
    ]
    require(requirement_of(request), found == [first, then], expected=[first, then], received=log)


@then(parsers.re(r"SYSVAK's table of vaksinander uten ident holds (?P<count>\d+) vaksinand"))
def uten_ident_count(request: pytest.FixtureRequest, sysvak: SysvakScenario, count: str) -> None:
    rows = sysvak.arrange().uten_ident()
    require(requirement_of(request), len(rows) == int(count), expected=f"{count} row(s)", received=rows)
