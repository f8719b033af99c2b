"""SPOR's concepts (what the rules and the simulator speak of) and the built-in binding that places them.

The concepts are konform's canonical names: each variable by its element name in konform's
own schema (the guide's numbers are aliases, ``variable.310``), the request and its
``exportTime``, a registration, the KVÅ codes of ``atgarder``, and the answer's ``result``
fields. ``BUILTIN`` is ``schemas/spor/binding.toml`` loaded by ``konform.binding.load`` – the
same loader a vendor's binding goes through – and names the namespace, elements, WSDL and
service address konform's SPOR modules use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from konform import binding


@dataclass(frozen=True)
class Variable:
    """One variable: its number in SPOR Variabellista 4.1 (None if the guide names none), element, type."""

    number: int | None
    element: str
    type: str
    meaning: str


#: Every element of a registration, in schema order.
VARIABLES: tuple[Variable, ...] = (
    Variable(105, "recipientMessageSplit", "recipientMessageSplit", "Recipient Message Split"),
    Variable(None, "systemId", "hsaId", "Systemets HSA-ID (enheten som skickar)"),
    Variable(None, "behandlingsnummer", "behandlingsnummer", "Behandlingsnummer"),
    Variable(None, "personnummer", "personnummer", "Personnummer eller samordningsnummer"),
    Variable(None, "planeringstidpunkt", "tidpunkt", "Tidpunkt för planeringen"),
    Variable(310, "operationsanmalan", "tidpunkt", "Operationsanmälan genomförd"),
    Variable(410, "planeratIngrepp", "tidpunkt", "Ingrepp planerat"),
    Variable(450, "avfordFranVantelistan", "jaNej", "Avförd från väntelistan"),
    Variable(None, "operationsdatum", "datum", "Operationsdatum"),
    Variable(540, "anlantOperationsavdelning", "tidpunkt", "Patienten anlänt till operationsavdelningen"),
    Variable(None, "operationsstart", "tidpunkt", "Operationsstart"),
    Variable(None, "operationsslut", "tidpunkt", "Operationsslut"),
    Variable(585, "lamnatOperationsavdelning", "tidpunkt", "Patienten lämnat operationsavdelningen"),
    Variable(800, "lamnatPostop", "tidpunkt", "Patienten lämnat postop"),
    Variable(None, "atgarder", "atgarder", "Åtgärder (KVÅ-koder, kvaKod)"),
    Variable(None, "kommentar", "text", "Kommentar"),
)
ELEMENTS = tuple(variable.element for variable in VARIABLES)
RESULT_FIELDS = ("result.behandlingsnummer", "resultCode", "resultText")
#: Every concept a SPOR binding may map.
CONCEPTS = frozenset(
    {"request", "exportTime", "registration", *ELEMENTS, "kvaKod", "response", "result", *RESULT_FIELDS}
)
#: The concept each concept's XPath is relative to (the rest are roots: found anywhere).
PARENTS = {
    "exportTime": "request",
    "registration": "request",
    **dict.fromkeys(ELEMENTS, "registration"),
    "kvaKod": "atgarder",
    "result": "response",
    **dict.fromkeys(RESULT_FIELDS, "result"),
}
ALIASES = {f"variable.{v.number}": v.element for v in VARIABLES if v.number is not None}
BUILTIN_PATH = Path(__file__).resolve().parents[2] / "schemas" / "spor" / "binding.toml"


def load(path: Path, *, schema_dir: Path | None = None, sample: Path | None = None) -> binding.Binding:
    """A SPOR binding (``--binding FILE``, ``--schema DIR``, ``--sample FILE``); BindingError if unusable."""
    return binding.load(
        path, concepts=CONCEPTS, parents=PARENTS, aliases=ALIASES, schema_dir=schema_dir, sample=sample
    )


BUILTIN = load(BUILTIN_PATH)
