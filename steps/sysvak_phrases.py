"""The phrases SYSVAK's feature files use for messages, vaksinander, search criteria and persons.

"a HendelseRequest registering MMR on 2022-05-03 with Batchnummer "A1" for 03852150024",
"... for a vaksinand uten ident born 2021-05-03 named "Emma Hansen" with omsorgsperson
12868800370", "a KodeverkRequest for "9051" from the health unit 974589095 of type "ENH"",
search criteria such as 'etternavn "Hansen" and kommune 0301', and FolkeregisterFHI rows.

A message that names no vaksinand ("a HendelseRequest", "a SokRequest") is about a default
child: 03852150024 in a derandomized run, a synthetic child of the run's own otherwise
(a target that keeps its data, konform.runseed), so that reruns do not pile on one person.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from generators import sysvak as gen
from konform import runseed
from konform.sysvak import codes
from konform.sysvak.model import (
    SLETTET,
    Bostedsomrade,
    Ident,
    KodeverkRequest,
    Kriterier,
    NavnSok,
    Request,
    SokRequest,
    Vaksinand,
)

DEFAULT_CHILD = "03852150024"
DEFAULT_DATE = "2022-05-03"
UNIT = r'(?: from the health unit (?P<unit>\d+) of type "(?P<unittype>\w+)")?'
HENDELSE = re.compile(
    r"an? HendelseRequest(?: (?P<verb>registering|deleting) (?P<code>[\w-]+) on (?P<date>\d{4}-\d{2}-\d{2})"
    r'(?: with Batchnummer "(?P<batch>[^"]*)")?(?P<without> without Batchnummer)? for (?P<who>.+))?'
)
SOK = re.compile(r"an? SokRequest" + UNIT)
KODEVERK = re.compile(r'an? KodeverkRequest(?: for "(?P<id>[^"]+)")?' + UNIT)
NUMBER = re.compile(r'(?P<number>\d{11})(?: as "(?P<type>\w+)")?')
H_NUMBER = re.compile(
    r"the H-nummer (?P<number>\d{11}) under (?P<list>offisiell personidentifikasjon \(8327\)"
    r"|type personidentifikasjon \(9032\))"
)
UTEN_IDENT = re.compile(
    r"a vaksinand uten ident born (?P<born>\d{4}-\d{2}-\d{2})"
    r'(?: named "(?P<name>[^"]+)")?(?: with omsorgsperson (?P<guardian>\d{11}))?'
    r"(?: living in kommune (?P<kommune>\d+))?"
)
CRITERION = re.compile(
    r"(?P<field>fødselsnummer|kommune|postnummer|fødselsdato) (?P<value>[\d-]+)"
    r'|(?P<name>fornavn|etternavn|navn) "(?P<text>[^"]+)"(?: (?P<operator>BegynnerMed|LignerPa))?'
)


def _fullmatch(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    found = pattern.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"step text {text!r} does not match {pattern.pattern}")
    return found


def default_child() -> str:
    """The vaksinand of a message that names none: fixed when derandomized, the run's own otherwise."""
    return DEFAULT_CHILD if runseed.current() is None else gen.per_run_child()


def _unit(found: re.Match[str]) -> Ident:
    return Ident.unit(found["unit"], found["unittype"]) if found["unit"] else gen.UNIT


def vaksinand(who: str) -> Vaksinand:
    """A vaksinand by number, by H-nummer under 8327 or 9032, or without ident."""
    if (found := H_NUMBER.fullmatch(who)) is not None:
        oid = codes.OID_OFFICIAL_PERSON_ID if "8327" in found["list"] else codes.OID_PERSON_ID_TYPES
        return Vaksinand(Ident(found["number"], "HNR", oid))
    if (found := UTEN_IDENT.fullmatch(who)) is not None:
        known = gen.uten_ident(
            date.fromisoformat(found["born"]),
            name=found["name"],
            guardian=found["guardian"],
            kommune=found["kommune"],
        )
        return Vaksinand(uten_ident=known)
    found = _fullmatch(NUMBER, who)
    return Vaksinand(gen.person_ident(found["number"], found["type"]))


def request(phrase: str) -> Request:
    """The SYSVAK message a Given step names."""
    if phrase.lstrip().startswith(("a SokRequest", "an SokRequest")):
        found = _fullmatch(SOK, phrase)
        return SokRequest(_unit(found), criteria(f"fødselsnummer {default_child()}"))
    if "KodeverkRequest" in phrase:
        found = _fullmatch(KODEVERK, phrase)
        return KodeverkRequest(_unit(found), found["id"] or "bostedsomrader")
    found = _fullmatch(HENDELSE, phrase)
    aksjon = SLETTET if found["verb"] == "deleting" else "ny"
    batch = None if found["without"] else found["batch"] or "A1"
    when = date.fromisoformat(found["date"] or DEFAULT_DATE)
    event = gen.hendelse(found["code"] or "MMR", when, aksjon=aksjon, batchnummer=batch)
    return gen.request_for(vaksinand(found["who"] or default_child()), event)


def criteria(phrase: str) -> Kriterier:
    """SokRequest criteria joined by "and" (§5.2)."""
    values: dict[str, Any] = {}
    area: dict[str, str] = {}
    for part in phrase.split(" and "):
        found = _fullmatch(CRITERION, part)
        if found["field"] == "fødselsnummer":
            values["person_ident"] = gen.person_ident(found["value"])
        elif found["field"] == "kommune":
            area["kommune"] = found["value"]
        elif found["field"] == "postnummer":
            values["postnummer"] = found["value"]
        elif found["field"] == "fødselsdato":
            values["fodselsdato"] = found["value"]
        else:
            values[found["name"]] = NavnSok(found["text"], found["operator"] or "ErLik")
    if area:
        values["bostedsomrade"] = Bostedsomrade(**area)
    return Kriterier(**values)


def freg_row(row: dict[str, str]) -> dict[str, Any]:
    """A FolkeregisterFHI person for the control API from a feature table row."""
    person: dict[str, Any] = {"ident": row["fødselsnummer"]}
    for name in ("fornavn", "etternavn", "status", "adressetype"):
        if row.get(name):
            person[name] = row[name]
    if row.get("adresse"):
        poststed = codes.POSTNUMMER.get(row.get("postnummer", ""), ("", ""))[0] or None
        person["adresse"] = {
            "adresselinje": row["adresse"],
            "postnummer": row["postnummer"],
            "poststed": poststed,
        }
    if row.get("kommune") or row.get("bydel"):
        person["bostedsomrade"] = {"kommune": row.get("kommune") or None, "bydel": row.get("bydel") or None}
    person["omsorgspersoner"] = row.get("omsorgspersoner", "").replace(",", " ").split()
    return person
