"""Fault profiles: deliberately broken simulator variants, one documented deviation each.

A registry defines a Behaviour subclass whose methods are the decisions its
simulator takes; each fault profile overrides exactly one of them and names the
requirement IDs the suite must then fail on.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar


class Behaviour:
    """The correct behaviour: the base every fault profile deviates from."""

    name: ClassVar[str] = "correct"
    deviation: ClassVar[str] = "none: behaves as the registry's document says"
    breaks: ClassVar[frozenset[str]] = frozenset()


B = TypeVar("B", bound=Behaviour)


def profiles(base: type[B]) -> dict[str, type[B]]:
    """Every profile of a registry by name, the correct behaviour included."""
    found: dict[str, type[B]] = {base.name: base}
    pending: list[type[B]] = list(base.__subclasses__())
    while pending:
        profile = pending.pop()
        if profile.name in found and found[profile.name] is not profile:
            raise ValueError(f"two fault profiles are named {profile.name!r}")
        found[profile.name] = profile
        pending.extend(profile.__subclasses__())
    return found


class UnknownProfile(KeyError):
    """A fault profile name that the registry does not define."""


def select(base: type[B], name: str) -> B:
    """An instance of the profile called `name`."""
    available = profiles(base)
    if name not in available:
        raise UnknownProfile(f"unknown fault profile {name!r}; known: {', '.join(sorted(available))}")
    return available[name]()
