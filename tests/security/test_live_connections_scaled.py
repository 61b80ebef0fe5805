"""Closing a person's connections reaches every server process through the Redis message queue."""
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

from ..conftest import LiveClient
from ..databases import unavailable
from ..factories import make_dialogue, make_participant, make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import sys
from dialogues import create_app
from dialogues.extensions import socketio
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SOCKETIO_MESSAGE_QUEUE": sys.argv[2],
                  "SOCKETIO_CHANNEL": sys.argv[3], "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
socketio.run(app, host="127.0.0.1", port=int(sys.argv[4]), allow_unsafe_werkzeug=True, log_output=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen) -> None:
    for _ in range(300):  # polling for start-up, not a timed assertion
        assert proc.poll() is None, proc.stderr.read()
        try:
            requests.get(url + "/accounts/login", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


@pytest.fixture
def two_servers(app, database):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        unavailable("Redis", f"Start it (redis-server --daemonize yes) or set TEST_REDIS_URL. ({exc})")
    channel = f"gd-security-{uuid.uuid4().hex[:10]}"
    procs, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            procs.append(subprocess.Popen([sys.executable, "-c", SERVER, database.url, REDIS_URL, channel, str(port)],
                                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs):
            wait_until_up(url, proc)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)


def test_signing_out_on_one_process_closes_the_connection_held_by_another(two_servers, db):
    first, second = two_servers
    dialogue = make_dialogue()
    person = make_user()
    make_participant(dialogue, person)
    client = LiveClient(first, person, transports=["websocket"]).connect()
    closed = threading.Event()
    client.sio.on("disconnect", lambda *reason: closed.set())
    client.join(dialogue.id)

    response = requests.post(f"{second}/accounts/logout", cookies=client.http.cookies, allow_redirects=False)
    assert response.status_code == 302
    assert closed.wait(10)
