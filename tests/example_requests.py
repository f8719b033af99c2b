"""The ready requests of examples/requests/ and the snippets in their READMEs, as tests run them.

A README's ```python blocks are run in order in one namespace (later blocks use what earlier
ones defined) with the KONFORM_* variables the README names; its ```sh blocks that hold a
`curl` line are run by bash, blocks that start a simulator or mint a card are not (the test
has done that). Each block's stdout is returned for the test to judge.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "requests"
_BLOCK = re.compile(r"^```(?P<lang>[a-z]+)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


def fill_module() -> ModuleType:
    """examples/requests/fill.py, loaded as a module (it is a script, not part of konform)."""
    spec = importlib.util.spec_from_file_location("konform_example_fill", EXAMPLES / "fill.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def filled(name: str, card: bytes) -> bytes:
    """An examples/requests template with `card`, a fresh MessageID and the time filled in."""
    template = (EXAMPLES / name).read_text(encoding="utf-8")
    return bytes(fill_module().fill(template, card.decode("utf-8")).encode("utf-8"))


def files(registry: str) -> set[str]:
    """The request files of one registry's folder."""
    return {path.name for path in (EXAMPLES / registry).glob("*.xml")}


def blocks(registry: str, lang: str) -> list[str]:
    """The code blocks of one language in a registry's README, in order."""
    text = (EXAMPLES / registry / "README.md").read_text(encoding="utf-8")
    return [m.group("code") for m in _BLOCK.finditer(text) if m.group("lang") == lang]


def curl_blocks(registry: str) -> list[str]:
    return [block for block in blocks(registry, "sh") if "curl " in block]


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_python(registry: str, env: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run the README's Python blocks in order from the repository root; each block's stdout."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"examples_{registry}_readme"}
    outputs = []
    with _environment(env):
        for code in blocks(registry, "python"):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code, f"examples/requests/{registry}/README.md", "exec"), namespace)
            outputs.append(printed.getvalue())
    return outputs


def run_shell(registry: str, env: Mapping[str, str]) -> list[str]:
    """Run the README's curl blocks with bash from the repository root; each block's stdout."""
    if shutil.which("curl") is None or shutil.which("bash") is None:
        pytest.skip("curl or bash is not installed: the README's curl lines cannot be run here")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    outputs = []
    for code in curl_blocks(registry):
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", code],
            cwd=ROOT,
            env={**os.environ, **env, "PATH": path},
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"{code}\nexit {done.returncode}: {done.stderr.decode(errors='replace')}"
        outputs.append(done.stdout.decode("utf-8"))
    return outputs
