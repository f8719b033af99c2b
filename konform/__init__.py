"""konform: contract-testing and conformance suite for Nordic national health registries."""

__version__ = "0.1.0"


class KonformWarning(UserWarning):
    """A warning konform itself raises; the test configuration turns it into an error."""
