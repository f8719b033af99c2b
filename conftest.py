"""Root configuration: konform's pytest front end and the step modules of every registry."""

pytest_plugins = [
    "konform.pytest_plugin",
    "steps.identifiers",
    "steps.spor",
    "steps.lar",
    "steps.brs",
    "steps.sysvak",
    "steps.takecare",
    "steps.hardening",
]
