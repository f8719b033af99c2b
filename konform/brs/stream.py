"""BRS requests of any size in bounded memory (konform/validate/bounded.py).

A treatmentRelation's relation categories (AcceptableRelations, FollowupRelations) are BRS's
repeated records: the first of a run stays in the request and is judged with it; the others
are judged a batch at a time by the same rule (BRS-REQ's known categories) and the same
schema, then dropped. The SOAP header – the ID card and its signature – is kept whole.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from konform import soap
from konform.brs import rules, schema
from konform.brs.model import q
from konform.checks import Finding
from konform.validate import Unusable
from konform.validate.bounded import Limit, Records, batch_schema

#: Relations judged at once: enough to spread the rule's and the schema's fixed cost.
BATCH = 2048
_BATCH_TAG = q("relations")  # konform's own wrapper for a batch, never on the wire


@cache
def relation_schema() -> etree.XMLSchema:
    """BRS's schema with one more element: a batch of relations (type brs:RelationCategory)."""
    xsd = schema.SCHEMA_DIR / "brs.xsd"
    return batch_schema(schema.BRS, xsd, "relations", "Relation", "RelationCategory")


class Relations:
    """The relations taken out of a request: what BRS's category rule and schema find on them."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.defects: list[schema.Violation] = []
        self._batch = etree.Element(_BATCH_TAG)
        self._size = 0  # len() of an lxml element walks its children

    def records(self) -> Records:
        parents = frozenset({q("AcceptableRelations"), q("FollowupRelations")})
        return Records(frozenset({q("Relation")}), parents, self.add)

    def add(self, relation: etree._Element) -> None:
        self._batch.append(relation)
        self._size += 1
        if self._size >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._size:
            return
        self.findings += rules.known_categories(self._batch, frozenset())
        self.defects += schema.violations(self._batch, relation_schema())
        self._batch, self._size = etree.Element(_BATCH_TAG), 0


def check_root(tag: str) -> None:
    """A BRS file is a SOAP 1.1 envelope or a bare request body; Unusable otherwise."""
    if tag not in (f"{{{soap.SOAP11}}}Envelope", schema.REQUEST, schema.QUERY):
        raise Unusable(not_a_request(tag))


def not_a_request(tag: str) -> str:
    return (
        f"root element is {tag}; expected a BRS request: {schema.REQUEST} or {schema.QUERY} "
        "(bare or in a SOAP 1.1 envelope)"
    )


def limit_finding(limit: Limit) -> Finding:
    """The finding for a file past one of konform's reading limits: the field, the limit."""
    text = f"{limit.text} (docs/reference/limits.md); konform did not judge the file further"
    return Finding(limit.line, schema.REQ, "error", text, limit.element)
