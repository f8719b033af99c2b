"""The BRS simulator's state in SQLite: whitelist, MessageIDs, relation facts, follow-ups, notifications.

Times are stored as epoch seconds (UTC) so that SQL compares them; the texts a
notification shows are stored as rendered when the follow-up was ordered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from konform.brs.relations import RelationFact

SCHEMA = """
CREATE TABLE IF NOT EXISTS brs_whitelist (cvr TEXT PRIMARY KEY, added TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS brs_message_ids (message_id TEXT PRIMARY KEY, until REAL NOT NULL);
CREATE TABLE IF NOT EXISTS brs_relations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient TEXT NOT NULL, professional TEXT NOT NULL, org_kind TEXT NOT NULL, org_value TEXT NOT NULL,
    category TEXT NOT NULL, start REAL NOT NULL, end REAL NOT NULL, known_from REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS brs_followups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    serial INTEGER NOT NULL,
    unique_id TEXT NOT NULL, external_id TEXT NOT NULL, queryable_cvr TEXT NOT NULL,
    patient TEXT NOT NULL, professional TEXT NOT NULL, org_kind TEXT NOT NULL, org_value TEXT NOT NULL,
    acceptable TEXT NOT NULL,
    time_limit REAL NOT NULL, time_limit_text TEXT NOT NULL,
    lookup_start REAL NOT NULL, lookup_end REAL NOT NULL,
    lookup_start_text TEXT NOT NULL, lookup_end_text TEXT NOT NULL,
    request TEXT NOT NULL, ordered_at REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX IF NOT EXISTS brs_followups_due ON brs_followups (status, time_limit);
CREATE TABLE IF NOT EXISTS brs_notifications (
    serial INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL, cvr TEXT NOT NULL,
    followup_id INTEGER NOT NULL REFERENCES brs_followups (id) ON DELETE CASCADE,
    actual TEXT NOT NULL, created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS brs_notifications_cvr ON brs_notifications (cvr, serial);
CREATE TABLE IF NOT EXISTS brs_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

TABLES = ("brs_notifications", "brs_followups", "brs_relations", "brs_message_ids", "brs_whitelist")


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class BrsState:
    """Queries over one simulator's SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT; rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def clear(self) -> None:
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("DELETE FROM brs_counters")
        self.db.execute(f"DELETE FROM sqlite_sequence WHERE name IN {TABLES}")

    # -- whitelist (not_authorized) ---------------------------------------------------------
    def whitelist(self, cvrs: Iterable[str], now: datetime) -> None:
        rows = [(cvr, now.isoformat()) for cvr in cvrs]
        self.db.executemany("INSERT OR IGNORE INTO brs_whitelist (cvr, added) VALUES (?, ?)", rows)

    def whitelisted(self) -> list[str]:
        return [row["cvr"] for row in self.db.execute("SELECT cvr FROM brs_whitelist ORDER BY cvr")]

    def is_whitelisted(self, cvr: str) -> bool:
        return self.db.execute("SELECT 1 FROM brs_whitelist WHERE cvr = ?", (cvr,)).fetchone() is not None

    # -- relation facts -----------------------------------------------------------------------
    def add_relation(self, fact: RelationFact, known_from: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO brs_relations (patient, professional, org_kind, org_value, category, start, end,"
            " known_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fact.patient,
                fact.professional,
                fact.organisation.kind,
                fact.organisation.value,
                fact.category,
                epoch(fact.start),
                epoch(fact.end),
                epoch(known_from),
            ),
        )
        return int(cursor.lastrowid or 0)

    def found(self, who: tuple[str, str, str, str], start: float, end: float, known_by: float) -> list[str]:
        """Categories of the relations of (patient, professional, org kind, org value) whose
        interval meets [start, end] and that BRS knew by `known_by`."""
        rows = self.db.execute(
            "SELECT category FROM brs_relations WHERE patient = ? AND professional = ? AND org_kind = ?"
            " AND org_value = ? AND start <= ? AND end >= ? AND known_from <= ? ORDER BY id",
            (*who, end, start, known_by),
        )
        return [row["category"] for row in rows]

    def relations(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute("SELECT * FROM brs_relations ORDER BY id")]

    # -- follow-ups and notifications --------------------------------------------------------------
    def next_counter(self, name: str) -> int:
        self.db.execute(
            "INSERT INTO brs_counters (name, value) VALUES (?, 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1",
            (name,),
        )
        return int(self.db.execute("SELECT value FROM brs_counters WHERE name = ?", (name,)).fetchone()[0])

    def order_followup(self, values: dict[str, Any]) -> int:
        """Store a pending follow-up; its TreatmentRelationFollowupSerialNumber."""
        serial = self.next_counter("followup")
        row = {**values, "serial": serial, "acceptable": json.dumps(list(values["acceptable"]))}
        names = ", ".join(row)
        self.db.execute(
            f"INSERT INTO brs_followups ({names}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        return serial

    def due(self, now: float) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM brs_followups WHERE status = 'pending' AND time_limit <= ?"
            " ORDER BY time_limit, id",
            (now,),
        ).fetchall()

    def settle(self, followup_id: int, status: str) -> None:
        self.db.execute("UPDATE brs_followups SET status = ? WHERE id = ?", (status, followup_id))

    def notify(self, followup_id: int, cvr: str, actual: Iterable[str], now: float) -> int:
        cursor = self.db.execute(
            "INSERT INTO brs_notifications (type, cvr, followup_id, actual, created)"
            " VALUES ('BRS', ?, ?, ?, ?)",
            (cvr, followup_id, json.dumps(list(actual)), now),
        )
        return int(cursor.lastrowid or 0)

    def notifications(
        self, *, cvr: str | None, at_least: int, limit: int | None, type_: str = "BRS"
    ) -> list[sqlite3.Row]:
        """Notifications (joined with their follow-up) with serial ≥ `at_least`, ascending."""
        query = (
            "SELECT n.serial AS notification_serial, n.type, n.cvr, n.actual, f.* FROM brs_notifications n"
            " JOIN brs_followups f ON f.id = n.followup_id WHERE n.type = ? AND n.serial >= ?"
        )
        parameters: list[Any] = [type_, at_least]
        if cvr is not None:
            query += " AND n.cvr = ?"
            parameters.append(cvr)
        query += " ORDER BY n.serial" + (" LIMIT ?" if limit is not None else "")
        if limit is not None:
            parameters.append(limit)
        return self.db.execute(query, parameters).fetchall()

    def followups(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM brs_followups ORDER BY id").fetchall()
        return [{**dict(row), "acceptable": json.loads(row["acceptable"])} for row in rows]

    def copy_cvr(self, old: str, new: str, *, move: bool) -> tuple[int, int]:
        """The certificate change: alarms and notifications of `old` copied (or moved) to `new`.

        Returns how many follow-ups and notifications now belong to `new` because of it.
        """
        if move:
            alarms = self.db.execute(
                "UPDATE brs_followups SET queryable_cvr = ? WHERE queryable_cvr = ?", (new, old)
            )
            notes = self.db.execute("UPDATE brs_notifications SET cvr = ? WHERE cvr = ?", (new, old))
            return alarms.rowcount, notes.rowcount
        copies: dict[int, int] = {}
        columns = [
            row["name"] for row in self.db.execute("PRAGMA table_info(brs_followups)") if row["name"] != "id"
        ]
        for row in self.db.execute(
            "SELECT * FROM brs_followups WHERE queryable_cvr = ? ORDER BY id", (old,)
        ).fetchall():
            values = {name: row[name] for name in columns} | {"queryable_cvr": new}
            cursor = self.db.execute(
                f"INSERT INTO brs_followups ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            copies[row["id"]] = int(cursor.lastrowid or 0)
        notified = self.db.execute(
            "SELECT * FROM brs_notifications WHERE cvr = ? ORDER BY serial", (old,)
        ).fetchall()
        for row in notified:
            self.db.execute(
                "INSERT INTO brs_notifications (type, cvr, followup_id, actual, created)"
                " VALUES (?, ?, ?, ?, ?)",
                (row["type"], new, copies[row["followup_id"]], row["actual"], row["created"]),
            )
        return len(copies), len(notified)


class SqliteMessageIds:
    """The verifier's MessageID memory (replays refused) in the simulator's database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def first_use(self, message_id: str, *, until: datetime, now: datetime) -> bool:
        self.db.execute("DELETE FROM brs_message_ids WHERE until <= ?", (epoch(now),))
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO brs_message_ids (message_id, until) VALUES (?, ?)",
            (message_id, epoch(until)),
        )
        return cursor.rowcount == 1


class Whitelist:
    """The CVR whitelist as the Container the DGWS verifier asks (`cvr in whitelist`)."""

    def __init__(self, state: BrsState, allow: Any = None) -> None:
        self.state = state
        self.allow = allow

    def __contains__(self, cvr: object) -> bool:
        if self.allow is not None and self.allow():
            return True
        return isinstance(cvr, str) and self.state.is_whitelisted(cvr)
