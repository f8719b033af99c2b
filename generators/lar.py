"""Hypothesis strategies for LAR: valid allergies and search criteria, and ones that break exactly one rule.

Valid values are built constructively from ``generators.identifiers`` (CPR, SOR, ATC,
UUID) and the §4.3 code systems. :data:`MUTATIONS` maps a catalogue ID to a strategy of
:class:`Broken` requests, each breaking that one rule and naming the field it breaks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st
from lxml import etree

from generators import fakes
from generators import identifiers as ids
from konform.lar import model, schema
from konform.lar.model import GET, REGISTER, Coding, Operation, a

OFFSETS = (timezone(timedelta(hours=1)), timezone(timedelta(hours=2)))
UPPER_DIGITS = "0123456789ABCDEFGHJKLMNPRSTVXYZ"
FOREIGN_SYSTEMS = ("urn:oid:1.2.3.4", "http://snomed.info/sct", "urn:oid:2.16.840.1.113883.6.96")


def timestamps() -> st.SearchStrategy[str]:
    """xs:dateTime with a Danish offset and milliseconds, as the guide writes them."""
    moments = st.datetimes(datetime(2015, 1, 1), datetime(2025, 12, 31))
    return st.builds(
        lambda moment, tz: moment.replace(tzinfo=tz).isoformat(timespec="milliseconds"),
        moments,
        st.sampled_from(OFFSETS),
    )


def autorisation_codes() -> st.SearchStrategy[str]:
    """Autorisationskoder: 4-5 characters of digits and capitals (the guide's examples: 1234, 21234)."""
    return st.text(UPPER_DIGITS, min_size=4, max_size=5)


def sks_codes() -> st.SearchStrategy[str]:
    """SKS diagnosis-like codes, e.g. DT886 (structure only)."""
    letters = st.sampled_from("ABCDEFGHJKLMNPRSTZ")
    return st.builds(
        lambda x, digits: f"D{x}{digits}", letters, st.text("0123456789", min_size=2, max_size=4)
    )


def drug_ids() -> st.SearchStrategy[Coding]:
    """Drug ids in the examples' unsettled system urn:oid:drug_id (§4.3: "mangler afklaring")."""
    return st.builds(
        lambda code: Coding("urn:oid:drug_id", code), st.text("0123456789", min_size=11, max_size=12)
    )


def texts() -> st.SearchStrategy[str]:
    return fakes.faker_texts(locale="da_DK", max_chars=60)


@st.composite
def reactions(draw: st.DrawFn, *, described_only: bool = True) -> dict[str, object]:
    """A reaction with a manifestation code, a description, or both (§4.1.1); `described_only`
    False always gives the code, for scenarios about other rules."""
    which = draw(st.sampled_from(("code", "description", "both") if described_only else ("code", "both")))
    return {
        "manifestation": Coding(model.SKS, draw(sks_codes())) if which != "description" else None,
        "manifestationDescription": draw(texts()) if which != "code" else None,
        "onset": draw(st.none() | timestamps()),
        "severity": draw(st.none() | st.sampled_from(model.SEVERITIES)),
    }


@st.composite
def allergies(
    draw: st.DrawFn,
    *,
    patient: str | None = None,
    status: str | None = None,
    identified: bool = True,
    synthetic: bool = False,
    described_only: bool = True,
) -> etree._Element:
    """A valid MedicationAllergyIntoleranceReduced for RegisterPatientAllergy (no versionId).

    `described_only` False leaves out reactions described only in text (LAR-4.1.1-REACTION's
    own case), so that a scenario about another rule tests only that rule.
    """
    client_values = st.none() | st.sampled_from(
        ("confirmed", "unconfirmed", "refuted", "intolerance", "food")
    )
    return model.allergy_xml(
        identifier=draw(ids.uuids()) if identified else None,
        clinicalStatus=status or draw(st.sampled_from(model.CLINICAL_STATUSES)),
        verificationStatus=draw(client_values),
        type=draw(client_values),
        category=draw(client_values),
        criticality=draw(st.none() | st.sampled_from(model.CRITICALITIES)),
        substance=Coding(model.ATC, draw(ids.atc_codes())),
        substanceDescription=draw(st.none() | texts()),
        drugId=draw(st.none() | drug_ids()),
        patient=Coding(model.CPR, patient or draw(ids.cprs(synthetic=synthetic))),
        onsetDateTime=draw(timestamps()),
        recorder=Coding(model.AUTORISATION, draw(autorisation_codes())),
        recorderOrganization=Coding(model.SOR, draw(ids.sor_codes())),
        note=draw(st.none() | texts()),
        reaction=draw(st.lists(reactions(described_only=described_only), max_size=2)),
    )


@st.composite
def criteria(draw: st.DrawFn, *, patient: str | None = None, synthetic: bool = False) -> etree._Element:
    """Valid MedicationAllergyIntoleranceSearchCriteria (§4.2.1)."""
    return model.criteria_xml(
        patient=patient or draw(ids.cprs(synthetic=synthetic)),
        requester=(draw(st.sampled_from(model.ORGANIZATION_TYPES)), draw(ids.sor_codes())),
        consent_override=draw(st.booleans()),
        include_history=draw(st.none() | st.booleans()),
    )


@dataclass(frozen=True)
class Broken:
    """A request content breaking one rule: the operation, the element, the rule and the field it names.

    `patient` and `identifier` are those of the valid content before the mutation (to look for it).
    `reading` names konform's reading (konform.lar.readings) when refusing the request rests on
    it rather than on the guide's words; "" when the guide says it.
    """

    operation: Operation
    content: etree._Element
    requirement: str
    field: str
    patient: str
    identifier: str | None = None
    reading: str = ""


Mutator = Callable[[etree._Element, st.DrawFn], str]


def _child(element: etree._Element, name: str, namespace: str = model.ALLERGY_NS) -> etree._Element:
    found = element.find(f"{{{namespace}}}{name}")
    assert found is not None, name
    return found


def _set_value(name: str, values: st.SearchStrategy[str]) -> Mutator:
    def mutate(allergy: etree._Element, draw: st.DrawFn) -> str:
        found = allergy.find(a(name))
        if found is None:  # optional and absent: put it in its place
            found = etree.Element(a(name))
            _child(allergy, "substance").addprevious(found)
        found.set("value", draw(values))
        return name

    return mutate


def _without(names: tuple[str, ...]) -> Mutator:
    def mutate(allergy: etree._Element, draw: st.DrawFn) -> str:
        name = draw(st.sampled_from(names))
        allergy.remove(_child(allergy, name))
        return name

    return mutate


def _empty_code(allergy: etree._Element, draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(("substance", "patient", "recorder", "recorderOrganization")))
    _child(_child(allergy, name), draw(st.sampled_from(("system", "code")))).text = ""
    return name


def _bad_identifier(allergy: etree._Element, draw: st.DrawFn) -> str:
    _child(allergy, "identifier").text = draw(ids.uuids_malformed())
    return "identifier"


def _fresh_reaction(allergy: etree._Element, values: dict[str, object]) -> etree._Element:
    """Replace the reactions by one built from `values` (generated allergies end with their reactions)."""
    for old in allergy.findall(a("reaction")):
        allergy.remove(old)
    return model.reaction_xml(allergy, values)


def _reaction_without_manifestation(allergy: etree._Element, draw: st.DrawFn) -> str:
    _fresh_reaction(
        allergy, {"onset": draw(timestamps()), "severity": draw(st.sampled_from(model.SEVERITIES))}
    )
    return "manifestation"


def _bad_severity(allergy: etree._Element, draw: st.DrawFn) -> str:
    reaction = _fresh_reaction(allergy, {"manifestationDescription": "Udslæt og kløe"})
    tag = draw(st.sampled_from(("severity", "serverity")))
    value = "mild" if tag == "serverity" else draw(st.sampled_from(("Mild", "fatal", "")))
    etree.SubElement(reaction, a(tag)).set("value", value)
    return tag


#: §4.3: the systems each coded field may use (substance "kan være" ATC: any system of the table).
ALLOWED_SYSTEMS = {
    "substance": tuple(model.CODE_SYSTEMS.values()),
    "patient": (model.CPR,),
    "recorder": (model.AUTORISATION,),
    "recorderOrganization": (model.SOR,),
}


def _foreign_system(allergy: etree._Element, draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(ALLOWED_SYSTEMS)))
    systems = (*FOREIGN_SYSTEMS, *model.CODE_SYSTEMS.values())
    choices = [system for system in systems if system not in ALLOWED_SYSTEMS[name]]
    _child(_child(allergy, name), "system").text = draw(st.sampled_from(choices))
    return name


def _substance_not_atc(allergy: etree._Element, draw: st.DrawFn) -> str:
    """A substance in a §4.3 system other than ATC – a person's CPR, an organisation's SOR, …"""
    others = [system for system in model.CODE_SYSTEMS.values() if system != model.ATC]
    _child(_child(allergy, "substance"), "system").text = draw(st.sampled_from(others))
    return "substance"


def _bad_cpr(allergy: etree._Element, draw: st.DrawFn) -> str:
    _child(_child(allergy, "patient"), "code").text = draw(ids.cprs_with_impossible_date())
    return "patient"


def _unknown_element(allergy: etree._Element, draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(("asserter", "encounter", "lastOccurrence")))
    _child(allergy, "onsetDateTime").addnext(etree.Element(a(name)))
    return name


def _bad_onset(allergy: etree._Element, draw: st.DrawFn) -> str:
    _child(allergy, "onsetDateTime").text = draw(st.sampled_from(("2018-11-01", "01-11-2018 13:30", "i går")))
    return "onsetDateTime"


#: Catalogue ID → ways to break exactly that rule in a RegisterPatientAllergy request.
ALLERGY_MUTATORS: dict[str, list[Mutator]] = {
    schema.IDENT: [_bad_identifier],
    schema.STATUS: [
        _set_value("clinicalStatus", st.sampled_from(("Active", "Inactive", "entered-in-error", "")))
    ],
    schema.CRIT: [_set_value("criticality", st.sampled_from(("unnable-to-assess", "medium", "High")))],
    schema.REQUIRED: [_without(schema.REQUIRED_ALLERGY), _empty_code],
    schema.REACTION: [_reaction_without_manifestation, _bad_severity],
    schema.CODES: [_foreign_system, _bad_cpr, _substance_not_atc],
    schema.REPLY: [_unknown_element, _bad_onset],
}


def _criteria_without(criteria: etree._Element, draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(schema.REQUIRED_CRITERIA))
    criteria.remove(_child(criteria, name, model.SERVICE_NS))
    return name


def _criteria_bad_values(criteria: etree._Element, draw: st.DrawFn) -> str:
    which = draw(st.sampled_from(("type", "consentOverride", "code")))
    organization = _child(criteria, "requesterOrganization", model.SERVICE_NS)
    if which == "type":
        kind = _child(organization, "type", model.SERVICE_NS)
        kind.set("value", draw(st.sampled_from(("SOR", "cvr", "ean"))))
        return "requesterOrganization"
    if which == "code":
        _child(organization, "code", model.SERVICE_NS).text = ""
        return "requesterOrganization"
    _child(criteria, "consentOverride", model.SERVICE_NS).text = draw(st.sampled_from(("ja", "yes", "")))
    return "consentOverride"


#: Mutations whose refusal is konform's reading, not the guide's words (konform.lar.readings).
READINGS: dict[Mutator, str] = {
    _unknown_element: "schema",
    _bad_onset: "schema",
    _bad_cpr: "cpr",
    _substance_not_atc: "substance",
}
#: Fields whose very name is a reading: the §4.1.1 table's own spelling (erratum).
FIELD_READINGS = {"serverity": "serverity"}


@st.composite
def _broken(draw: st.DrawFn, requirement: str, synthetic: bool) -> Broken:
    patient = draw(ids.cprs(synthetic=synthetic))
    if requirement == schema.QUERY:
        content = copy.deepcopy(draw(criteria(patient=patient)))
        field = draw(st.sampled_from((_criteria_without, _criteria_bad_values)))(content, draw)
        return Broken(GET, content, requirement, field, patient)
    content = copy.deepcopy(draw(allergies(patient=patient)))
    identifier = model.Allergy(content).identifier
    mutator = draw(st.sampled_from(ALLERGY_MUTATORS[requirement]))
    field = mutator(content, draw)
    reading = FIELD_READINGS.get(field, READINGS.get(mutator, ""))
    return Broken(REGISTER, content, requirement, field, patient, identifier, reading)


def broken(requirement: str, *, synthetic: bool = False) -> st.SearchStrategy[Broken]:
    """Requests that break exactly `requirement` (one of MUTATIONS)."""
    return _broken(requirement, synthetic)


MUTATIONS = (*ALLERGY_MUTATORS, schema.QUERY)
