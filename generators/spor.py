"""Hypothesis strategies for SPOR 4.1: valid registrations and exports, and one-rule-broken ones.

Valid values are built constructively: a day, an offset and increasing times for the
timed variables (§7.3), Skatteverket-valid numbers from ``generators.identifiers``.
:data:`MUTATIONS` breaks exactly one rule a single registration can show;
:data:`CASES` breaks one rule that needs several registrations or a side input.
:func:`write_export` streams big valid exports without Hypothesis (benchmarks).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import strategies as st
from lxml import etree

from generators import identifiers as ids
from konform.identifiers import se_personnummer
from konform.spor.model import ELEMENTS, registration_xml, request_xml
from konform.spor.schema import NS
from konform.spor.side import SideInputs

UNIT = "SE2321000131-E000000000001"
OFFSETS = ("+01:00", "+02:00")
COMMENTS = ("Planerad operation", "Akut", "Reoperation", "Dagkirurgi", "Överflyttad från annan enhet")
#: A night-time export moment (§6.1) used by cases that are not about the deadline.
NIGHT = "2025-01-02T02:30:00+01:00"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@st.composite
def registrations(
    draw: st.DrawFn, *, unit: str = UNIT, synthetic: bool = False, behandlingsnummer: str | None = None
) -> etree._Element:
    """A valid, schema-valid, plausible registration that qualifies for the export (§6.2)."""
    number = behandlingsnummer or str(draw(st.integers(1_000_000, 99_999_999)))
    identity = draw(
        st.one_of(ids.personnummers(synthetic=synthetic), ids.samordningsnummers(synthetic=synthetic))
    )
    tz = timezone(timedelta(hours=int(draw(st.sampled_from(OFFSETS))[2])))
    day = draw(st.dates(date(2021, 1, 1), date(2024, 12, 31)))
    arrived = datetime(day.year, day.month, day.day, 7, 0, tzinfo=tz) + timedelta(
        minutes=draw(st.integers(0, 600))
    )
    gaps = [timedelta(minutes=draw(st.integers(0, 240))) for _ in range(4)]
    start = arrived + gaps[0]
    end = start + timedelta(minutes=draw(st.integers(5, 480)))
    left = end + gaps[1]
    announced = arrived - timedelta(days=draw(st.integers(1, 120)), minutes=draw(st.integers(0, 600)))
    planned = announced + (arrived - announced) / 2
    stage = draw(st.integers(0, 2))  # 0: planned, 1: arrived (maybe aborted), 2: done
    values: dict[str, object] = {
        "recipientMessageSplit": "SPOR",
        "systemId": unit,
        "behandlingsnummer": number,
        "personnummer": identity,
        "planeringstidpunkt": _stamp(planned),
        "operationsanmalan": _stamp(announced),
        "planeratIngrepp": _stamp(planned),
        "operationsdatum": day.isoformat(),
        "avfordFranVantelistan": "Ja" if stage else None,
        "anlantOperationsavdelning": _stamp(arrived) if stage else None,
        "operationsstart": _stamp(start) if stage else None,
        "operationsslut": _stamp(end) if stage == 2 else None,
        "lamnatOperationsavdelning": _stamp(left) if stage == 2 else None,
        "lamnatPostop": _stamp(left + gaps[2] + timedelta(minutes=30)) if stage == 2 else None,
        "atgarder": draw(st.lists(ids.kva_codes(), min_size=1, max_size=3)),
        "kommentar": draw(st.sampled_from((None, *COMMENTS))),
    }
    return registration_xml(**values)  # type: ignore[arg-type]


@st.composite
def exports(draw: st.DrawFn, *, size: tuple[int, int] = (1, 8), unit: str = UNIT) -> etree._Element:
    """A postRegistrationRequest of distinct behandlingsnummer, created at night (§6.1)."""
    count = draw(st.integers(*size))
    first = draw(st.integers(1_000_000, 90_000_000))
    items = [draw(registrations(unit=unit, behandlingsnummer=str(first + i))) for i in range(count)]
    return request_xml(items, export_time=draw(night_times()))


def night_times() -> st.SearchStrategy[str]:
    """exportTime values before 04:00 local time."""
    return st.builds(
        lambda day, minute, offset: f"{day.isoformat()}T{minute // 60:02}:{minute % 60:02}:00{offset}",
        st.dates(date(2021, 1, 1), date(2025, 12, 31)),
        st.integers(0, 239),
        st.sampled_from(OFFSETS),
    )


def serialize(element: etree._Element) -> bytes:
    """A message as a vendor would send it: UTF-8, declaration, one element a line."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- mutations of one registration ------------------------------------------------------------


def child(registration: etree._Element, name: str) -> etree._Element | None:
    return registration.find(f"{{{NS}}}{name}")


def _set(name: str, value: str) -> Callable[[etree._Element], etree._Element]:
    """Give variable `name` a value, adding the element at its schema position if absent."""

    def change(registration: etree._Element) -> etree._Element:
        found = child(registration, name)
        if found is None:
            found = etree.Element(f"{{{NS}}}{name}")
            later = [
                c for c in registration if ELEMENTS.index(etree.QName(c).localname) > ELEMENTS.index(name)
            ]
            (later[0].addprevious if later else registration.append)(found)
        for kid in list(found):
            found.remove(kid)
        found.text = value
        return registration

    return change


def _remove(name: str) -> Callable[[etree._Element], etree._Element]:
    def change(registration: etree._Element) -> etree._Element:
        found = child(registration, name)
        if found is not None:
            registration.remove(found)
        return registration

    return change


def _end_before_start(registration: etree._Element) -> etree._Element:
    """§7.3: operationsslut half an hour before operationsstart (the guide's own example)."""
    start = child(registration, "operationsstart")
    if start is None:
        planned = child(registration, "planeratIngrepp")
        assert planned is not None
        _set("operationsstart", planned.text or "")(registration)
        start = child(registration, "operationsstart")
        assert start is not None
    moment = datetime.fromisoformat(start.text or "")
    return _set("operationsslut", _stamp(moment - timedelta(minutes=30)))(registration)


def _empty_atgarder(registration: etree._Element) -> etree._Element:
    atgarder = child(registration, "atgarder")
    assert atgarder is not None
    for code in list(atgarder):
        atgarder.remove(code)
    return registration


def _no_inclusion(registration: etree._Element) -> etree._Element:
    """§6.2: no condition shown – none of 310, 410, 450 = Ja, 540, 800, nor what shows the same events."""
    for name in ELEMENTS[4:]:
        if name not in ("atgarder", "kommentar"):
            _remove(name)(registration)
    return registration


def _unexpected(registration: etree._Element) -> etree._Element:
    etree.SubElement(registration, f"{{{NS}}}lakare").text = "Dr. Ek"
    return registration


def _kva(value: str) -> Callable[[etree._Element], etree._Element]:
    def change(registration: etree._Element) -> etree._Element:
        atgarder = child(registration, "atgarder")
        assert atgarder is not None
        atgarder[0].text = value
        return registration

    return change


def _mutated(
    *changes: st.SearchStrategy[Callable[[etree._Element], etree._Element]],
) -> st.SearchStrategy[etree._Element]:
    return st.builds(lambda registration, change: change(registration), registrations(), st.one_of(*changes))


_EMPTYABLE = [name for name in ELEMENTS if name != "atgarder"]
_BAD_KVA = st.builds(
    lambda a, b: f"{a}-{b}", st.sampled_from(("H", "NF", "JAB")), st.sampled_from(("CAR", "B4", "X"))
)

#: Requirement ID → registrations that break exactly that rule and nothing else.
MUTATIONS: dict[str, st.SearchStrategy[etree._Element]] = {
    "SPOR-7.1-PNR": _mutated(
        ids.personnummers_with_bad_check_digit().map(lambda n: _set("personnummer", n)),
        ids.samordningsnummers_with_wrong_day_offset().map(lambda n: _set("personnummer", n)),
        ids.personnummers_with_impossible_date().map(lambda n: _set("personnummer", n)),
        ids.personnummers().map(lambda n: _set("personnummer", n[2:])),
    ),
    "SPOR-7.1-HSA": _mutated(
        ids.hsa_ids_with_bad_pattern().map(lambda h: _set("systemId", h)),
        ids.hsa_ids_too_long().map(lambda h: _set("systemId", h)),
    ),
    "SPOR-7.1-NOEMPTY": _mutated(
        st.sampled_from(_EMPTYABLE).map(lambda name: _set(name, "")),
        st.just(_empty_atgarder),
    ),
    # Not ISO 8601:2004 at all. A local time (no offset) or the basic form (20220413) is ISO 8601;
    # konform's wish for the examples' form is a reading (konform.spor.readings.DATE_FORM, OFFSET).
    "SPOR-7.1-DATES": _mutated(
        st.sampled_from(("13/04/2022", "2022-4-13", "13 april 2022")).map(
            lambda d: _set("operationsdatum", d)
        ),
        st.just(_set("planeringstidpunkt", "2022-13-01T10:00:00+01:00")),
        st.just(_set("operationsanmalan", "2022-04-01 kl. 09:12")),
    ),
    "SPOR-7.4-RMS": _mutated(
        st.sampled_from(("UCR", "spor", "SPOR NKR", "Spor")).map(lambda v: _set("recipientMessageSplit", v)),
        st.just(_remove("recipientMessageSplit")),
    ),
    "SPOR-7.2.2-SCHEMA": _mutated(
        _BAD_KVA.map(_kva),
        st.just(_unexpected),
        st.just(_remove("personnummer")),
        st.sampled_from(("ja", "JA", "yes")).map(lambda v: _set("avfordFranVantelistan", v)),
    ),
    "SPOR-7.3-FELLISTA": _mutated(st.just(_end_before_start)),
    "SPOR-6.2-INCL": _mutated(st.just(_no_inclusion)),
}


# -- cases that need several registrations or a side input ------------------------------------


@dataclass
class Case:
    """An export plus the side inputs that make exactly one rule fire."""

    registrations: list[etree._Element]
    export_time: str | None = NIGHT
    block_list: frozenset[str] = frozenset()
    treatments: dict[str, frozenset[int]] = field(default_factory=dict)
    plans: dict[str, tuple[datetime, ...]] = field(default_factory=dict)
    previous: list[etree._Element] | None = None

    def export(self) -> bytes:
        return serialize(
            request_xml([copy.deepcopy(r) for r in self.registrations], export_time=self.export_time)
        )

    def side(self, previous_path: Path | None = None) -> SideInputs:
        return SideInputs(self.block_list, self.treatments, self.plans, previous_path)


def _number(registration: etree._Element, name: str = "behandlingsnummer") -> str:
    found = child(registration, name)
    return "" if found is None else found.text or ""


def _replanned(registration: etree._Element) -> Case:
    """§6.3: the same operation planned twice on one day, both plannings sent."""
    later = copy.deepcopy(registration)
    found = child(later, "planeringstidpunkt")
    assert found is not None
    first = datetime.fromisoformat(found.text or "")
    found.text = _stamp(first + timedelta(minutes=20 if first.minute < 30 else -20))
    return Case([registration, later])


def _missing(numbers: frozenset[int]) -> Callable[[etree._Element], Case]:
    def build(registration: etree._Element) -> Case:
        absent = str(int(_number(registration)) + 1)
        return Case([registration], treatments={_number(registration): frozenset({310}), absent: numbers})

    return build


CASES: dict[str, st.SearchStrategy[Case]] = {
    "SPOR-6.6-OPTOUT": registrations().map(
        lambda r: Case([r], block_list=frozenset({_number(r, "personnummer")}))
    ),
    "SPOR-6.2-INCL": registrations().map(_missing(frozenset({310, 410}))),
    "SPOR-6.4-ABORTED": registrations().map(_missing(frozenset({310, 540}))),
    "SPOR-6.3-LASTPLAN": registrations().map(_replanned),
    # §6.5 "bör endast registreringar som förändrats ... skickas om": an unchanged resend, in the
    # same export or against the previous one. A resend leaving variables out is no breach.
    "SPOR-6.5-REPLACE": st.one_of(
        registrations().map(lambda r: Case([r, copy.deepcopy(r)])),
        registrations().map(lambda r: Case([r], previous=[copy.deepcopy(r)])),
    ),
    "SPOR-6.1-NIGHTLY": st.builds(
        lambda r, hour: Case([r], export_time=f"2025-01-02T{hour:02}:15:00+01:00"),
        registrations(),
        st.integers(4, 23),
    ),
}


# -- big files, fast ---------------------------------------------------------------------------

_TEMPLATE = """  <registration>
    <recipientMessageSplit>SPOR</recipientMessageSplit>
    <systemId>{unit}</systemId>
    <behandlingsnummer>{number}</behandlingsnummer>
    <personnummer>{pnr}</personnummer>
    <planeringstidpunkt>{day}T06:{m:02}:00+01:00</planeringstidpunkt>
    <operationsanmalan>{day}T06:00:00+01:00</operationsanmalan>
    <planeratIngrepp>{day}T06:{m:02}:00+01:00</planeratIngrepp>
    <avfordFranVantelistan>Ja</avfordFranVantelistan>
    <operationsdatum>{day}</operationsdatum>
    <anlantOperationsavdelning>{day}T07:{m:02}:00+01:00</anlantOperationsavdelning>
    <operationsstart>{day}T08:{m:02}:00+01:00</operationsstart>
    <operationsslut>{day}T09:{m:02}:00+01:00</operationsslut>
    <lamnatOperationsavdelning>{day}T10:{m:02}:00+01:00</lamnatOperationsavdelning>
    <lamnatPostop>{day}T12:{m:02}:00+01:00</lamnatPostop>
    <atgarder>
      <kvaKod>{kva}</kvaKod>
    </atgarder>
  </registration>
"""


def write_export(
    path: Path, n: int, seed: int = 0, *, unit: str = UNIT, patients: Sequence[str] = ()
) -> Path:
    """Stream a valid export of `n` registrations to `path` (for benchmarks; no Hypothesis).

    `patients`, when given, are the personnummer to draw from (e.g. Skatteverket's test
    numbers, for a registry's test environment); otherwise valid numbers are made up.
    """
    rng = random.Random(seed)
    codes = ("NFB49", "JAB30", "TNX32", "QDB10", "AD041")
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<postRegistrationRequest xmlns="{NS}" ')
        out.write(f'exportTime="{NIGHT}">\n')
        for index in range(n):
            born = date(1930, 1, 1) + timedelta(days=rng.randrange(30_000))
            first11 = f"{born:%Y%m%d}{rng.randrange(1, 1000):03}"
            pnr = rng.choice(patients) if patients else first11 + se_personnummer.calc_check_digit(first11)
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
            out.write(
                _TEMPLATE.format(
                    unit=unit,
                    number=10_000_000 + index,
                    pnr=pnr,
                    day=day.isoformat(),
                    m=rng.randrange(60),
                    kva=rng.choice(codes),
                )
            )
        out.write("</postRegistrationRequest>\n")
    return path
