"""The SYSVAK simulator's data: FolkeregisterFHI copy, vaksinander uten ident, hendelser, log, reservations.

One SQLite file (konform/store.py, WAL). §3.4: person data are not copied into the
register; hendelser point at a vaksinand by key: ``fnr:<number>`` for a person in
FolkeregisterFHI, ``uid:<row>`` for the table of vaksinander without fødselsnummer/D-nummer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from konform.sysvak.model import Bostedsomrade, FregPerson, Hendelse, Ident, UtenIdent

SCHEMA = """
CREATE TABLE IF NOT EXISTS sysvak_persons (ident TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sysvak_uten_ident (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ident TEXT, data TEXT, linked TEXT, created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sysvak_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, vaksinand TEXT NOT NULL, data TEXT NOT NULL,
    unit TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sysvak_events_vaksinand ON sysvak_events (vaksinand);
CREATE TABLE IF NOT EXISTS sysvak_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event INTEGER NOT NULL, vaksinand TEXT NOT NULL,
    action TEXT NOT NULL, msg_id TEXT, at TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sysvak_reservations (ident TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sysvak_inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_id TEXT NOT NULL UNIQUE, received TEXT NOT NULL,
    body BLOB NOT NULL, response BLOB, processed TEXT
);
-- Every message asks for the waiting ones: without this the inbox (bodies and answers) is read whole.
CREATE INDEX IF NOT EXISTS sysvak_inbox_waiting ON sysvak_inbox (seq) WHERE response IS NULL;
"""
TABLES = (
    "sysvak_log",
    "sysvak_events",
    "sysvak_uten_ident",
    "sysvak_persons",
    "sysvak_reservations",
    "sysvak_inbox",
)


def fnr_key(number: str) -> str:
    return f"fnr:{number}"


def uid_key(row: int) -> str:
    return f"uid:{row}"


@dataclass(frozen=True)
class StoredEvent:
    id: int
    vaksinand: str
    hendelse: Hendelse
    unit: str


@dataclass(frozen=True)
class UtenIdentRow:
    """A vaksinand in the table of vaksinander without fødselsnummer/D-nummer (§3.4, §4.1)."""

    id: int
    ident: str | None  # a valid number not (yet) in FolkeregisterFHI, or an H-nummer
    data: UtenIdent | None
    linked: str | None


def uten_ident_json(data: UtenIdent | None) -> str | None:
    if data is None:
        return None
    values: dict[str, Any] = asdict(data)
    values["fodselsdato"] = data.fodselsdato.isoformat()
    return json.dumps(values, ensure_ascii=False)


def uten_ident_from_json(text: str | None) -> UtenIdent | None:
    if text is None:
        return None
    values = json.loads(text)
    values["fodselsdato"] = date.fromisoformat(values["fodselsdato"])
    values["bostedsomrade"] = Bostedsomrade(**values["bostedsomrade"]) if values["bostedsomrade"] else None
    values["omsorgspersoner"] = tuple(Ident(**g) for g in values["omsorgspersoner"])
    return UtenIdent(**values)


class Store:
    """Row access for the simulator; the caller owns transactions."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def clear(self) -> None:
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table}")

    # FolkeregisterFHI ------------------------------------------------------------------------
    def put_person(self, person: FregPerson) -> None:
        self.db.execute(
            "INSERT INTO sysvak_persons (ident, data) VALUES (?, ?)"
            " ON CONFLICT (ident) DO UPDATE SET data = excluded.data",
            (person.ident, json.dumps(person.as_json(), ensure_ascii=False)),
        )

    def person(self, ident: str) -> FregPerson | None:
        row = self.db.execute("SELECT data FROM sysvak_persons WHERE ident = ?", (ident,)).fetchone()
        return None if row is None else FregPerson.from_json(json.loads(row["data"]))

    def persons(self) -> list[FregPerson]:
        rows = self.db.execute("SELECT data FROM sysvak_persons ORDER BY ident").fetchall()
        return [FregPerson.from_json(json.loads(row["data"])) for row in rows]

    # vaksinander uten ident -------------------------------------------------------------------
    def add_uten_ident(self, ident: str | None, data: UtenIdent | None, at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO sysvak_uten_ident (ident, data, created) VALUES (?, ?, ?)",
            (ident, uten_ident_json(data), at),
        )
        return int(cursor.lastrowid or 0)

    def uten_ident(self, *, unlinked_only: bool = False) -> list[UtenIdentRow]:
        query = "SELECT * FROM sysvak_uten_ident" + (" WHERE linked IS NULL" if unlinked_only else "")
        rows = self.db.execute(query + " ORDER BY id").fetchall()
        return [UtenIdentRow(r["id"], r["ident"], uten_ident_from_json(r["data"]), r["linked"]) for r in rows]

    def link(self, row: int, number: str) -> None:
        """§4.1: a vaksinand without ident was found; its hendelser move to the fødselsnummer/D-nummer."""
        self.db.execute("UPDATE sysvak_uten_ident SET linked = ? WHERE id = ?", (number, row))
        self.db.execute(
            "UPDATE sysvak_events SET vaksinand = ? WHERE vaksinand = ?", (fnr_key(number), uid_key(row))
        )

    # hendelser and their log --------------------------------------------------------------------
    def events(self, vaksinand: str | None = None) -> list[StoredEvent]:
        where, args = (" WHERE vaksinand = ?", (vaksinand,)) if vaksinand else ("", ())
        rows = self.db.execute(f"SELECT * FROM sysvak_events{where} ORDER BY id", args).fetchall()
        return [
            StoredEvent(r["id"], r["vaksinand"], Hendelse.from_json(json.loads(r["data"])), r["unit"])
            for r in rows
        ]

    def insert_event(self, vaksinand: str, hendelse: Hendelse, unit: str, at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO sysvak_events (vaksinand, data, unit, created, updated) VALUES (?, ?, ?, ?, ?)",
            (vaksinand, json.dumps(hendelse.as_json(), ensure_ascii=False), unit, at, at),
        )
        return int(cursor.lastrowid or 0)

    def update_event(self, event: int, hendelse: Hendelse, unit: str, at: str) -> None:
        self.db.execute(
            "UPDATE sysvak_events SET data = ?, unit = ?, updated = ? WHERE id = ?",
            (json.dumps(hendelse.as_json(), ensure_ascii=False), unit, at, event),
        )

    def delete_event(self, event: int) -> None:
        self.db.execute("DELETE FROM sysvak_events WHERE id = ?", (event,))

    def log(
        self, event: int, vaksinand: str, action: str, msg_id: str | None, at: str, hendelse: Hendelse
    ) -> None:
        self.db.execute(
            "INSERT INTO sysvak_log (event, vaksinand, action, msg_id, at, data) VALUES (?, ?, ?, ?, ?, ?)",
            (event, vaksinand, action, msg_id, at, json.dumps(hendelse.as_json(), ensure_ascii=False)),
        )

    def log_entries(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM sysvak_log ORDER BY id").fetchall()
        return [{**dict(r), "data": json.loads(r["data"])} for r in rows]

    # reservations (§2.2) -----------------------------------------------------------------------
    def reserve(self, ident: str, at: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO sysvak_reservations (ident, at) VALUES (?, ?)", (ident, at))

    def reserved(self, ident: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM sysvak_reservations WHERE ident = ?", (ident,)).fetchone()
            is not None
        )

    def reservations(self) -> list[str]:
        return [r["ident"] for r in self.db.execute("SELECT ident FROM sysvak_reservations ORDER BY ident")]
