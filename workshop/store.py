"""Workshops kept in a database: every change saved at once, nothing lost.

One database holds every workshop: an embedded SQLite file by default (`default_path()`),
or, for a hosted app with several servers, a PostgreSQL database named by a
`postgresql://` address (`PMO_AUDITOR_DB`, see `default_location()`; databases.py says
what differs between the two). Each workshop is a set of fields (see `workshop.model`), each with a version
that grows by one on every save. A save names the version the editor last saw: when the
field moved on since (another person saved it), the save is refused and a `Conflict`
says who changed it, to what, and when, so nobody's work is overwritten silently. Saves
to different fields never conflict, so two people deciding about different services
both keep their decisions.

Durability: every save is one transaction (in SQLite `BEGIN IMMEDIATE` ... `COMMIT` in
write-ahead-log mode with `synchronous=FULL`; in PostgreSQL a synchronous commit holding
the workshop's row), so a server killed mid-write leaves each workshop as it was before
or after the save, never half written. Every save is also
appended to a change log, which is how "last saved" and the history are answered.

Workshop ids are 128 random bits (`secrets.token_urlsafe`), so they cannot be guessed or
enumerated; every query names the workshop, so one workshop's data never reaches
another's page. A database that cannot be opened or written raises `StoreError` with a
sentence a PMO manager can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.errors import PmoAuditorError
from catalogue.model import Upload

from .databases import Connection, PostgresDatabase, SQLiteDatabase, is_postgres
from .model import SourceFile, WorkshopState, fields_from_state, state_from_fields

ENV_VAR = "PMO_AUDITOR_DB"
WORKBOOK = "workbook"  # the field naming the workbook(s) being audited
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")



class StoreError(PmoAuditorError):
    """The workshop database cannot be read or written; the message says what to do."""

    code = "workshop-store-error"


class WorkshopNotFound(StoreError):
    """No workshop has this id (or the id is not one this store could have made)."""

    code = "workshop-not-found"


def default_path() -> Path:
    """Where workshops live: $PMO_AUDITOR_DB, else the user's data folder."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip() or Path.home() / ".local" / "share"
    return Path(base) / "pmo-auditor" / "workshops.sqlite3"


def default_location() -> str | Path:
    """Where workshops live: a `postgresql://` address in $PMO_AUDITOR_DB, else the file
    `default_path()` names."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if is_postgres(configured):
        return configured
    return default_path()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def parse_time(text: str) -> dt.datetime:
    """A saved time as an aware datetime (UTC)."""
    return dt.datetime.fromisoformat(text)


@dataclass(frozen=True)
class Saved:
    """A field saved: its new version and when."""

    key: str
    version: int
    saved_at: str


@dataclass(frozen=True)
class Conflict:
    """A save refused: the field changed since the editor saw it."""

    key: str
    yours: Any
    theirs: Any
    their_version: int
    saved_at: str
    saved_by: str


@dataclass(frozen=True)
class FieldValue:
    value: Any
    version: int
    saved_at: str
    saved_by: str


@dataclass(frozen=True)
class Workbook:
    """The workbook(s) a workshop audits, as its "workbook" field names them."""

    workbook: SourceFile
    mandate: SourceFile | None = None
    is_sample: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"name": self.workbook.name, "digest": self.workbook.digest,
                "mandate_name": self.mandate.name if self.mandate else None,
                "mandate_digest": self.mandate.digest if self.mandate else None,
                "is_sample": self.is_sample}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Workbook:
        mandate = (SourceFile(data["mandate_name"], data["mandate_digest"])
                   if data.get("mandate_digest") else None)
        return cls(SourceFile(data["name"], data["digest"]), mandate, bool(data.get("is_sample")))


@dataclass(frozen=True)
class Workshop:
    """A workshop as last saved: its state, and each field's version."""

    id: str
    created_at: str
    fields: Mapping[str, FieldValue]
    state: WorkshopState
    saved_at: str  # the last save of any field
    revision: int = 0  # the change log's position after the last save; 0 for a snapshot

    def version(self, key: str) -> int:
        """The field's version (0: never saved)."""
        found = self.fields.get(key)
        return found.version if found else 0

    @property
    def versions(self) -> dict[str, int]:
        return {key: f.version for key, f in self.fields.items()}


@dataclass(frozen=True)
class SnapshotInfo:
    id: str
    name: str
    created_at: str


@dataclass(frozen=True)
class WorkshopInfo:
    """A workshop in the list the consultant's own machine shows (`python -m workshop list`)."""

    id: str
    title: str
    created_at: str
    saved_at: str
    snapshots: int


@dataclass(frozen=True)
class Change:
    """One save, as the change log keeps it."""

    key: str
    value: Any
    version: int
    saved_at: str
    saved_by: str = field(default="")


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class WorkshopStore:
    """Workshops in one database. Safe to share between threads and processes.

    `location` is an SQLite file's path, or a `postgresql://` address; by default
    `default_location()`. Each call takes a connection for itself and gives it back.
    """

    def __init__(self, location: str | Path | None = None) -> None:
        location = default_location() if location is None else location
        self._db: SQLiteDatabase | PostgresDatabase
        if is_postgres(location):
            self._db = PostgresDatabase(str(location), self._error)
        else:
            self._db = SQLiteDatabase(Path(location), self._error)

    @property
    def path(self) -> Path:
        """The SQLite file (an SQLite store only)."""
        if not isinstance(self._db, SQLiteDatabase):
            raise AttributeError("a PostgreSQL store has no file; see `location`")
        return self._db.path

    @property
    def location(self) -> str:
        """Where the workshops are, as it may be shown (a PostgreSQL password hidden)."""
        return self._db.name

    def exists_on_disk(self) -> bool:
        """Whether there is a database yet (a PostgreSQL server is taken to be there)."""
        return not isinstance(self._db, SQLiteDatabase) or self._db.path.exists()

    def close(self) -> None:
        """Give back the connections this store keeps open (PostgreSQL's pool)."""
        self._db.close()

    # -- connections -----------------------------------------------------------------

    def _connect(self):
        return self._db.connect()

    def _transaction(self):
        return self._db.transaction()

    def _error(self, what: str, error: Exception) -> StoreError:
        if isinstance(getattr(self, "_db", None), PostgresDatabase):
            return StoreError(
                f"The workshop database {self._db.name} could not be {what} ({error}). "
                f"Nothing from this change was saved. Check that the PostgreSQL server is "
                f"running and reachable, and that {ENV_VAR} names the right database and "
                f"user; then try again.")
        return StoreError(
            f"The workshop database {self._db.name} could not be {what} ({error}). Nothing "
            f"from this change was saved. Check that the folder exists, is writable and "
            f"has free space, or set {ENV_VAR} to another file; then try again.")

    # -- workshops -------------------------------------------------------------------

    def create(self, state: WorkshopState, workbook: Upload,
               mandate_workbook: Upload | None = None, *,
               is_sample: bool = False, author: str = "") -> str:
        """Save a new workshop holding this state and workbook(s); its id."""
        workshop_id = secrets.token_urlsafe(16)
        with self._transaction() as db:
            book = Workbook(self._put_workbook(db, workbook),
                            self._put_workbook(db, mandate_workbook)
                            if mandate_workbook else None, is_sample)
            db.execute("INSERT INTO workshops (id, created_at) VALUES (?, ?)",
                       (workshop_id, _now()))
            values = {WORKBOOK: book.to_json(), **fields_from_state(state)}
            for key, value in values.items():
                self._write(db, workshop_id, key, value, 1, author)
        return workshop_id

    def sponsor_token(self, workshop_id: str) -> str:
        """The workshop's read-only link token for sponsors (made on first asking).

        It is as unguessable as the workshop's id and different from it: a sponsor's link
        shows the workshop, and nothing in it lets anyone edit it.
        """
        query = "SELECT token FROM sponsor_links WHERE workshop_id = ?"
        with self._connect() as db:  # a read first: the page asks on every draw
            row = db.execute(query, (workshop_id,)).fetchone()
        if row is not None:
            return row[0]
        with self._transaction() as db:
            self._created_at(db, workshop_id, lock=True)
            row = db.execute(query, (workshop_id,)).fetchone()
            if row is not None:
                return row[0]
            token = secrets.token_urlsafe(16)
            db.execute("INSERT INTO sponsor_links (token, workshop_id) VALUES (?, ?)",
                       (token, workshop_id))
            return token

    def workshop_for_sponsor(self, token: str) -> str:
        """The workshop a sponsor's token opens; `WorkshopNotFound` if none."""
        row = None
        if ID_PATTERN.fullmatch(token or ""):
            with self._connect() as db:
                row = db.execute("SELECT workshop_id FROM sponsor_links WHERE token = ?",
                                 (token,)).fetchone()
        if row is None:
            raise WorkshopNotFound(
                "No workshop has this sponsor link. Check that the whole link was copied, "
                "or ask the person who shared it for it again.")
        return row[0]

    def exists(self, workshop_id: str) -> bool:
        if not ID_PATTERN.fullmatch(workshop_id or ""):
            return False
        with self._connect() as db:
            return db.execute("SELECT 1 FROM workshops WHERE id = ?",
                              (workshop_id,)).fetchone() is not None

    def load(self, workshop_id: str) -> Workshop:
        """The workshop as last saved; `WorkshopNotFound` if there is none."""
        with self._connect() as db:
            created = self._created_at(db, workshop_id)
            rows = db.execute("SELECT key, value, version, saved_at, saved_by FROM fields "
                              "WHERE workshop_id = ?", (workshop_id,)).fetchall()
            revision = self._revision(db, workshop_id)
        found = {key: FieldValue(json.loads(value), version, saved_at, saved_by)
                 for key, value, version, saved_at, saved_by in rows}
        return Workshop(id=workshop_id, created_at=created, fields=found,
                        state=_state(found), saved_at=max(
                            (f.saved_at for f in found.values()), default=created),
                        revision=revision)

    def revision(self, workshop_id: str) -> int:
        """Where the workshop's change log stands: it grows with every save, so a tab
        holding a workshop at this revision holds it as saved (a cheap check)."""
        with self._connect() as db:
            self._created_at(db, workshop_id)
            return self._revision(db, workshop_id)

    @staticmethod
    def _revision(db: Connection, workshop_id: str) -> int:
        row = db.execute("SELECT MAX(seq) FROM changes WHERE workshop_id = ?",
                         (workshop_id,)).fetchone()
        return int(row[0] or 0)

    def workbook_bytes(self, workshop_id: str, digest: str) -> bytes:
        """A workbook this workshop names (by digest) as uploaded."""
        with self._connect() as db:
            self._created_at(db, workshop_id)
            row = db.execute("SELECT data FROM workbooks WHERE digest = ?",
                             (digest,)).fetchone()
        if row is None:
            raise StoreError(f"The workbook this workshop audits is missing from {self.path}; "
                             "upload it again.")
        return bytes(row[0])

    def save(self, workshop_id: str, key: str, value: Any, *, base_version: int,
             author: str = "") -> Saved | Conflict:
        """Save one field, if it is still at `base_version` (the version the editor saw)."""
        return self.save_many(workshop_id, {key: value}, {key: base_version}, author=author)[0]

    def save_many(self, workshop_id: str, values: Mapping[str, Any],
                  base_versions: Mapping[str, int], *,
                  author: str = "") -> list[Saved | Conflict]:
        """Save several fields in one transaction; each one that moved on is a `Conflict`.

        A field whose stored value already equals the new value is not a conflict (two
        people made the same change): it is reported saved at its current version.
        """
        _check_json(values)
        results: list[Saved | Conflict] = []
        with self._transaction() as db:
            self._created_at(db, workshop_id, lock=True)
            for key, value in values.items():
                row = db.execute("SELECT value, version, saved_at, saved_by FROM fields "
                                 "WHERE workshop_id = ? AND key = ?",
                                 (workshop_id, key)).fetchone()
                current, version, saved_at, saved_by = (
                    (json.loads(row[0]), row[1], row[2], row[3]) if row else (None, 0, "", ""))
                if row is not None and current == value:
                    results.append(Saved(key, version, saved_at))
                elif version != base_versions.get(key, 0):
                    results.append(Conflict(key, value, current, version, saved_at, saved_by))
                else:
                    results.append(self._write(db, workshop_id, key, value, version + 1,
                                               author))
        return results

    def replace_workbook(self, workshop_id: str, workbook: Upload,
                         mandate_workbook: Upload | None = None, *,
                         is_sample: bool = False, author: str = "") -> Saved:
        """Audit another version of the catalogue in this workshop, keeping its work."""
        with self._transaction() as db:
            self._created_at(db, workshop_id, lock=True)
            book = Workbook(self._put_workbook(db, workbook),
                            self._put_workbook(db, mandate_workbook)
                            if mandate_workbook else None, is_sample)
            row = db.execute("SELECT version FROM fields WHERE workshop_id = ? AND key = ?",
                             (workshop_id, WORKBOOK)).fetchone()
            return self._write(db, workshop_id, WORKBOOK, book.to_json(),
                               (row[0] if row else 0) + 1, author)

    def history(self, workshop_id: str, limit: int = 50) -> list[Change]:
        """The latest saves, newest first."""
        with self._connect() as db:
            self._created_at(db, workshop_id)
            rows = db.execute("SELECT key, value, version, saved_at, saved_by FROM changes "
                              "WHERE workshop_id = ? ORDER BY seq DESC LIMIT ?",
                              (workshop_id, limit)).fetchall()
        return [Change(key, json.loads(value), version, saved_at, saved_by)
                for key, value, version, saved_at, saved_by in rows]

    def workshops(self) -> list[WorkshopInfo]:
        """Every workshop in this file, newest change first. Only for whoever holds the
        file (the command line); the app never lists workshops, so links stay secret."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT w.id, w.created_at, "
                "(SELECT value FROM fields f WHERE f.workshop_id = w.id AND f.key = 'title'), "
                "(SELECT MAX(saved_at) FROM fields f WHERE f.workshop_id = w.id), "
                "(SELECT COUNT(*) FROM snapshots s WHERE s.workshop_id = w.id) "
                "FROM workshops w").fetchall()
        found = [WorkshopInfo(i, json.loads(title) if title else "", created,
                              saved or created, count)
                 for i, created, title, saved, count in rows]
        return sorted(found, key=lambda w: w.saved_at, reverse=True)

    def delete(self, workshop_id: str) -> None:
        """Remove a workshop for good: its fields, change log, snapshots, sponsor link, and
        the workbooks no other workshop uses. Its links then open nothing."""
        with self._transaction() as db:
            self._created_at(db, workshop_id, lock=True)
            self._db.lock_table(db, "workbooks")  # no workshop takes up a workbook meanwhile
            for table in ("fields", "changes", "snapshots", "sponsor_links"):
                db.execute(f"DELETE FROM {table} WHERE workshop_id = ?", (workshop_id,))
            db.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))
            used = {digest for (text,) in db.execute(
                        "SELECT value FROM fields WHERE key = ? UNION ALL "
                        "SELECT fields FROM snapshots", (WORKBOOK,)).fetchall()
                    for digest in _digests(json.loads(text))}
            for (digest,) in db.execute("SELECT digest FROM workbooks").fetchall():
                if digest not in used:
                    db.execute("DELETE FROM workbooks WHERE digest = ?", (digest,))

    def backup(self, destination: str | Path) -> Path:
        """A consistent copy of every workshop, taken while the app may be writing."""
        target = Path(destination)
        if target.exists():
            raise StoreError(f"{target} already exists; choose a new file for the backup.")
        self._db.backup(target)
        return target

    # -- snapshots -------------------------------------------------------------------

    def snapshot(self, workshop_id: str, name: str) -> SnapshotInfo:
        """Keep the workshop as it is now under a name ("FY26 baseline")."""
        name = _plain_line(name)
        if not name:
            raise ValueError("A snapshot needs a name, such as “FY26 baseline”.")
        info = SnapshotInfo(secrets.token_urlsafe(12), name[:200], _now())
        with self._transaction() as db:
            self._created_at(db, workshop_id, lock=True)
            rows = db.execute("SELECT key, value FROM fields WHERE workshop_id = ?",
                              (workshop_id,)).fetchall()
            frozen = json.dumps({key: json.loads(value) for key, value in rows})
            db.execute("INSERT INTO snapshots (id, workshop_id, name, created_at, fields) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (info.id, workshop_id, info.name, info.created_at, frozen))
        return info

    def snapshots(self, workshop_id: str) -> list[SnapshotInfo]:
        """The workshop's snapshots, oldest first."""
        with self._connect() as db:
            self._created_at(db, workshop_id)
            rows = db.execute("SELECT id, name, created_at FROM snapshots "
                              "WHERE workshop_id = ? ORDER BY created_at, id",
                              (workshop_id,)).fetchall()
        return [SnapshotInfo(*row) for row in rows]

    def load_snapshot(self, workshop_id: str, snapshot_id: str) -> Workshop:
        """The workshop as it was when the snapshot was taken."""
        with self._connect() as db:
            self._created_at(db, workshop_id)
            row = db.execute("SELECT created_at, fields FROM snapshots "
                             "WHERE workshop_id = ? AND id = ?",
                             (workshop_id, snapshot_id)).fetchone()
        if row is None:
            raise WorkshopNotFound("This workshop has no such snapshot.")
        created_at, frozen = row
        found = {key: FieldValue(value, 0, created_at, "")
                 for key, value in json.loads(frozen).items()}
        return Workshop(id=workshop_id, created_at=created_at, fields=found,
                        state=_state(found), saved_at=created_at)

    # -- internals -------------------------------------------------------------------

    def _created_at(self, db: Connection, workshop_id: str, *, lock: bool = False) -> str:
        """When the workshop was made; `WorkshopNotFound` if it does not exist. With
        `lock`, the workshop is held for this write transaction (other writes to it wait)."""
        query = "SELECT created_at FROM workshops WHERE id = ?" + (
            self._db.lock_suffix if lock else "")
        row = (db.execute(query, (workshop_id,)).fetchone()
               if ID_PATTERN.fullmatch(workshop_id or "") else None)
        if row is None:
            raise WorkshopNotFound(
                "No workshop has this link. Check that the whole link was copied; a "
                "workshop link cannot be guessed, so ask the person who shared it.")
        return row[0]

    @staticmethod
    def _put_workbook(db: Connection, upload: Upload) -> SourceFile:
        digest = digest_of(upload.data)
        db.execute("INSERT INTO workbooks (digest, data) VALUES (?, ?) "
                   "ON CONFLICT (digest) DO NOTHING", (digest, upload.data))
        return SourceFile(upload.name, digest)

    @staticmethod
    def _write(db: Connection, workshop_id: str, key: str, value: Any, version: int,
               author: str) -> Saved:
        text = json.dumps(value, sort_keys=True)
        now = _now()
        author = _plain_line(author)
        db.execute("INSERT INTO fields (workshop_id, key, value, version, saved_at, saved_by) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id, key) DO UPDATE SET "
                   "value = excluded.value, version = excluded.version, "
                   "saved_at = excluded.saved_at, saved_by = excluded.saved_by",
                   (workshop_id, key, text, version, now, author))
        db.execute("INSERT INTO changes (workshop_id, key, value, version, saved_at, saved_by) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (workshop_id, key, text, version, now, author))
        return Saved(key, version, now)


def _state(found: Mapping[str, FieldValue]) -> WorkshopState:
    values = {key: f.value for key, f in found.items() if key != WORKBOOK}
    book = found.get(WORKBOOK)
    workbook = Workbook.from_json(book.value) if book and book.value else None
    return state_from_fields(
        values,
        workbook=workbook.workbook if workbook else None,
        mandate_workbook=workbook.mandate if workbook else None,
        is_sample=workbook.is_sample if workbook else False,
    )


def _plain_line(text: str) -> str:
    """Text typed as a name (a snapshot's, a participant's) as one plain line: control
    characters dropped (PostgreSQL cannot keep a NUL), spaces collapsed."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cc"
                            or c.isspace()).split())


def _digests(value: Any) -> set[str]:
    """The workbook digests a "workbook" field, or a snapshot's fields, name."""
    if isinstance(value, dict) and WORKBOOK in value:  # a snapshot: every field
        value = value[WORKBOOK]
    if not isinstance(value, dict):
        return set()
    return {d for d in (value.get("digest"), value.get("mandate_digest")) if d}


def _check_json(values: Mapping[str, Any]) -> None:
    try:
        json.dumps(dict(values), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"a workshop field must be plain JSON: {error}") from error
