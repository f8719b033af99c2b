"""The doctests in konform.identifiers run here (pytest.ini has no --doctest-modules)."""

import doctest
import importlib
import pkgutil

import pytest

import konform.identifiers

MODULES = sorted(m.name for m in pkgutil.iter_modules(konform.identifiers.__path__, "konform.identifiers."))
WITHOUT_EXAMPLES = {"konform.identifiers.exceptions"}


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0 or name in WITHOUT_EXAMPLES
