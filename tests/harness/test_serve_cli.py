"""`konform serve`: it keeps the ports it got the first time in --folder (a restart serves the same
URLs), logs refused TLS handshakes, and says only the URL and the control API's warning with -q."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.serving import ROOT, serving


def urls(state: dict[str, object]) -> tuple[object, ...]:
    return tuple(state[key] for key in ("url", "no_certificate_url", "control_url") if key in state)


def test_serve_spor_started_twice_on_one_folder_gives_the_same_urls(tmp_path: Path) -> None:
    with serving("spor", tmp_path) as first:
        kept = urls(first.state)
    with serving("spor", tmp_path, "--port", "0", "--no-cert-port", "0") as elsewhere:
        moved = urls(elsewhere.state)
    with serving("spor", tmp_path) as again:
        restarted = urls(again.state)
    assert len(kept) == 3 and kept[0] != kept[1]
    assert restarted == kept
    assert moved[0] != kept[0], "--port 0 takes any free port, not the kept one"
    ports = json.loads((tmp_path / "sim" / "ports.json").read_text(encoding="utf-8"))
    assert str(ports["port"]) in str(kept[0]) and str(ports["no_cert_port"]) in str(kept[1])


def test_serve_sysvak_restarted_on_its_folder_keeps_its_url(tmp_path: Path) -> None:
    with serving("sysvak", tmp_path) as first:
        kept = first.state["url"]
    with serving("sysvak", tmp_path) as again:
        assert again.state["url"] == kept


def test_a_kept_port_that_is_taken_is_exit_2_in_one_line_naming_it(tmp_path: Path) -> None:
    with serving("sysvak", tmp_path) as running:
        port = json.loads((tmp_path / "sim" / "ports.json").read_text(encoding="utf-8"))["port"]
        command = [sys.executable, "-m", "konform", "serve", "sysvak", "--folder", str(tmp_path / "sim")]
        second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert running.process.poll() is None, "the first simulator must still be serving"
    assert second.returncode == 2
    (line,) = second.stderr.splitlines()
    assert line.startswith(f"konform: port {port} (kept in {tmp_path / 'sim' / 'ports.json'} from an earlier")
    assert "--port 0" in line
    assert "Traceback" not in second.stderr


def test_a_given_port_that_is_taken_is_exit_2_in_one_line_naming_it(tmp_path: Path) -> None:
    with serving("sysvak", tmp_path / "first") as running:
        port = str(running.state["url"]).rsplit(":", 1)[1].split("/")[0]
        command = [sys.executable, "-m", "konform", "serve", "sysvak", "--folder", str(tmp_path / "second")]
        second = subprocess.run(
            [*command, "--port", port], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"konform: port {port} (given) is in use: stop what listens there, or give --port 0 for any free port"
    ]


def test_serve_spor_logs_a_handshake_without_a_client_certificate_naming_the_peer_and_rule(
    tmp_path: Path,
) -> None:
    with serving("spor", tmp_path) as served:
        with requests.Session() as session, pytest.raises(requests.ConnectionError):
            session.trust_env = False
            session.get(served.state["url"], verify=served.state["ca"], timeout=30)
        log = served.log.read_text(encoding="utf-8")
    peer = r"127\.0\.0\.1:\d+"
    rule = r"refused \(SPOR-3\.1-MTLS\)"
    line = rf"konform serve: TLS handshake without a client certificate from {peer}: {rule}"
    assert re.search(line, log), log


def test_quiet_serve_says_only_the_url_and_that_the_control_api_is_on(tmp_path: Path) -> None:
    with serving("sysvak", tmp_path, "-q") as served:
        url = served.state["url"]
    lines = served.log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == url
    assert lines[1].startswith("CONTROL API IS ON at ")
    assert len(lines) == 2, lines
