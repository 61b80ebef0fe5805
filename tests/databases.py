"""The database a test session runs on: a throwaway SQLite file, or a throwaway PostgreSQL database.

``TEST_DATABASE=postgresql`` selects PostgreSQL at ``TEST_POSTGRES_URL`` (default: the local
server with trust auth). A new database is created for the session and dropped after it, so the
shared ``test`` database is never touched.
"""
import os
import uuid

import pytest

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(what: str, how: str) -> None:
    """Skip (on a laptop) or fail (in CI) when a real service is missing."""
    message = f"{what} is not reachable. {how}"
    if IN_CI:
        pytest.fail(message + " (CI=true: this must run, not skip)", pytrace=False)
    pytest.skip(message)


class SQLiteDatabase:
    kind = "sqlite"

    def __init__(self, tmp_path):
        self.url = f"sqlite:///{tmp_path / 'test.db'}"

    def drop(self) -> None:
        pass


class PostgresDatabase:
    kind = "postgresql"

    def __init__(self):
        import psycopg

        self.name = f"gd_test_{uuid.uuid4().hex[:10]}"
        try:
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
        except psycopg.OperationalError as exc:
            unavailable("PostgreSQL", f"Start it (pg_ctlcluster 15 main start) or set TEST_POSTGRES_URL. ({exc})")
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        self.url = f"{base}/{self.name}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def make_database(tmp_path):
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind == "postgresql":
        return PostgresDatabase()
    return SQLiteDatabase(tmp_path)
