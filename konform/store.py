"""Simulator persistence: one SQLite file per simulator, write-ahead logged.

WAL with synchronous=NORMAL keeps every committed transaction across a killed
process (kill -9); only a power loss or an operating-system crash could cost the
last commits. A simulator answers a request only after its transaction has
committed (BEGIN IMMEDIATE … COMMIT around each write, autocommit otherwise).

Why that holds: in WAL mode a COMMIT appends the transaction's pages and a commit
frame to the `-wal` file with write(2) before it returns. synchronous=NORMAL skips
the fsync at that point (SQLite syncs the log only at checkpoints), so the frames
sit in the kernel's page cache – which belongs to the kernel, not to the process,
and is written out whether or not the process is still alive. The next connection
to open the file replays every complete commit from the log; a transaction cut off
mid-write has no commit frame and is ignored, so nothing half-written appears.
What synchronous=NORMAL gives up is durability against losing the page cache
itself (power, kernel), where the database stays consistent but may roll back to
an earlier commit; FULL would fsync on every commit for that, at a cost a test
environment does not need. tests/hardening/test_kill.py checks the process-crash
half per simulator: kill -9 under load, restart, every acknowledged write there.
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
