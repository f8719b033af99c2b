"""LAR requests of any size in bounded memory (konform/validate/bounded.py).

An allergy's reactions are LAR's repeated records: the first of a run stays in the request
and is judged with it; the others are judged a batch at a time by the same rules
(LAR-4.1.1-REACTION, LAR-4.3-CODES) and the same schema, then dropped. The SOAP header –
the ID card and its signature, which cover the header only – is kept whole.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from konform import soap
from konform.checks import Finding
from konform.lar import model, rules, schema
from konform.validate import Unusable
from konform.validate.bounded import Limit, Records, batch_schema

#: Reactions judged at once: enough to spread the rules' and the schema's fixed cost.
BATCH = 512
REACTION_RULES = (schema.REACTION, schema.CODES)
_BATCH_TAG = model.a("reactions")  # konform's own wrapper for a batch, never on the wire


@cache
def reaction_schema() -> etree.XMLSchema:
    """LAR's allergy schema with one more element: a batch of reactions (type a:Reaction)."""
    return batch_schema(model.ALLERGY_NS, schema.ALLERGY_XSD, "reactions", "reaction", "Reaction")


class Reactions:
    """The reactions taken out of a request: what LAR's reaction rules and schema find on them."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.defects: list[schema.Violation] = []
        self._batch = etree.Element(_BATCH_TAG)
        self._size = 0  # len() of an lxml element walks its children

    def records(self) -> Records:
        return Records(frozenset({model.a("reaction")}), frozenset({model.ALLERGY}), self.add)

    def add(self, reaction: etree._Element) -> None:
        self._batch.append(reaction)
        self._size += 1
        if self._size >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Judge the batch (the reaction rules look at nothing but the reactions, whatever the operation)."""
        if not self._size:
            return
        found = rules.check(self._batch, model.REGISTER)
        self.findings += [finding for finding in found if finding.requirement in REACTION_RULES]
        self.defects += schema.violations(self._batch, reaction_schema())
        self._batch, self._size = etree.Element(_BATCH_TAG), 0


def check_root(tag: str) -> None:
    """A LAR file is a SOAP 1.1 envelope or a bare request; Unusable otherwise."""
    if tag == f"{{{soap.SOAP12}}}Envelope":
        raise Unusable("a SOAP 1.2 envelope; LAR speaks SOAP 1.1 (DGWS 1.0.1)")
    if tag != f"{{{soap.SOAP11}}}Envelope" and tag not in model.OPERATIONS:
        raise Unusable(not_a_request(tag))


def not_a_request(tag: str) -> str:
    if tag.startswith(f"{{{model.SERVICE_NS}}}") and tag.endswith("Response"):
        return f"{etree.QName(tag).localname} is a LAR response; konform validate lar judges requests"
    known = ", ".join(etree.QName(operation.request).localname for operation in model.OPERATIONS.values())
    return f"root element {tag} is not a LAR request ({known} in {model.SERVICE_NS})"


def limit_finding(limit: Limit) -> Finding:
    """The finding for a file past one of konform's reading limits: the field, its rule, the limit."""
    requirement = schema.FIELD_RULES.get(limit.element, schema.SCHEMA)
    text = f"{limit.text} (docs/reference/limits.md); konform did not judge the file further"
    return Finding(limit.line, requirement, "error", text, limit.element)
