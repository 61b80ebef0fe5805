"""Faults: a server killed (SIGKILL) in the middle of a stream of comments loses none that it acknowledged.

The server is a real ``python wsgi.py`` subprocess on the test session's database; the writer is
the reference client (dialogues/realtime/client.py), which reconnects by itself, re-joins with its
last seq (replay) and re-sends an unacknowledged write with the same client id.
"""
import os
import re
import signal
import subprocess
import sys
import threading

import pytest
import requests
from sqlalchemy import func, select

from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.realtime.client import DialogueClient

from ..comments.conftest import make_item
from ..factories import PASSWORD, make_dialogue, make_participant, make_user
from .test_live_connections_scaled import ROOT, free_port, wait_until_up


class Server:
    """``python wsgi.py`` on a fixed port, killed and started again at will."""

    def __init__(self, database_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PORT": str(self.port), "DATABASE_URL": database_url, "RATELIMIT_ENABLED": "0"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_until_up(self.url, self.proc)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.kill()


def signed_in(url: str, user) -> requests.Session:
    """A session signed in through the real form (CSRF on, as in production)."""
    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(f"{url}/accounts/login").text)
    response = session.post(f"{url}/accounts/login", allow_redirects=False,
                            data={"email": user.email, "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 302, response.text
    return session


@pytest.fixture
def server(database):
    server = Server(database.url)
    server.start()
    yield server
    server.stop()


class Writer(threading.Thread):
    """Posts comments one after another, recording each acknowledgement, until told to stop."""

    def __init__(self, client: DialogueClient, item_id: int):
        super().__init__(daemon=True)
        self.client, self.item_id = client, item_id
        self.acks: list[dict] = []
        self.acked = threading.Condition()
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        n = 0
        try:
            while not self.stop.is_set():
                ack = self.client.write("comment.post", {"item_id": self.item_id, "body": f"Comentario {n}"},
                                        attempts=20, timeout=5)
                assert ack["ok"], ack
                with self.acked:
                    self.acks.append({**ack, "body": f"Comentario {n}"})
                    self.acked.notify_all()
                n += 1
        except BaseException as exc:  # reported by the test
            self.failure = exc

    def wait_for(self, count: int) -> None:
        with self.acked:
            assert self.acked.wait_for(lambda: len(self.acks) >= count or self.failure, 60), self.failure
        assert self.failure is None, self.failure


def test_a_killed_server_loses_no_acknowledged_comment(server):
    dialogue = make_dialogue()
    ana = make_user("Rosa Huanca")
    make_participant(dialogue, ana)
    item = make_item(dialogue)
    client = DialogueClient(server.url, dialogue.id, http_session=signed_in(server.url, ana)).connect()
    writer = Writer(client, item.id)
    writer.start()
    try:
        writer.wait_for(15)
        server.kill()  # mid-stream: a write may be in flight, unacknowledged
        server.start()  # same port, same database
        writer.wait_for(len(writer.acks) + 15)  # the client reconnected by itself and went on
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.failure is None, writer.failure
    last = max(ack["seq"] for ack in writer.acks)
    assert client.wait_for_seq(last, timeout=30)
    client.disconnect()

    db.session.rollback()
    stored = dict(db.session.execute(select(Comment.id, Comment.body).where(Comment.dialogue_id == dialogue.id)).all())
    for ack in writer.acks:
        assert stored.get(ack["id"]) == ack["body"]
    bodies = db.session.execute(select(Comment.body, func.count()).where(Comment.dialogue_id == dialogue.id)
                                .group_by(Comment.body)).all()
    assert all(count == 1 for _, count in bodies), "a retried write was stored twice"

    seqs = [message["seq"] for message in client.applied]
    assert seqs == list(range(seqs[0], seqs[-1] + 1)), "events missed or applied twice"
    posted = {message["data"]["id"] for message in client.applied if message["type"] == "comment.posted"}
    assert {ack["id"] for ack in writer.acks} <= posted
