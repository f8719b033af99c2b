"""pytest-bdd step definitions, one module per registry."""
