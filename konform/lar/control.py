"""The LAR simulator's control API under /_konform/lar/: arrange consent and outages, read state.

`PUT consent` {"patient": CPR, "negative": bool, "withheld": [identifier…]} (negative or
data-specific consent), `DELETE consent[?patient=CPR]`; `PUT backends` {"down": [brs,
samtykke, msb, cave, minlog]}; `GET minlog`; `GET allergies[?patient=CPR][&identifier=ID]`
(every stored version); `PUT whitelist` {"cvrs": [CVR…] or null for any}; `GET sts` (the
trusted STS certificates). The shared routes (clock, fault, received, reset) come from
konform/simulator.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from konform.lar.service import BACKENDS
from konform.lar.state import Consent

if TYPE_CHECKING:
    from konform.lar.simulator import LarSimulator

Endpoint = Callable[[Request], Awaitable[Response]]
BASE = "/_konform/lar"


def routes(simulator: LarSimulator) -> list[BaseRoute]:
    return [
        Route(f"{BASE}/consent", _consent(simulator), methods=["GET", "PUT", "DELETE"]),
        Route(f"{BASE}/backends", _backends(simulator), methods=["GET", "PUT"]),
        Route(f"{BASE}/minlog", _minlog(simulator), methods=["GET"]),
        Route(f"{BASE}/allergies", _allergies(simulator), methods=["GET"]),
        Route(f"{BASE}/whitelist", _whitelist(simulator), methods=["GET", "PUT"]),
        Route(f"{BASE}/sts", _sts(simulator), methods=["GET"]),
    ]


def _error(text: str) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=400)


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


def _consent(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        state = simulator.state
        if request.method == "PUT":
            data = await _json(request)
            patient = data.get("patient") if isinstance(data, dict) else None
            withheld = data.get("withheld", []) if isinstance(data, dict) else None
            if not isinstance(patient, str) or not patient or not isinstance(withheld, list):
                return _error(
                    'send {"patient": "<CPR>", "negative": true|false, "withheld": ["<identifier>"]}'
                )
            state.set_consent(Consent(patient, bool(data.get("negative")), frozenset(map(str, withheld))))
        elif request.method == "DELETE":
            state.clear_consent(request.query_params.get("patient"))
        return JSONResponse({"consent": [consent.as_json() for consent in state.consents()]})

    return endpoint


def _backends(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        if request.method == "PUT":
            data = await _json(request)
            down = data.get("down") if isinstance(data, dict) else None
            if not isinstance(down, list) or not set(down) <= set(BACKENDS):
                return _error(f'send {{"down": [...]}} naming some of {", ".join(BACKENDS)}')
            simulator.down.clear()
            simulator.down.update(down)
        return JSONResponse({"down": sorted(simulator.down), "backends": BACKENDS})

    return endpoint


def _minlog(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return JSONResponse({"minlog": simulator.state.minlog()})

    return endpoint


def _allergies(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        patient, identifier = request.query_params.get("patient"), request.query_params.get("identifier")
        versions = simulator.state.of_patient(patient) if patient else simulator.state.all()
        found = [vars(v) for v in versions if identifier is None or v.identifier == identifier]
        return JSONResponse({"allergies": found})

    return endpoint


def _whitelist(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        if request.method == "PUT":
            data = await _json(request)
            cvrs = data.get("cvrs", ...) if isinstance(data, dict) else ...
            if cvrs is not None and not (isinstance(cvrs, list) and all(isinstance(c, str) for c in cvrs)):
                return _error('send {"cvrs": ["<CVR>", …]} or {"cvrs": null} to authorise any CVR')
            simulator.whitelist.cvrs = None if cvrs is None else frozenset(cvrs)
        current = simulator.whitelist.cvrs
        return JSONResponse({"cvrs": None if current is None else sorted(current)})

    return endpoint


def _sts(simulator: LarSimulator) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        trusted = [
            {"subject": cert.subject.rfc4514_string(), "sha256": cert.fingerprint(hashes.SHA256()).hex(":")}
            for cert in simulator.trusted
        ]
        return JSONResponse({"trusted_sts": trusted})

    return endpoint
