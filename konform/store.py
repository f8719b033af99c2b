"""Simulator persistence: one SQLite file per simulator, write-ahead logged.

WAL with synchronous=NORMAL keeps every committed transaction across a killed
process (kill -9); only a power loss could cost the last commits. A simulator
answers a request only after its transaction has committed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_database(path: Path, schema: str) -> sqlite3.Connection:
    """Open (or create) the database at `path` and apply `schema` (idempotent DDL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.executescript(RECEIVED_SCHEMA + schema)
    return connection


#: Every simulator records every message it receives, valid or not.
RECEIVED_SCHEMA = """
CREATE TABLE IF NOT EXISTS received (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    path TEXT NOT NULL,
    content_type TEXT,
    body BLOB NOT NULL,
    status INTEGER NOT NULL,
    response BLOB NOT NULL
);
"""


def record_received(
    connection: sqlite3.Connection,
    *,
    at: str,
    path: str,
    content_type: str | None,
    body: bytes,
    status: int,
    response: bytes,
) -> None:
    connection.execute(
        "INSERT INTO received (at, path, content_type, body, status, response) VALUES (?, ?, ?, ?, ?, ?)",
        (at, path, content_type, body, status, response),
    )


def received(connection: sqlite3.Connection, since: int = 0) -> list[dict[str, object]]:
    """Messages received with id > `since`, oldest first."""
    rows = connection.execute(
        "SELECT id, at, path, content_type, body, status, response FROM received WHERE id > ? ORDER BY id",
        (since,),
    ).fetchall()
    return [
        {
            "id": row["id"],
            "at": row["at"],
            "path": row["path"],
            "content_type": row["content_type"],
            "body": bytes(row["body"]).decode("utf-8", "replace"),
            "status": row["status"],
            "response": bytes(row["response"]).decode("utf-8", "replace"),
        }
        for row in rows
    ]
