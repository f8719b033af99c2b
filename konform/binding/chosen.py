"""The bindings chosen for a run: `--binding FILE` (repeatable) paired with `--schema DIR`.

`konform certify` and the feature suite's pytest options take a binding per registry. A
binding file names its registry (``registry = "spor"``), so the registry needs no option of
its own. The rule pairing the two options:

- without `--schema`, each binding's schema files lie beside it (the binding's folder);
- with `--schema`, there is one `--schema DIR` per `--binding FILE`, paired in order.

Only SPOR and SYSVAK have bindings: LAR's and BRS's messages are in their real namespaces,
and `--schema` there only adds the official XSD check in `konform validate`. Every problem
is a BindingError with one line naming it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from konform.binding.loader import BindingError, read_toml
from konform.targets import Endpoint

#: The registries with bindings, and the loader of each (`loader(path, schema_dir=…)`).
LOADERS = {"spor": "konform.spor.wire:load", "sysvak": "konform.sysvak.binding:load"}
#: Registries whose messages are in their real namespaces: no binding, `--schema` in validate only.
OFFICIAL_ONLY = ("lar", "brs")


@dataclass(frozen=True)
class Chosen:
    """One registry's binding for a run, and where its schema files are (None: beside it)."""

    registry: str
    binding: Path
    schema: Path | None = None

    def options(self) -> dict[str, str]:
        """The endpoint options that carry it (a target profile's `binding` and `schema` keys)."""
        found = {"binding": str(self.binding)}
        return found | ({"schema": str(self.schema)} if self.schema is not None else {})

    def load(self) -> Any:
        """The registry's own object for it (SPOR: a Wire; SYSVAK: a Binding); BindingError if broken."""
        return _load(self)

    def on(self, endpoint: Endpoint) -> Endpoint:
        """`endpoint` carrying this binding in its options, as a target profile's would."""
        return replace(endpoint, options={**endpoint.options, **self.options()})


@cache
def _load(chosen: Chosen) -> Any:
    module, name = LOADERS[chosen.registry].split(":")
    loader = getattr(importlib.import_module(module), name)
    return loader(chosen.binding, schema_dir=chosen.schema)


def registry_of(path: Path) -> str:
    """The `registry` a binding file names."""
    registry = read_toml(path).get("registry")
    if not isinstance(registry, str) or not registry:
        raise BindingError(f'binding {path}: no registry = "…" naming whose concepts it maps')
    return registry.lower()


def pair(bindings: Sequence[str | Path], schemas: Sequence[str | Path] = ()) -> dict[str, Chosen]:
    """registry → its Chosen binding, by the rule in the module docstring."""
    if schemas and not bindings:
        raise BindingError(
            "--schema DIR needs a --binding FILE naming its registry (for LAR and BRS, --schema only adds "
            "the official XSD check in `konform validate`)"
        )
    if schemas and len(schemas) != len(bindings):
        raise BindingError(
            f"--schema given {len(schemas)} time(s) for {len(bindings)} --binding: give one --schema DIR "
            "per --binding FILE, in the same order, or none (each binding's files beside it)"
        )
    chosen: dict[str, Chosen] = {}
    for number, given in enumerate(bindings):
        path = Path(given).resolve()
        registry = registry_of(path)
        if registry in OFFICIAL_ONLY:
            raise BindingError(
                f"binding {given}: {registry.upper()} has no binding (its messages are in the real "
                f"namespaces): --schema DIR only adds the official XSD check in `konform validate {registry}`"
            )
        if registry not in LOADERS:
            raise BindingError(f"binding {given}: registry {registry!r} has no binding (known: spor, sysvak)")
        if registry in chosen:
            raise BindingError(f"binding {given}: a second binding for {registry} (one per registry)")
        schema = Path(schemas[number]).resolve() if schemas else None
        chosen[registry] = Chosen(registry, path, schema)
    return chosen
