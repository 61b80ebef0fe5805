"""Backups while the server runs: ``flask backup`` taken while real clients post about 20 comments a
second, restored with ``flask restore`` into a fresh database, holds every comment acknowledged
before the backup started, and a log whose seqs have no hole."""
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dialogues.roundtable.models import Role

from .comments.conftest import make_item
from .databases import POSTGRES_ADMIN_URL
from .factories import make_dialogue, make_participant, make_user

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 4
PAUSE_SECONDS = WRITERS / 20  # four writers, each posting every 0.2 s: about 20 comments a second


@pytest.fixture
def fresh_database_url(database, tmp_path):
    """An empty database of the same kind as the tests', dropped afterwards."""
    if database.kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    import psycopg

    name = f"gd_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database.url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Writer(threading.Thread):
    """A real client posting comments at a steady pace; remembers when each was acknowledged."""

    def __init__(self, client, dialogue_id: int, item_id: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.client, self.stop = client, stop
        self.payload = {"dialogue_id": dialogue_id, "item_id": item_id, "body": "Retortas para todos"}
        self.acked: list[tuple[float, int]] = []
        self.refused: list[dict] = []

    def run(self):
        while not self.stop.is_set():
            ack = self.client.call("comment.post", {**self.payload, "client_id": uuid.uuid4().hex}, timeout=30)
            if ack["ok"]:
                self.acked.append((time.monotonic(), ack["id"]))
            else:
                self.refused.append(ack)
            self.stop.wait(PAUSE_SECONDS)


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writers stalled"
        time.sleep(0.05)


def flask(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_backup_taken_while_comments_flow_restores_every_acknowledged_one(app, socket_client, fresh_database_url,
                                                                           tmp_path):
    dialogue = make_dialogue()
    item = make_item(dialogue)
    dialogue_id = dialogue.id
    stop = threading.Event()
    writers = []
    for _ in range(WRITERS):
        person = make_user()
        make_participant(dialogue, person, role=Role.PARTICIPANT)
        writers.append(Writer(socket_client(person), dialogue.id, item.id, stop))
    for writer in writers:
        writer.start()
    wait_until(lambda: sum(len(w.acked) for w in writers) >= 20)  # the flow is under way
    started = time.monotonic()
    out = tmp_path / "gold-dialogues.backup"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wait_until(lambda: sum(ts > started for w in writers for ts, _ in w.acked) >= 20)  # writes went on
    stop.set()
    for writer in writers:
        writer.join(30)
    assert not [ack for w in writers for ack in w.refused]

    restored = flask("restore", str(out), "--yes", database_url=fresh_database_url)
    assert restored.returncode == 0, restored.stderr
    engine = create_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            comments = set(conn.scalars(text("SELECT id FROM comment")))
            seqs = list(conn.scalars(text("SELECT seq FROM event WHERE dialogue_id = :d ORDER BY seq"),
                                     {"d": dialogue_id}))
    finally:
        engine.dispose()
    before = {comment_id for w in writers for ts, comment_id in w.acked if ts < started}
    assert before and before <= comments, sorted(before - comments)
    assert seqs == list(range(1, len(seqs) + 1))  # a consistent snapshot: no hole in the log
    assert len(comments) < sum(len(w.acked) for w in writers)  # and it was taken mid-flow
