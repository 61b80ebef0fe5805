"""The pool pings a connection only after it sat idle (``DATABASE_PING_AFTER_IDLE``), not before
every request and socket event. The trade-off, named in docs/realtime.md: when PostgreSQL restarts
under load, a write on a connection in recent use fails once (``database_unavailable``, nothing
saved), the pool forgets its connections, and the next write succeeds. After a quiet spell the ping
finds the dead connection first and nobody fails."""
import psycopg
import pytest
from sqlalchemy import func, select

import dialogues
from dialogues.comments.models import Comment
from dialogues.extensions import db

from ..comments.conftest import room  # noqa: F401  (fixture)
from ..databases import POSTGRES_ADMIN_URL


@pytest.fixture
def restart(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a database server restart: PostgreSQL only")

    def restart():
        """What a restart does to the pool: every server backend of this database ends."""
        name = db.engine.url.database
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))

    yield restart
    db.session.remove()
    db.engine.dispose()


def _post(client, room, client_id):
    return client.call("comment.post", {"dialogue_id": room.dialogue.id, "item_id": room.item.id,
                                        "client_id": client_id, "body": "Propuesta tras el reinicio"})


def _comments() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_a_restart_under_load_fails_one_write_then_the_next_succeeds(room, socket_client, restart):
    ana = socket_client(room.users["ana"])
    assert _post(ana, room, "before-restart")["ok"]
    db.session.remove()  # the test's own connection goes back to the pool too
    restart()
    failed = _post(ana, room, "during-restart")
    assert failed["ok"] is False and failed["error"] == "database_unavailable", failed
    assert _post(ana, room, "after-restart")["ok"]
    assert _comments() == 2


def test_after_a_quiet_spell_the_ping_replaces_the_dead_connection(room, socket_client, restart, monkeypatch):
    ana = socket_client(room.users["ana"])
    assert _post(ana, room, "before-restart")["ok"]
    db.session.remove()
    restart()
    later = dialogues._idle_clock() + 3600
    monkeypatch.setattr(dialogues, "_idle_clock", lambda: later)
    assert _post(ana, room, "after-a-quiet-hour")["ok"]
    assert _comments() == 2
