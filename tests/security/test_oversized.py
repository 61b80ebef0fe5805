"""Oversized and malformed socket traffic from real python-socketio clients: refused, nothing stored,
the server keeps serving everyone else."""
import threading

import requests
from sqlalchemy import func, select

from dialogues.comments.models import Comment
from dialogues.extensions import db

from ..comments.conftest import room  # noqa: F401  (fixture)


def _comments() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Comment))


def _post(client, room, body, client_id: str) -> dict:
    return client.call("comment.post", {"dialogue_id": room.dialogue.id, "client_id": client_id,
                                        "item_id": room.item.id, "body": body})


def test_a_one_megabyte_comment_gets_an_error_ack(socket_client, room):
    ana = socket_client(room.users["ana"])
    ack = _post(ana, room, "oro " * 256 * 1024, "huge-0001")
    assert ack["ok"] is False and ack["error"] == "invalid_input"
    assert _comments() == 0
    assert _post(ana, room, "Ahora uno corto", "short-0001")["ok"]  # the connection lives on


def test_a_message_beyond_the_buffer_limit_closes_only_that_connection(socket_client, room, app):
    ana, ben = socket_client(room.users["ana"]), socket_client(room.users["ben"])
    closed = threading.Event()
    ana.sio.on("disconnect", lambda *args: closed.set())
    too_big = "x" * (app.config["SOCKETIO_MAX_MESSAGE_BYTES"] + 1024)
    ana.sio.emit("comment.post", {"dialogue_id": room.dialogue.id, "client_id": "huge-0002", "item_id": room.item.id,
                                  "body": too_big})
    assert closed.wait(10)  # the server closed that connection…
    assert _post(ben, room, "Sigo aquí", "ben-00001")["ok"]  # …and only that one
    assert _comments() == 1


# Engine.IO packets a client might send by mistake or malice. (A polling POST holding only a NOOP "6"
# or an unknown type "9" is left waiting by python-engineio until the ping timeout: it ties up the
# sender's own request only, see docs/security.md.)
GARBAGE = ["42[", "4{}", "\x00\xff", "42" + "[" * 5000, "40/unknown,", '42["comment.post",1,2,3]', '40{"x":', "b",
           "4" + "x" * 1000]


def test_malformed_packets_are_refused(live_server, socket_client, room):
    url = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    for garbage in GARBAGE:
        handshake = requests.get(url, timeout=10).text
        sid = handshake[handshake.index('"sid":"') + 7:].split('"')[0]
        response = requests.post(f"{url}&sid={sid}", data=garbage.encode("utf-8", "surrogatepass"), timeout=10)
        assert response.status_code < 500, garbage
    ben = socket_client(room.users["ben"])
    assert _post(ben, room, "El servidor sigue bien", "ben-00002")["ok"]
    assert _comments() == 1
