"""Targets: the embedded simulators (`sim`) or a named profile from targets.toml.

A profile names, per registry, the endpoint URL, the client certificate and key,
the CA to trust, an optional control API (a simulator started elsewhere), and a
test-data profile mapping roles to identifiers known in that environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SIM = "sim"


class TargetError(Exception):
    """A profile that cannot be used: unknown, malformed, or production without consent."""


@dataclass(frozen=True)
class Endpoint:
    """How to reach one registry of a target."""

    url: str
    client_cert: Path | None = None
    client_key: Path | None = None
    ca: Path | None = None
    control_url: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """A target profile: `sim` (embedded simulators) or a named environment."""

    name: str
    environment: str = "simulator"
    production: bool = False
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    test_data: dict[str, str] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        return self.name == SIM

    @property
    def can_arrange_facts(self) -> bool:
        """True when every registry endpoint has a control API (or the simulators are ours)."""
        return self.embedded or (bool(self.endpoints) and all(e.control_url for e in self.endpoints.values()))

    def endpoint(self, registry: str) -> Endpoint:
        try:
            return self.endpoints[registry]
        except KeyError:
            raise TargetError(f"target {self.name!r} has no [{self.name}.{registry}] section") from None


def profile_file(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("KONFORM_TARGETS") or "targets.toml")


def load(name: str, path: Path, *, allow_production: bool = False) -> Target:
    """The profile `name` from `path`; `sim` needs no file."""
    if name == SIM:
        return Target(name=SIM)
    if not path.is_file():
        raise TargetError(f"target {name!r}: profile file {path} not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TargetError(f"{path}: not a valid TOML profile file: {error}") from None
    section = data.get(name)
    if not isinstance(section, dict):
        known = ", ".join(sorted(k for k, v in data.items() if isinstance(v, dict))) or "none"
        raise TargetError(f"target {name!r} is not defined in {path} (defined: {known})")
    production = bool(section.get("production", False))
    if production and not allow_production:
        raise TargetError(
            f"target {name!r} is a production environment; repeat --allow-production to test it"
        )
    base = path.parent
    endpoints = {
        registry: _endpoint(name, registry, value, base)
        for registry, value in section.items()
        if isinstance(value, dict) and registry != "test-data"
    }
    test_data = {str(k): str(v) for k, v in section.get("test-data", {}).items()}
    return Target(
        name=name,
        environment=str(section.get("environment", name)),
        production=production,
        endpoints=endpoints,
        test_data=test_data,
    )


def _endpoint(name: str, registry: str, value: dict[str, Any], base: Path) -> Endpoint:
    if "url" not in value:
        raise TargetError(f"target {name!r}: [{name}.{registry}] needs a url")

    def file(key: str) -> Path | None:
        if key not in value:
            return None
        path = (base / str(value[key])).resolve()
        if not path.is_file():
            raise TargetError(f"target {name!r}: {registry}.{key} file {path} not found")
        return path

    known = {"url", "client_cert", "client_key", "ca", "control_url"}
    return Endpoint(
        url=str(value["url"]),
        client_cert=file("client_cert"),
        client_key=file("client_key"),
        ca=file("ca"),
        control_url=value.get("control_url"),
        options={k: v for k, v in value.items() if k not in known},
    )


_SELECTED = pytest.StashKey[Target]()


def selected(config: pytest.Config) -> Target:
    """The target of this pytest run (cached on the config); a bad profile stops the run."""
    if _SELECTED not in config.stash:
        try:
            config.stash[_SELECTED] = load(
                config.getoption("target"),
                profile_file(config.getoption("targets_file")),
                allow_production=config.getoption("allow_production"),
            )
        except TargetError as error:
            raise pytest.UsageError(f"konform: {error}") from None
    return config.stash[_SELECTED]
