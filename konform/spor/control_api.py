"""The SPOR simulator's tables, its control API (/_konform/spor/…) and its write transactions."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

TABLES = """
CREATE TABLE IF NOT EXISTS spor_units (
    system_id TEXT PRIMARY KEY,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS spor_registrations (
    behandlingsnummer TEXT PRIMARY KEY,
    system_id TEXT NOT NULL,
    xml TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS spor_fellista (
    behandlingsnummer TEXT PRIMARY KEY
        REFERENCES spor_registrations (behandlingsnummer) ON DELETE CASCADE,
    reasons TEXT NOT NULL,
    since TEXT NOT NULL
);
"""


class Transaction:
    """BEGIN IMMEDIATE … COMMIT under `lock`, rolled back on any exception."""

    def __init__(self, connection: sqlite3.Connection, lock: threading.Lock) -> None:
        self.connection = connection
        self.lock = lock

    def __enter__(self) -> None:
        self.lock.acquire()
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        try:
            self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.lock.release()


class SporControlApi:
    """Known units, the Fellista and the stored registrations, read and arranged over HTTP."""

    db: sqlite3.Connection
    writing: threading.Lock

    def add_units(self, system_ids: Iterable[str]) -> None:
        raise NotImplementedError

    def control_routes(self) -> list[BaseRoute]:
        """/_konform/spor/: known units, the Fellista and the stored registrations."""
        return [
            Route("/_konform/spor/units", self._units, methods=["GET", "POST"]),
            Route("/_konform/spor/fellista", self._fellista, methods=["GET"]),
            Route("/_konform/spor/registrations", self._registrations, methods=["GET"]),
            Route("/_konform/spor/registrations/{number}", self._registrations, methods=["GET"]),
        ]

    async def _units(self, request: Request) -> Response:
        if request.method == "POST":
            data = await request.json()
            given = data.get("units", [data.get("systemId")]) if isinstance(data, dict) else None
            if not given or not all(isinstance(unit, str) and unit for unit in given):
                return JSONResponse({"error": 'send {"systemId": "<HSA-ID>"} or {"units": [...]}'}, 400)
            with self.writing:
                self.add_units(given)
        rows = self.db.execute("SELECT system_id FROM spor_units ORDER BY system_id").fetchall()
        return JSONResponse({"units": [row["system_id"] for row in rows]})

    async def _fellista(self, request: Request) -> Response:
        rows = self.db.execute("SELECT * FROM spor_fellista ORDER BY since, behandlingsnummer").fetchall()
        entries = [{**dict(row), "reasons": json.loads(row["reasons"])} for row in rows]
        return JSONResponse({"fellista": entries})

    async def _registrations(self, request: Request) -> Response:
        number = request.path_params.get("number")
        query = "SELECT * FROM spor_registrations"
        rows = self.db.execute(
            query + (" WHERE behandlingsnummer = ?" if number else " ORDER BY created, behandlingsnummer"),
            (number,) if number else (),
        ).fetchall()
        found = [dict(row) for row in rows]
        if number is None:
            return JSONResponse({"registrations": found})
        if not found:
            return JSONResponse({"error": f"no registration with behandlingsnummer {number}"}, 404)
        return JSONResponse(found[0])
