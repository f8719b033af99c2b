"""Targets: the embedded simulators (`sim`) or a named profile from targets.toml.

A profile names, per registry, the endpoint URL, the client certificate and key,
the CA to trust, an optional control API (a simulator started elsewhere), the
registry's own keys (STS keys, ID cards, CVRs, further URLs), and a test-data table
mapping roles to identifiers known in that environment. `REGISTRY_KEYS` lists every
key with its meaning; relative paths are relative to the profile file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SIM = "sim"
TEST_DATA = "test-data"


@dataclass(frozen=True)
class Key:
    """One key of a target profile: what it means, and whether it names a file."""

    meaning: str
    file: bool = False
    folder: bool = False


#: Keys of a profile's own table, `[<name>]`.
PROFILE_KEYS: dict[str, Key] = {
    "environment": Key("a label for the environment, shown in reports (default: the profile's name)"),
    "production": Key("true for a production environment: refused unless --allow-production is given"),
}

#: Keys every registry's table, `[<name>.<registry>]`, may hold.
COMMON_KEYS: dict[str, Key] = {
    "url": Key("the registry's service endpoint (required)"),
    "control_url": Key(
        "base URL of a konform simulator's control API (/_konform/); without it scenarios that "
        "arrange facts (@sim-only) are skipped"
    ),
    "client_cert": Key("client certificate (PEM) for mutual TLS", file=True),
    "client_key": Key("the client certificate's private key (PEM)", file=True),
    "ca": Key("CA certificate(s) (PEM) to trust for the endpoint's TLS", file=True),
}

_STS_KEYS: dict[str, Key] = {
    "sts_key": Key(
        "private key (PEM) of an STS the target trusts: konform mints ID cards with it", file=True
    ),
    "sts_cert": Key("that STS's certificate (PEM)", file=True),
    "untrusted_sts_key": Key("private key (PEM) of an STS the target must not trust", file=True),
    "untrusted_sts_cert": Key("that untrusted STS's certificate (PEM)", file=True),
}

#: Every key a registry's table may hold: registry → key → meaning. The one list of them:
#: steps and fixtures read nothing else, and the reference docs are checked against it.
REGISTRY_KEYS: dict[str, dict[str, Key]] = {
    "spor": {
        **COMMON_KEYS,
        "upload_url": Key("the file upload (raw XML body, with the client certificate)"),
        "no_certificate_url": Key('the "utan certifikat" entry (TLS without a client certificate)'),
        "untrusted_client_cert": Key(
            "a client certificate SPOR must refuse (PEM; default: one from a fresh, unknown CA)", file=True
        ),
        "untrusted_client_key": Key("its private key (PEM)", file=True),
        "system_id": Key("HSA-ID of a unit the environment knows, sent as SystemId"),
        "binding": Key(
            "a binding (TOML) placing SPOR's concepts in the registry's own schema, its files beside it: "
            "the suite writes and reads that schema (docs/reference/bindings.md)",
            file=True,
        ),
        "schema": Key("the folder of the binding's schema files (default: beside the binding)", folder=True),
    },
    "lar": {
        **COMMON_KEYS,
        **_STS_KEYS,
        "idcard": Key("a signed level-4 ID card (XML) to present when no sts_key is given", file=True),
        "idcard_level3": Key("a signed level-3 ID card (XML) to present when no sts_key is given", file=True),
        "cvr": Key("the whitelisted CVR konform's ID cards name (default 25520041)"),
        "foreign_cvr": Key("a valid CVR LAR has not whitelisted"),
    },
    "brs": {
        **COMMON_KEYS,
        **_STS_KEYS,
        "notification_url": Key(
            "the notificationQuery endpoint (default: <url host>/brs-nsp/service/notification)"
        ),
        "gos_notification_url": Key(
            "the GOS notification endpoint (default: <url host>/gos/service/notification)"
        ),
        "cvr": Key("the caller's whitelisted CVR (default 25520041)"),
        "other_cvr": Key("a second whitelisted CVR (the QueryableCvr of another caller)"),
        "unlisted_cvr": Key("a valid CVR that is not whitelisted"),
    },
    "sysvak": {
        **COMMON_KEYS,
        "binding": Key(
            "a binding (TOML) placing SYSVAK's concepts in the registry's own schema, its files beside "
            "it: the messages konform sends and reads are in that schema (docs/reference/bindings.md)",
            file=True,
        ),
        "schema": Key("the folder of the binding's schema files (default: beside the binding)", folder=True),
    },
}

#: Keys of `[<name>.test-data]`: identifiers the environment knows, by role.
TEST_DATA_KEYS: dict[str, Key] = {
    "spor_unit": Key("HSA-ID of a unit registered for you in SPOR (as spor.system_id)"),
}


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
    """The profile `name` from `path`; `sim` needs no file.

    Every key is checked against `PROFILE_KEYS`, `REGISTRY_KEYS` and `TEST_DATA_KEYS`: an
    unknown one is a TargetError naming the known ones. A file-valued key is a path relative
    to the profile file (absolute paths stay as they are) and must name an existing file.
    """
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
    _known_keys(name, f"[{name}]", section, {*PROFILE_KEYS, *REGISTRY_KEYS, TEST_DATA})
    production = section.get("production", False)
    if not isinstance(production, bool):
        raise TargetError(f"target {name!r}: production must be true or false, not {production!r}")
    if production and not allow_production:
        raise TargetError(
            f"target {name!r} is a production environment; repeat --allow-production to test it"
        )
    base = path.resolve().parent
    endpoints = {}
    for registry in REGISTRY_KEYS:
        if registry in section:
            endpoints[registry] = _endpoint(name, registry, _table(name, registry, section[registry]), base)
    test_data = _table(name, TEST_DATA, section.get(TEST_DATA, {}))
    _known_keys(name, f"[{name}.{TEST_DATA}]", test_data, set(TEST_DATA_KEYS))
    return Target(
        name=name,
        environment=_text(name, "environment", section.get("environment", name)),
        production=production,
        endpoints=endpoints,
        test_data={str(k): _text(name, f"{TEST_DATA}.{k}", v) for k, v in test_data.items()},
    )


def _table(name: str, key: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TargetError(f"target {name!r}: {key} must be a table ([{name}.{key}]), not {value!r}")
    return value


def _known_keys(name: str, where: str, table: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        keys = ", ".join(map(repr, unknown))
        raise TargetError(
            f"target {name!r}: {where} has unknown key {keys}; known keys: {', '.join(sorted(known))}"
        )


def _text(name: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise TargetError(f"target {name!r}: {key} must be a string (in quotes), not {value!r}")
    return value


def _endpoint(name: str, registry: str, value: dict[str, Any], base: Path) -> Endpoint:
    where = f"[{name}.{registry}]"
    keys = REGISTRY_KEYS[registry]
    _known_keys(name, where, value, set(keys))
    if "url" not in value:
        raise TargetError(f"target {name!r}: {where} needs a url")
    texts = {key: _text(name, f"{registry}.{key}", v) for key, v in value.items()}
    for key, text in texts.items():
        if keys[key].file:
            path = (base / text).resolve()
            if not path.is_file():
                raise TargetError(f"target {name!r}: {registry}.{key} file {path} not found")
            texts[key] = str(path)
        elif keys[key].folder:
            path = (base / text).resolve()
            if not path.is_dir():
                raise TargetError(f"target {name!r}: {registry}.{key} folder {path} not found")
            texts[key] = str(path)

    def file(key: str) -> Path | None:
        return Path(texts[key]) if key in texts else None

    return Endpoint(
        url=texts["url"],
        client_cert=file("client_cert"),
        client_key=file("client_key"),
        ca=file("ca"),
        control_url=texts.get("control_url"),
        options={k: v for k, v in texts.items() if k not in COMMON_KEYS},
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
