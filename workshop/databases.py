"""The two databases a workshop store can live in: an SQLite file, or a PostgreSQL server.

`WorkshopStore` (store.py) speaks one SQL to both: `?` placeholders, `INSERT ... ON
CONFLICT`, and a connection per call that is either a read (`connect`) or one write
transaction (`transaction`). What differs is here:

- `SQLiteDatabase`: the embedded default, one file. Writers queue on the file's lock
  (`BEGIN IMMEDIATE`), in write-ahead-log mode with `synchronous=FULL`.
- `PostgresDatabase`: for a hosted app with several servers (`PMO_AUDITOR_DB=postgresql://`).
  Connections are kept for reuse (a few idle at most); a write transaction locks its
  workshop's row (`SELECT ... FOR UPDATE`), so writes to one workshop queue as they do in
  SQLite while different workshops are written side by side. Commits are synchronous.

Both turn every driver error into a `StoreError` whose message names the database (never
its password) and what to do.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 10.0
POOL_SIZE = 8
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS workbooks (
    digest TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fields (
    workshop_id TEXT NOT NULL REFERENCES workshops(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workshop_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id TEXT NOT NULL REFERENCES workshops(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS changes_by_workshop ON changes (workshop_id, seq);
CREATE TABLE IF NOT EXISTS snapshots (
    id TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    fields TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_workshop ON snapshots (workshop_id, created_at);
CREATE TABLE IF NOT EXISTS sponsor_links (
    token TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL UNIQUE REFERENCES workshops(id)
);
"""

# The same tables in PostgreSQL's words: identity for the change log, bytea for workbooks.
_POSTGRES_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS store_meta (schema_version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS workbooks (digest TEXT PRIMARY KEY, data BYTEA NOT NULL)",
    "CREATE TABLE IF NOT EXISTS workshops (id TEXT PRIMARY KEY, created_at TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS fields (
        workshop_id TEXT NOT NULL REFERENCES workshops(id),
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        version INTEGER NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (workshop_id, key))""",
    """CREATE TABLE IF NOT EXISTS changes (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workshop_id TEXT NOT NULL REFERENCES workshops(id),
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        version INTEGER NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS changes_by_workshop ON changes (workshop_id, seq)",
    """CREATE TABLE IF NOT EXISTS snapshots (
        id TEXT PRIMARY KEY,
        workshop_id TEXT NOT NULL REFERENCES workshops(id),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        fields TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS snapshots_by_workshop ON snapshots (workshop_id, created_at)",
    """CREATE TABLE IF NOT EXISTS sponsor_links (
        token TEXT PRIMARY KEY,
        workshop_id TEXT NOT NULL UNIQUE REFERENCES workshops(id))""",
]
# Any constant will do: it keeps two servers from creating the tables at the same moment.
_SCHEMA_LOCK = 0x504D4F41


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Cursor: ...


def is_postgres(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def shown_url(url: str) -> str:
    """A PostgreSQL address as it may be shown: without its password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


class SQLiteDatabase:
    """One SQLite file. Each call opens its own connection (SQLite connections must not
    cross threads, and Streamlit runs each tab in a thread of its own)."""

    def __init__(self, path: Path, error: Callable[[str, Exception], Exception]) -> None:
        self.path = path
        self.name = str(path)
        self._error = error
        self._ready = False

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self._create()
        try:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None)
        except sqlite3.Error as error:
            raise self._error("opened", error) from error
        try:
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            yield connection
        except sqlite3.Error as error:
            raise self._error("written", error) from error
        finally:
            connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")  # the whole file: writers queue here
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    lock_suffix = ""  # BEGIN IMMEDIATE already holds the file's write lock

    def lock_table(self, db: Any, table: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE already holds the whole file."""

    def _create(self) -> None:
        from .store import StoreError

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise self._error("created", error) from error
        try:
            if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise sqlite3.OperationalError("write-ahead logging is not available")
            connection.executescript(_SQLITE_SCHEMA)
            found = connection.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                raise StoreError(f"The workshop database {self.path} was made by a newer "
                                 "version of the app; update the app to open it.")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as error:
            raise self._error("created", error) from error
        finally:
            connection.close()
        self._ready = True

    def backup(self, target: Path) -> None:
        from .store import StoreError

        with self.connect() as db:
            try:
                copy = sqlite3.connect(target)
            except sqlite3.Error as error:
                raise StoreError(f"The backup {target} could not be created ({error}).") \
                    from error
            try:
                db.backup(copy)
            finally:
                copy.close()

    def close(self) -> None:
        """Nothing stays open between calls."""


class _PostgresConnection:
    """A psycopg connection that takes the store's `?` placeholders."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self._connection.execute(sql.replace("?", "%s"), params)


class PostgresDatabase:
    """Workshops in a PostgreSQL database shared by every app server.

    Connections are kept for reuse, at most `POOL_SIZE` idle at once (a pool of our own:
    a few lines, no threads of its own, and nothing that outlives the store). Each block of
    `connect()` is one transaction, committed when the block ends and rolled back when
    it raises; a connection that broke is thrown away, never reused.
    """

    def __init__(self, url: str, error: Callable[[str, Exception], Exception]) -> None:
        self.url = url
        self.name = shown_url(url)
        self._error = error
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._ready = False

    def _new_connection(self) -> Any:
        import psycopg

        try:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise self._error("opened", error) from error
        if not self._ready:
            try:
                _create_postgres_schema(connection)
            except psycopg.Error as error:
                connection.close()
                raise self._error("created", error) from error
            except BaseException:
                connection.close()
                raise
            self._ready = True
        return connection

    def _take(self) -> Any:
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.closed and not connection.broken:
                    return connection
        return self._new_connection()

    def _give_back(self, connection: Any) -> None:
        import psycopg

        usable = (not connection.closed and not connection.broken and
                  connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE)
        if usable:
            with self._lock:
                if len(self._idle) < POOL_SIZE:
                    self._idle.append(connection)
                    return
        connection.close()

    @contextlib.contextmanager
    def connect(self) -> Iterator[_PostgresConnection]:
        import psycopg

        connection = self._take()
        try:
            with connection.transaction():  # BEGIN ... COMMIT, or ROLLBACK on an error
                yield _PostgresConnection(connection)
        except psycopg.Error as error:
            raise self._error("written", error) from error
        finally:
            self._give_back(connection)

    transaction = connect  # every connection block is one transaction, committed at its end

    lock_suffix = " FOR UPDATE"  # a write locks its workshop's row until it commits

    def lock_table(self, db: Any, table: str) -> None:
        """Hold `table` against new rows until this transaction ends."""
        db.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")

    def backup(self, target: Path) -> None:
        from .store import StoreError

        dump = shutil.which("pg_dump") or _debian_tool("pg_dump")
        if dump is None:
            raise StoreError("pg_dump is not installed, so the PostgreSQL workshops cannot be "
                             "copied; install the PostgreSQL client (apt-get install "
                             "postgresql-client) and try again.")
        done = subprocess.run([dump, "--format=custom", f"--file={target}",
                               f"--dbname={self.url}"], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise StoreError(f"pg_dump could not copy {self.name}: "
                             f"{done.stderr.strip() or done.returncode}.")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def _create_postgres_schema(connection: Any) -> None:
    from .store import StoreError

    if _has_tables(connection):
        row = connection.execute("SELECT schema_version FROM store_meta").fetchone()
        if row is not None:
            if row[0] > SCHEMA_VERSION:
                raise StoreError("The workshop database was made by a newer version of the "
                                 "app; update the app to open it.")
            return  # the tables are there: a new server costs two queries, not a dozen
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        for statement in _POSTGRES_SCHEMA:
            connection.execute(statement)
        row = connection.execute("SELECT schema_version FROM store_meta").fetchone()
        if row is None:
            connection.execute("INSERT INTO store_meta (schema_version) VALUES (%s)",
                               (SCHEMA_VERSION,))
        elif row[0] > SCHEMA_VERSION:
            raise StoreError("The workshop database was made by a newer version of the app; "
                             "update the app to open it.")


def _has_tables(connection: Any) -> bool:
    return connection.execute("SELECT to_regclass('store_meta') IS NOT NULL").fetchone()[0]


def _debian_tool(name: str) -> str | None:
    """A PostgreSQL program from Debian's versioned folder (/usr/lib/postgresql/N/bin)."""
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return None
    versions = sorted((p for p in root.iterdir() if re.fullmatch(r"\d+", p.name)),
                      key=lambda p: int(p.name), reverse=True)
    for version in versions:
        tool = version / "bin" / name
        if tool.exists() and os.access(tool, os.X_OK):
            return str(tool)
    return None
