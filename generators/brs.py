"""Hypothesis strategies for BRS: valid treatmentRelation requests, relation facts, one-rule-broken requests.

Valid values are built constructively around a moment `now` (the target's clock):
CPR-nummer and CVR-nummer from ``generators.identifiers`` (synthetic CPR-nummer, born in
the future, for a real environment), organisations of each kind the guide names, with or
without a follow-up ordered. `mutations` breaks exactly one request rule and says which
field it broke, and whether the guide's words or only konform's reading make a service
refuse it. `synthetic_cprs` draws the people of a scenario from the run's seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from hypothesis import strategies as st
from lxml import etree

from generators import identifiers as ids
from konform.brs.model import ALL, CATEGORIES, Organisation, TreatmentRelationRequest, brs_time, q
from konform.brs.relations import RelationFact
from konform.brs.rules import FOLLOWUP_READING, OBLIGATORY, PROVIDER_READING, VALUE_READING
from konform.identifiers import dk_cpr

DIGITS = "0123456789"
SKS = "0123456789ABCDEFGHJKLMNPRSTUVXYZ"


def organisations() -> st.SearchStrategy[Organisation]:
    """OrganisationIdentifier of each kind: sks, ydernummer, SOR code, EAN (schemas/brs/brs.xsd)."""
    return st.one_of(
        st.builds(
            lambda code, sub: Organisation("HospitalOrganisationIdentifier", code + sub),
            st.text(SKS, min_size=4, max_size=4),
            st.sampled_from(["", "06", "061"]),
        ),
        st.text(DIGITS, min_size=1, max_size=6).map(
            lambda n: Organisation("DoctorOrganisationIdentifier", n)
        ),
        ids.sor_codes().map(lambda n: Organisation("SorOrganisationIdentifier", n)),
        st.text(DIGITS, min_size=13, max_size=13).map(lambda n: Organisation("EanOrganisationIdentifier", n)),
    )


def relation_lists(*, min_size: int = 1) -> st.SearchStrategy[tuple[str, ...]]:
    """Distinct relation categories in the guide's order, e.g. ("A+", "A", "B")."""
    return st.sets(st.sampled_from(CATEGORIES), min_size=min_size).map(
        lambda chosen: tuple(c for c in CATEGORIES if c in chosen)
    )


def references() -> st.SearchStrategy[str | None]:
    alphabet = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
    return st.one_of(st.none(), ids.uuids(), st.text(alphabet, min_size=1, max_size=40))


@st.composite
def requests(
    draw: st.DrawFn,
    *,
    now: datetime,
    cvr: str,
    synthetic: bool = False,
    patient: str | None = None,
    followup: bool | None = None,
) -> TreatmentRelationRequest:
    """A valid request around `now`; QueryableCvr `cvr` (the caller's, so it works on any target).

    `followup` True orders a follow-up (FollowupRelations, TimeLimit, QueryableCvr), False
    orders none (FollowupRelations left out, TimeLimit and QueryableCvr perhaps too), None draws.
    """
    start = now - timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))
    end = now + timedelta(minutes=draw(st.integers(0, 60 * 24)))
    ordered = draw(st.booleans()) if followup is None else followup
    time_limit = brs_time(now + timedelta(minutes=draw(st.integers(1, 60 * 24 * 14))))
    return TreatmentRelationRequest(
        organisation=draw(organisations()),
        patient=patient or draw(ids.cprs(synthetic=synthetic)),
        professional=draw(ids.cprs(synthetic=synthetic)),
        start=brs_time(start),
        end=brs_time(end),
        time_limit=time_limit if ordered else draw(st.sampled_from([None, time_limit])),
        queryable_cvr=cvr if ordered else draw(st.sampled_from([None, cvr])),
        acceptable=draw(relation_lists()),
        followup=draw(st.one_of(st.just(ALL), relation_lists())) if ordered else (),
        authorisation=draw(st.text("ABCDEFGHJKLMNPQRSTUVXYZ0123456789", min_size=5, max_size=5)),
        external_reference=draw(references()),
    )


@st.composite
def relation_facts(
    draw: st.DrawFn, *, patient: str, professional: str, organisation: Organisation, now: datetime
) -> RelationFact:
    """A relation of the given people at the given organisation, somewhere around `now`."""
    start = now + timedelta(minutes=draw(st.integers(-60 * 24 * 3, 60 * 3)))
    return RelationFact(
        patient=patient,
        professional=professional,
        organisation=organisation,
        category=draw(st.sampled_from(CATEGORIES)),
        start=start,
        end=start + timedelta(minutes=draw(st.integers(0, 60 * 24 * 2))),
    )


# -- one rule broken ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A request body that breaks one rule, the rule, and the field a fault must name.

    `reading` is empty when the guide's words make a service refuse the body (an element it
    does not mark optional is missing); otherwise konform's reading that it is refused.
    """

    body: etree._Element
    requirement: str
    field: str
    reading: str = VALUE_READING


Change = Callable[[etree._Element], tuple[str, str]]


def _remove(name: str, reading: str = "") -> Change:
    def change(body: etree._Element) -> tuple[str, str]:
        found = body.find(q(name))
        assert found is not None, name
        body.remove(found)
        return name, reading

    return change


def _set(name: str, value: str) -> Change:
    def change(body: etree._Element) -> tuple[str, str]:
        next(body.iter(q(name))).text = value
        return name, VALUE_READING

    return change


def _service_provider_as_text(body: etree._Element) -> tuple[str, str]:
    """Erratum: the text calls ServiceProvider a string; the example has Name, Version, Vendor."""
    found = body.find(q("ServiceProvider"))
    assert found is not None
    found[:] = []
    found.text = "SJ 0.1 Sundhed.dk"
    return "ServiceProvider", PROVIDER_READING


_REQ_CHANGES: list[st.SearchStrategy[Change]] = [
    st.sampled_from(OBLIGATORY).map(_remove),
    st.sampled_from(["TimeLimit", "QueryableCvr"]).map(lambda name: _remove(name, FOLLOWUP_READING)),
    st.sampled_from(["PatientCpr", "HealthProfessionalCpr"]).flatmap(
        lambda name: st.one_of(
            ids.cprs_with_impossible_date(), st.text(DIGITS, min_size=1, max_size=9), st.just("010160-1951")
        ).map(lambda value: _set(name, value))
    ),
    ids.cvrs_with_bad_check_digit().map(lambda value: _set("QueryableCvr", value)),
    st.sampled_from(["", " "]).map(lambda value: _set("Relation", value)),
    st.just(_service_provider_as_text),
    st.just(_set("AuthorisationIdentifier", "  ")),
]
_BAD_TIMES = (
    "2013-09-30T11:04:37",
    "2013-09-30T11:04:37Z",
    "2013-09-30T11:04:37.5+02:00",
    "2013-09-30",
    "30-09-2013 11:04",
)
_TIME_CHANGES: list[st.SearchStrategy[Change]] = [
    st.tuples(st.sampled_from(["start", "end", "TimeLimit"]), st.sampled_from(_BAD_TIMES)).map(
        lambda pair: _set(*pair)
    )
]


def _broken(
    requirement: str, changes: list[st.SearchStrategy[Change]], **context: object
) -> st.SearchStrategy[Broken]:
    def build(request: TreatmentRelationRequest, change: Change) -> Broken:
        body = request.to_xml()
        field, reading = change(body)
        return Broken(body, requirement, field, reading)

    # With a follow-up ordered, so that every field a change touches is there.
    return st.builds(build, requests(followup=True, **context), st.one_of(*changes))  # type: ignore[arg-type]


def mutations(
    requirement: str, *, now: datetime, cvr: str, synthetic: bool = False
) -> st.SearchStrategy[Broken]:
    """Requests that break exactly one rule of `requirement` (BRS-REQ or BRS-TIME)."""
    changes = {"BRS-REQ": _REQ_CHANGES, "BRS-TIME": _TIME_CHANGES}[requirement]
    return _broken(requirement, changes, now=now, cvr=cvr, synthetic=synthetic)


def with_external(request: TreatmentRelationRequest, reference: str | None) -> TreatmentRelationRequest:
    return replace(request, external_reference=reference)


def synthetic_cprs(rng: random.Random, count: int) -> tuple[str, ...]:
    """`count` distinct synthetic CPR-nummer (born 2040-2057, as ``generators.identifiers``) from `rng`.

    A scenario's patient and professional: drawn from the run's seed (konform.runseed), so a
    rerun against a target that keeps its data never meets the same people again.
    """
    drawn: list[str] = []
    while len(drawn) < count:
        born = date(2040, 1, 1) + timedelta(days=rng.randrange((date(2057, 12, 31) - date(2040, 1, 1)).days))
        number = born.strftime("%d%m%y") + rng.choice("5678") + f"{rng.randrange(1000):03}"
        dk_cpr.validate(number, allow_future_birth_date=True)
        if number not in drawn:
            drawn.append(number)
    return tuple(drawn)
