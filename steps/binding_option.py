"""The run's `--binding FILE` / `--schema DIR` pytest options, for the registries' endpoint fixtures.

A binding named on the command line (`konform certify --binding`) puts its registry in that
schema the way a target profile's `binding` and `schema` keys do: the embedded simulator is
started on it, and the endpoint's options carry it to the suite's client.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from konform.binding import BindingError
from konform.binding.chosen import Chosen, pair
from konform.targets import Endpoint


def chosen_binding(config: pytest.Config, registry: str, profile: Endpoint | None = None) -> Chosen | None:
    """The run's binding for `registry`, else the `profile` endpoint's (`binding`, `schema`), else None.

    Checked by loading it: a broken binding is a usage error naming it.
    """
    try:
        chosen = pair(config.getoption("binding"), config.getoption("schema")).get(registry)
        if chosen is None and profile is not None and profile.options.get("binding"):
            schema = profile.options.get("schema")
            chosen = Chosen(registry, Path(profile.options["binding"]), Path(schema) if schema else None)
        if chosen is not None:
            chosen.load()
    except BindingError as error:
        raise pytest.UsageError(f"konform: {error}") from None
    return chosen
