"""Every test keeps its workshops in a database of its own run, never the user's."""

from __future__ import annotations

import pytest

from workshop.store import ENV_VAR


@pytest.fixture(scope="session", autouse=True)
def workshop_database(tmp_path_factory) -> None:
    """Point the workshop store (and every app server a test starts) at a scratch file."""
    path = tmp_path_factory.mktemp("workshops") / "workshops.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(path))
        yield


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for this test session (tests/postgres.py); it fails,
    never skips, when PostgreSQL is not installed."""
    from tests.postgres import PostgresMissing, ThrowawayPostgres

    try:
        server = ThrowawayPostgres().start()
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    try:
        yield server
    finally:
        server.stop()
