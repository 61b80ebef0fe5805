"""Backups taken while the server runs, and restoring one: ``flask --app wsgi backup --out FILE`` and
``flask --app wsgi restore FILE`` (docs/deploy.md).

SQLite: SQLite's online backup API copies the whole database in one step, inside one read
transaction: a consistent snapshot, taken while writers go on (in WAL mode readers never block the
writer). The copy goes to a temporary file renamed into place, so a half-written backup never
looks like a good one. PostgreSQL: ``pg_dump --format=custom`` (one snapshot transaction) and
``pg_restore --clean --single-transaction``. The password, if any, travels in ``PGPASSWORD``,
never on a command line that ``ps`` shows.
"""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

TIMEOUT_SECONDS = 30


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


def backup(database_url: str, out: Path) -> None:
    """Write a consistent copy of the database at ``database_url`` to ``out``. Raises BackupError."""
    url = make_url(database_url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), partial, "DELETE")
    elif url.get_backend_name() == "postgresql":
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", url=url)
    else:
        raise BackupError(f"No backup for {url.get_backend_name()} databases.")
    partial.replace(out)


def restore(database_url: str, source: Path) -> None:
    """Replace the database at ``database_url`` by the backup in ``source``. Raises BackupError."""
    url = make_url(database_url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url), "WAL")
    elif url.get_backend_name() == "postgresql":
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", str(source), url=url)
    else:
        raise BackupError(f"No restore for {url.get_backend_name()} databases.")


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path, journal: str) -> None:
    """SQLite's backup API from ``source`` into ``target`` (replaced), all pages in one step; then
    ``journal`` mode: DELETE for a backup (one self-contained file), WAL for a database in use."""
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=TIMEOUT_SECONDS)
    dst = sqlite3.connect(target, timeout=TIMEOUT_SECONDS)
    try:
        src.backup(dst)
        dst.execute(f"PRAGMA journal_mode={journal}")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source}: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(source) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            has_schema = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"{source} is not a SQLite backup: {exc}") from exc
    if not ok or not has_schema:
        raise BackupError(f"{source} is not a backup of this application's database.")


def _run(tool: str, *args: str, url) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [tool, f"--dbname={target}", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")
