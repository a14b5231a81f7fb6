"""A throwaway PostgreSQL server of the tests' own: made in a temporary folder, stopped after.

`./run-tests` installs Debian's PostgreSQL when it is missing (scripts/install-postgresql);
these tests then start a cluster of their own with `initdb` and `pg_ctl` on a free port of
127.0.0.1 (trust authentication: nothing but this machine reaches it), and stop it and
delete its folder at the end of the session. PostgreSQL refuses to run as root, so when
the tests run as root (CI does) the server runs as Debian's `postgres` user.

A missing PostgreSQL fails the tests that need it, it never skips them: CI must not pass
without having run the store's suite on both databases.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from workshop.databases import _debian_tool

START_TIMEOUT = 60


class PostgresMissing(RuntimeError):
    pass


def _tool(name: str) -> str:
    found = _debian_tool(name) or shutil.which(name)
    if found is None:
        raise PostgresMissing(
            f"PostgreSQL's {name} is not installed, so the tests of the PostgreSQL store cannot "
            "run. Install Debian's package (`apt-get install -y postgresql`; ./run-tests does "
            "this when it runs as root).")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _tool("initdb"), _tool("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="pmo-auditor-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = None if os.geteuid() != 0 else "postgres"
        if self.user is not None:
            record = pwd.getpwnam(self.user)
            os.chown(self.folder, record.pw_uid, record.pw_gid)

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True,
                              check=False, cwd=self.folder, timeout=START_TIMEOUT)

    def start(self) -> ThrowawayPostgres:
        done = self._run(self.initdb, "-D", str(self.data), "--auth=trust", "-U", "postgres",
                         "--encoding=UTF8", "--no-locale", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.folder} -c max_connections=200 "
                   "-c fsync=on -c shared_buffers=32MB")
        done = self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-w",
                         "-t", str(START_TIMEOUT), "-l", str(self.folder / "server.log"),
                         "start")
        if done.returncode:
            log = (self.folder / "server.log")
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr or done.stdout}"
                               f"{log.read_text() if log.exists() else ''}")
        return self

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """The address of a new, empty place for a store on this server: a schema of its
        own in the server's database (made in milliseconds, where CREATE DATABASE takes
        a second), named in the address's search_path."""
        import psycopg

        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {name}")
        return f"{self.url}?options=-c%20search_path%3D{name}"

    def new_real_database(self) -> str:
        """A new empty database of its own (slower: for what a whole database is needed)."""
        import psycopg

        name = "d_" + secrets.token_hex(6)
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        deadline = time.monotonic() + 10
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
