"""A database that refuses connections: writers get a clear 503 or error ack, quickly, never a hang."""
import time

import pytest
import socketio
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from dialogues.comments.models import Comment
from dialogues.extensions import db

from ..comments.conftest import room  # noqa: F401  (fixture)
from ..conftest import LiveClient, login

MESSAGE = "The database is not reachable; nothing was saved."


class Outage:
    """Every new connection goes somewhere that refuses it (PostgreSQL: a closed port; SQLite: a
    directory that does not exist); pooled connections are dropped so that none survive."""

    def __init__(self, engine):
        self.engine = engine

    def _unreachable(self, dialect, record, cargs, cparams):
        if self.engine.dialect.name == "sqlite":
            cargs[:] = ["/nonexistent-directory/dialogues.db"]
        else:
            cparams.update(host="127.0.0.1", port=1)

    def __call__(self):
        db.session.remove()
        self.engine.dispose()
        sa_event.listen(self.engine, "do_connect", self._unreachable)

    def end(self):
        if sa_event.contains(self.engine, "do_connect", self._unreachable):
            sa_event.remove(self.engine, "do_connect", self._unreachable)
        self.engine.dispose()


@pytest.fixture
def database_down(app):
    """``database_down()`` starts an outage, ``database_down.end()`` ends it (also after the test)."""
    outage = Outage(db.engine)
    yield outage
    outage.end()


def _comments() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def _urls(room) -> tuple[str, str]:
    """(the dialogue page, the comment form's action), read while the database is up."""
    return f"/d/{room.dialogue.id}", f"/d/{room.dialogue.id}/items/{room.item.id}/comments"


def test_a_page_says_the_database_is_unreachable(client, room, database_down):
    login(client, room.users["ana"])
    page, post = _urls(room)
    database_down()
    started = time.monotonic()
    response = client.post(post, data={"body": "Hola"})
    assert response.status_code == 503
    assert MESSAGE in response.get_data(as_text=True)
    assert time.monotonic() - started < 5
    html = client.get(page)
    assert html.status_code == 503 and "<html" in html.get_data(as_text=True)


def test_json_clients_get_a_503_object(client, room, database_down):
    url = _urls(room)[1] + ".json"
    database_down()
    response = client.get(url,
                          headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "error": "database_unavailable",
                                   "message": response.get_json()["message"]}
    assert response.get_json()["message"].startswith(MESSAGE)


def test_a_socket_write_gets_an_error_ack_within_seconds(socket_client, room, database_down):
    ana = socket_client(room.users["ana"])
    ana.join(room.dialogue.id)
    message = {"dialogue_id": room.dialogue.id, "client_id": "down-0001", "item_id": room.item.id,
               "body": "¿Se guarda?"}
    database_down()
    started = time.monotonic()
    ack = ana.call("comment.post", message, timeout=10)
    assert ack["ok"] is False and ack["error"] == "database_unavailable"
    assert ack["message"].startswith(MESSAGE)
    assert time.monotonic() - started < 5


def test_writes_work_again_once_the_database_is_back(client, room, database_down):
    login(client, room.users["ana"])
    post = _urls(room)[1]
    database_down()
    assert client.post(post, data={"body": "Primero"}).status_code == 503
    database_down.end()
    assert _comments() == 0
    response = client.post(post, data={"body": "Ahora sí"})
    assert response.status_code == 302
    assert _comments() == 1


def test_a_socket_connecting_while_the_database_is_down_is_refused_with_the_reason(live_server, room,
                                                                                   database_down, caplog):
    """Before, the connect handler's user load raised out of python-socketio ("message handler
    error" and a traceback), and the client waited for an answer that never came (the soak)."""
    ana = LiveClient(live_server.url, room.users["ana"])  # signed in while the database is up
    refusals = []
    ana.sio.on("connect_error", lambda data=None: refusals.append(data))
    database_down()
    started = time.monotonic()
    with pytest.raises(socketio.exceptions.ConnectionError):
        ana.connect()
    assert time.monotonic() - started < 5
    assert refusals[0]["message"].startswith(MESSAGE) and refusals[0]["data"]["error"] == "database_unavailable"
    assert not [r for r in caplog.records if "message handler error" in r.getMessage()]
