"""Hypothesis strategies for LAR: valid allergies and search criteria (§4.1.1, §4.2.1).

Valid values are built constructively from ``generators.identifiers`` (CPR, SOR, ATC,
UUID) and the §4.3 code systems. Requests that break exactly one rule are in
``generators.lar_broken``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st
from lxml import etree

from generators import fakes
from generators import identifiers as ids
from konform.lar import model
from konform.lar.model import Coding

OFFSETS = (timezone(timedelta(hours=1)), timezone(timedelta(hours=2)))
UPPER_DIGITS = "0123456789ABCDEFGHJKLMNPRSTVXYZ"


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
