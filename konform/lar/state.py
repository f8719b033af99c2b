"""The LAR simulator's state in SQLite: allergy versions, consent, MinLog, and seen MessageIDs.

Every version of every allergy is kept (§4.2.1 "for hver allergi, returneres alle
versioner"); a version is never changed once written.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from konform import xml

SCHEMA = """
CREATE TABLE IF NOT EXISTS lar_allergies (
    identifier TEXT NOT NULL,
    version INTEGER NOT NULL,
    patient TEXT NOT NULL,
    status TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    xml TEXT NOT NULL,
    PRIMARY KEY (identifier, version)
);
CREATE INDEX IF NOT EXISTS lar_allergies_patient ON lar_allergies (patient, identifier, version);
CREATE TABLE IF NOT EXISTS lar_consent (
    patient TEXT PRIMARY KEY,
    negative INTEGER NOT NULL,
    withheld TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lar_minlog (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    patient TEXT NOT NULL,
    requester TEXT NOT NULL,
    consent_override INTEGER NOT NULL,
    overridden TEXT,
    care_provider TEXT NOT NULL,
    user TEXT,
    status TEXT NOT NULL,
    allergies INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lar_message_ids (
    message_id TEXT PRIMARY KEY,
    until TEXT NOT NULL
);
"""


def stamp(moment: datetime) -> str:
    """A UTC timestamp whose text order is its time order (for SQLite comparisons)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Version:
    """One stored version of an allergy."""

    identifier: str
    version: int
    patient: str
    status: str
    xml: str

    def element(self) -> etree._Element:
        return etree.fromstring(self.xml, xml.parser())


@dataclass(frozen=True)
class Consent:
    """A patient's consent facts (arranged through the control API): negative, or data-specific."""

    patient: str
    negative: bool = False
    withheld: frozenset[str] = field(default_factory=frozenset)

    def as_json(self) -> dict[str, object]:
        return {"patient": self.patient, "negative": self.negative, "withheld": sorted(self.withheld)}


class State:
    """Queries over the simulator's tables; the caller owns transactions."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- allergies ----------------------------------------------------------------------------
    def versions(self, identifier: str) -> list[Version]:
        rows = self.db.execute(
            "SELECT * FROM lar_allergies WHERE identifier = ? ORDER BY version", (identifier,)
        ).fetchall()
        return [_version(row) for row in rows]

    def newest(self, identifier: str) -> Version | None:
        found = self.versions(identifier)
        return found[-1] if found else None

    def of_patient(self, patient: str) -> list[Version]:
        """Every version of the patient's allergies: first registered first, then by version."""
        rows = self.db.execute(
            "SELECT a.* FROM lar_allergies a JOIN (SELECT identifier, MIN(rowid) AS first"
            " FROM lar_allergies WHERE patient = ? GROUP BY identifier) f"
            " ON a.identifier = f.identifier ORDER BY f.first, a.version",
            (patient,),
        ).fetchall()
        return [_version(row) for row in rows]

    def add(self, version: Version, last_updated: datetime) -> None:
        self.db.execute(
            "INSERT INTO lar_allergies (identifier, version, patient, status, last_updated, xml)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                version.identifier,
                version.version,
                version.patient,
                version.status,
                stamp(last_updated),
                version.xml,
            ),
        )

    def all(self) -> list[Version]:
        rows = self.db.execute("SELECT * FROM lar_allergies ORDER BY rowid").fetchall()
        return [_version(row) for row in rows]

    # -- consent ------------------------------------------------------------------------------
    def consent(self, patient: str) -> Consent | None:
        row = self.db.execute("SELECT * FROM lar_consent WHERE patient = ?", (patient,)).fetchone()
        if row is None:
            return None
        return Consent(row["patient"], bool(row["negative"]), frozenset(json.loads(row["withheld"])))

    def set_consent(self, consent: Consent) -> None:
        self.db.execute(
            "INSERT INTO lar_consent (patient, negative, withheld) VALUES (?, ?, ?) ON CONFLICT (patient)"
            " DO UPDATE SET negative = excluded.negative, withheld = excluded.withheld",
            (consent.patient, int(consent.negative), json.dumps(sorted(consent.withheld))),
        )

    def clear_consent(self, patient: str | None = None) -> None:
        if patient is None:
            self.db.execute("DELETE FROM lar_consent")
        else:
            self.db.execute("DELETE FROM lar_consent WHERE patient = ?", (patient,))

    def consents(self) -> list[Consent]:
        patients = [
            row["patient"] for row in self.db.execute("SELECT patient FROM lar_consent ORDER BY patient")
        ]
        return [c for c in (self.consent(p) for p in patients) if c is not None]

    # -- MinLog -------------------------------------------------------------------------------
    def log_access(self, **entry: object) -> None:
        names = ", ".join(entry)
        marks = ", ".join("?" for _ in entry)
        self.db.execute(f"INSERT INTO lar_minlog ({names}) VALUES ({marks})", tuple(entry.values()))

    def minlog(self) -> list[dict[str, object]]:
        rows = self.db.execute("SELECT * FROM lar_minlog ORDER BY id").fetchall()
        return [{**dict(row), "consent_override": bool(row["consent_override"])} for row in rows]

    def clear(self) -> None:
        for table in ("lar_allergies", "lar_consent", "lar_minlog", "lar_message_ids"):
            self.db.execute(f"DELETE FROM {table}")


class SqliteMessageIds:
    """The verifier's MessageID memory (MessageIdMemory) in SQLite: one check-and-set statement."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._inserts = 0

    def first_use(self, message_id: str, *, until: datetime, now: datetime) -> bool:
        # Inserts a new id, or takes over one whose card has expired; a live one is left alone (0 rows).
        cursor = self.db.execute(
            "INSERT INTO lar_message_ids (message_id, until) VALUES (?, ?) ON CONFLICT (message_id)"
            " DO UPDATE SET until = excluded.until WHERE lar_message_ids.until <= ?",
            (message_id, stamp(until), stamp(now)),
        )
        self._inserts += 1
        if self._inserts % 1000 == 0:
            self.db.execute("DELETE FROM lar_message_ids WHERE until <= ?", (stamp(now),))
        return cursor.rowcount == 1


def _version(row: sqlite3.Row) -> Version:
    return Version(row["identifier"], row["version"], row["patient"], row["status"], row["xml"])
