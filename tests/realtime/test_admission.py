"""Writers of one dialogue take turns before they take a pooled connection (realtime/admission.py).

The live tests run a real ``python wsgi.py`` (one gevent process, as the embedded default serves)
with a pool of two connections and one writer's turn per dialogue, and real Socket.IO clients. On
PostgreSQL the test itself holds the dialogue's row lock meanwhile (as a slow writer of another
process would): before the turns, the waiting writers held both connections inside PostgreSQL and
everything else (writes, joins) was refused ``database_unavailable`` after the pool's timeout.
"""
import os
import re
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import func, select

from dialogues.comments.models import Comment
from dialogues.errors import Busy
from dialogues.extensions import db
from dialogues.realtime import admission
from dialogues.realtime.client import DialogueClient
from dialogues.roundtable.models import Dialogue

from ..comments.conftest import make_item
from ..factories import make_dialogue, make_participant, make_user
from ..security.test_faults import signed_in
from ..security.test_live_connections_scaled import ROOT, free_port

POOL = {"DATABASE_POOL_SIZE": "2", "DATABASE_MAX_OVERFLOW": "0", "DATABASE_POOL_TIMEOUT": "2",
        "WRITERS_PER_DIALOGUE": "1"}


@pytest.fixture
def serve(database, tmp_path):
    """``serve(**settings)``: a real ``python wsgi.py`` on the test database; its log is read back."""
    started = []

    def start(**settings):
        port = free_port()
        log_path = tmp_path / f"server-{port}.log"
        env = {**os.environ, "PORT": str(port), "DATABASE_URL": database.url, "RATELIMIT_ENABLED": "0", **settings}
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):  # polling for start-up, not a timed assertion
            assert proc.poll() is None, log_path.read_text()
            try:
                requests.get(url + "/accounts/login", timeout=2)
                return url, log_path
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"{url} did not start")

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def people(url: str, dialogue, count: int) -> list[DialogueClient]:
    clients = []
    for n in range(count):
        person = make_user(f"Minera {n}")
        make_participant(dialogue, person)
        clients.append(DialogueClient(url, dialogue.id, http_session=signed_in(url, person)))
    return clients


def row_lock(dialogue_id: int):
    """Another transaction holding the dialogue's row lock (PostgreSQL); ``None`` on SQLite."""
    if db.engine.dialect.name != "postgresql":
        return None
    holder = db.engine.connect()
    holder.execute(select(Dialogue.id).where(Dialogue.id == dialogue_id).with_for_update())
    return holder


def errors_in(log_path) -> list[str]:
    """The app's error lines (a failed handler logs one above its traceback). Not gevent's traceback
    of a client that reset its connection as an answer went out (the transport's, docs/performance.md)."""
    return [line for line in log_path.read_text().splitlines() if re.search(r"\b(ERROR|CRITICAL)\b", line)]


def test_more_writers_than_connections_all_acknowledged_while_joins_are_served(serve):
    url, log_path = serve(**POOL, WRITE_QUEUE_TIMEOUT="60")
    dialogue = make_dialogue()
    item_id = make_item(dialogue).id
    writers = [client.connect() for client in people(url, dialogue, 8)]
    late = people(url, dialogue, 1)[0]
    acks: dict[int, dict] = {}

    def post(n: int) -> None:
        acks[n] = writers[n].write("comment.post", {"item_id": item_id, "body": f"Turno {n}"}, attempts=1, timeout=60)

    holder = row_lock(dialogue_id := dialogue.id)
    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(writers))]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)  # every write has reached the server: one runs (waiting for the lock), 7 wait their turn
        late.connect(timeout=30)  # a join meanwhile: a connection of the pool is still free for it
        assert late.me["can_contribute"]
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    for thread in threads:
        thread.join(60)
    assert [acks[n]["ok"] for n in range(len(writers))] == [True] * len(writers), acks
    assert sorted(ack["seq"] for ack in acks.values()) == list(range(1, len(writers) + 1))
    assert late.wait_for_seq(len(writers), timeout=30)
    for client in [*writers, late]:
        client.disconnect()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.dialogue_id == dialogue_id)) == 8
    assert errors_in(log_path) == [], log_path.read_text()[-3000:]


def test_a_writer_without_a_turn_in_time_is_told_busy_and_stored_once_when_sent_again(serve, database):
    if database.kind != "postgresql":
        pytest.skip("a writer holds its turn only while it waits for PostgreSQL's row lock (SQLite blocks the process)")
    url, log_path = serve(**POOL, WRITE_QUEUE_TIMEOUT="1")
    dialogue = make_dialogue()
    item_id = make_item(dialogue).id
    first, second = (client.connect() for client in people(url, dialogue, 2))
    holder = row_lock(dialogue_id := dialogue.id)
    acks = {}
    running = threading.Thread(target=lambda: acks.update(
        first=first.write("comment.post", {"item_id": item_id, "body": "Primera"}, attempts=1, timeout=30)))
    running.start()
    message = {"dialogue_id": dialogue_id, "client_id": uuid.uuid4().hex, "item_id": item_id, "body": "Segunda"}
    try:
        time.sleep(0.5)  # the first has its turn, waiting for the lock
        refused = second.sio.call("comment.post", message, timeout=30)
    finally:
        holder.rollback()
        holder.close()
    running.join(30)
    assert acks["first"]["ok"]
    assert refused["ok"] is False and refused["error"] == "busy" and "nothing was saved" in refused["message"]
    again = second.sio.call("comment.post", message, timeout=30)  # the same client id, now with a turn
    assert again["ok"]
    for client in (first, second):
        client.disconnect()
    db.session.rollback()
    bodies = db.session.scalars(select(Comment.body).where(Comment.dialogue_id == dialogue_id)).all()
    assert sorted(bodies) == ["Primera", "Segunda"]
    assert errors_in(log_path) == [], log_path.read_text()[-3000:]


def test_turns_are_given_in_arrival_order_and_refused_after_the_timeout(app, monkeypatch):
    """The queue itself, with real threads: one slot, five writers waiting in line."""
    monkeypatch.setitem(app.config, "WRITERS_PER_DIALOGUE", 1)
    monkeypatch.setitem(app.config, "WRITE_QUEUE_TIMEOUT", 5)
    order, release = [], threading.Event()

    def writer(n: int) -> None:
        with app.app_context(), admission.turn(7):
            order.append(n)
            if n == 0:
                release.wait(10)

    threads = []
    for n in range(6):
        threads.append(threading.Thread(target=writer, args=(n,)))
        threads[-1].start()
        while len(order) < 1 or admission.waiting(7) < n:  # each is in line before the next arrives
            time.sleep(0.01)
    monkeypatch.setitem(app.config, "WRITE_QUEUE_TIMEOUT", 0.2)
    with pytest.raises(Busy):
        with admission.turn(7):
            pass
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2, 3, 4, 5]
    assert admission.waiting(7) == 0 and 7 not in admission._turns  # nothing kept once nobody writes

