"""Reachability first: a target that does not answer ends certify at once, in one line, exit 2."""

from __future__ import annotations

import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from konform import pki, reachability, targets

ROOT = Path(__file__).resolve().parents[2]
SPOR_PATH = "/spor/ws/4_1/RegistrationService"


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def profile(tmp_path: Path, url: str, **keys: str) -> Path:
    lines = [
        "[x]",
        "[x.spor]",
        f"url = {json.dumps(url)}",
        *(f"{k} = {json.dumps(v)}" for k, v in keys.items()),
    ]
    path = tmp_path / "targets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def certify(
    tmp_path: Path, targets_file: Path, *extra: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "konform", "certify", "--registry", "spor", "--target", "x"]
    command += ["--targets-file", str(targets_file), "--reports", str(tmp_path / "reports"), *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


class Wsdl(http.server.BaseHTTPRequestHandler):
    """Answers `?wsdl` with a WSDL document (or 404 where `missing`), and nothing else."""

    missing = False

    def do_GET(self) -> None:
        found = self.path.endswith("?wsdl") and not self.missing
        body = b'<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"/>' if found else b"not here"
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def http_server(handler: type[Wsdl], context: ssl.SSLContext | None = None) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if context else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}{SPOR_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_closed_port_ends_certify_in_seconds_with_one_line(tmp_path: Path) -> None:
    url = f"https://127.0.0.1:{closed_port()}{SPOR_PATH}"
    started = time.monotonic()
    run = certify(tmp_path, profile(tmp_path, url), timeout=60)
    took = time.monotonic() - started
    assert run.returncode == 2, run.stdout + run.stderr
    assert took < 30, f"certify took {took:.1f} s to give up on a closed port"
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("konform: target 'x' is not reachable: spor endpoint " + url)
    assert "refused" in lines[0]
    assert "passed" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "reports" / "evidence").exists()


def test_a_closed_port_in_json_is_one_object_and_exit_2(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}{SPOR_PATH}"
    run = certify(tmp_path, profile(tmp_path, url), "--format", "json", timeout=60)
    assert run.returncode == 2
    data = json.loads(run.stdout)
    assert data["exit_code"] == 2 and data["verdict"] == "not run" and url in data["error"]


def test_an_answering_endpoint_with_its_wsdl_is_reachable(tmp_path: Path) -> None:
    with http_server(Wsdl) as url:
        target = targets.load("x", profile(tmp_path, url))
        reachability.check(target, ["spor"])


def test_a_missing_wsdl_where_the_document_promises_one_names_the_status(tmp_path: Path) -> None:
    class Missing(Wsdl):
        missing = True

    with http_server(Missing) as url:
        target = targets.load("x", profile(tmp_path, url))
        with pytest.raises(reachability.Unreachable) as failure:
            reachability.check(target, ["spor"])
    assert str(failure.value).startswith(f"spor endpoint {url}: ?wsdl answered HTTP 404")


def test_a_server_certificate_the_profile_does_not_trust_fails_the_handshake(tmp_path: Path) -> None:
    ours, theirs = pki.create(tmp_path / "ours"), pki.create(tmp_path / "theirs")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(theirs.server_cert, theirs.server_key)
    with http_server(Wsdl, context) as url:
        target = targets.load("x", profile(tmp_path, url, ca=str(ours.ca)))
        with pytest.raises(reachability.Unreachable) as failure:
            reachability.check(target, ["spor"])
        assert "TLS handshake failed" in str(failure.value)
        trusted = targets.load("x", profile(tmp_path, url, ca=str(theirs.ca)))
        reachability.check(trusted, ["spor"])


def test_every_url_of_the_profile_is_tried(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/spor/upload"
    with http_server(Wsdl) as url:
        target = targets.load("x", profile(tmp_path, url, upload_url=dead))
        assert [c.url for c in reachability.checks(target, ["spor"])] == [url, dead]
        with pytest.raises(
            reachability.Unreachable, match=r"spor endpoint http://127\.0\.0\.1:\d+/spor/upload"
        ):
            reachability.check(target, ["spor"])


def test_a_target_that_stops_answering_during_the_run_ends_in_one_line(tmp_path: Path) -> None:
    """The endpoint answers the reachability check, then is gone: no tracebacks, exit 2."""
    url, server = _answer_the_check_then_close()
    run = certify(tmp_path, profile(tmp_path, url))
    server.join(timeout=5)
    assert run.returncode == 2, run.stdout[-3000:] + run.stderr
    assert run.stderr.splitlines()[-1].startswith(
        f"konform: the target stopped answering during the run: spor endpoint {url}: TCP connection"
    )
    assert "Traceback" not in run.stdout + run.stderr
    assert "Could not be judged (" in run.stdout
    assert (tmp_path / "reports" / "coverage.json").exists()


def _answer_the_check_then_close() -> tuple[str, threading.Thread]:
    """A listener that answers connections until it has served `?wsdl` once, then closes:
    every later connection is refused."""
    listener = socket.create_server(("127.0.0.1", 0))
    body = b'<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"/>'

    def serve() -> None:
        with listener:
            while True:
                connection, _ = listener.accept()
                with connection:
                    request = connection.recv(65536)
                    if b"?wsdl" in request.split(b"\r\n", 1)[0]:
                        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                        connection.sendall(head.encode() + body)
                        return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}{SPOR_PATH}", thread
