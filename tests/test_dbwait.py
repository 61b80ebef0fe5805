"""A server process waits for PostgreSQL briefly without yielding, then cooperatively (dialogues/dbwait.py).

Run in a gevent process of its own, as the servers run: a short statement completes before any other
greenlet runs, a slow one lets them run, and a statement waiting for a row lock that a suspended
greenlet of the same process holds still completes (the process does not freeze).
"""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys
    import gevent
    import psycopg
    from dialogues import dbwait

    dbwait.install()
    url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
    ran = []

    with psycopg.connect(url, autocommit=True) as conn:  # connecting yields
        gevent.spawn(ran.append, "other")  # ready to run at the next yield
        conn.execute("SELECT 1")
        assert ran == [], "a short round trip yielded"
        conn.execute("SELECT pg_sleep(0.05)")
        assert ran == ["other"], "a slow round trip did not yield"

    with psycopg.connect(url) as holder, psycopg.connect(url) as waiter:
        holder.execute("SELECT pg_advisory_xact_lock(42)")

        def hold():
            gevent.sleep(0.2)  # suspended with the lock held, as a writer between round trips
            holder.commit()

        gevent.spawn(hold)
        waiter.execute("SET lock_timeout = '5s'")
        waiter.execute("SELECT pg_advisory_xact_lock(42)")  # froze the process if it never yielded
        waiter.commit()
    print("ok")
""")


def test_short_round_trips_do_not_yield_and_lock_waits_do(database):
    if database.kind != "postgresql":
        pytest.skip("SQLite is not reached through psycopg: nothing waits this way there")
    done = subprocess.run([sys.executable, "-c", SCRIPT, database.url], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
