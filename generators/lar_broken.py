"""Hypothesis strategies for LAR requests that break exactly one rule, naming the field they break.

:data:`MUTATIONS` lists the catalogue IDs; :func:`broken` draws a valid request from
``generators.lar`` and breaks that one rule. A mutation whose refusal rests on konform's
reading rather than the guide's words says so (:attr:`Broken.reading`, konform/lar/readings.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st
from lxml import etree

from generators import identifiers as ids
from generators.lar import allergies, criteria, timestamps
from konform.lar import model, schema
from konform.lar.model import GET, REGISTER, Operation, a

FOREIGN_SYSTEMS = ("urn:oid:1.2.3.4", "http://snomed.info/sct", "urn:oid:2.16.840.1.113883.6.96")


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
