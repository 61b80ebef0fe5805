"""The event log itself: seq allocation, publish after commit only, replay, audiences, join over a real socket."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from psycopg import waiting as psycopg_waiting

from dialogues.extensions import db
from dialogues.realtime import log
from dialogues.roundtable.models import Role

from ..factories import make_dialogue, make_participant, make_user


def test_seq_is_strictly_increasing_per_dialogue():
    a, b = make_dialogue(), make_dialogue()
    seqs = [log.append(a.id, "test", {"n": i}) for i in range(3)] + [log.append(b.id, "test", {})]
    db.session.commit()
    assert seqs == [1, 2, 3, 1]
    assert log.last_seq(a.id) == 3


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_under_gevent_the_locked_section_waits_without_yielding_until_the_transaction_ends(app, monkeypatch, end):
    locking = db.engine.dialect.name == "postgresql"  # SQLite serialises writers itself: nothing to do there
    monkeypatch.setattr(psycopg_waiting, "wait", psycopg_waiting.wait_poll)  # what gevent's patching selects
    dialogue = make_dialogue()
    db.session.commit()
    log.append(dialogue.id, "test", {})
    raw = db.session.connection().connection.driver_connection
    assert ("wait" in getattr(raw, "__dict__", {})) is locking  # from the seq on: psycopg's blocking C wait
    log.append(dialogue.id, "test", {})
    getattr(db.session, end)()
    assert "wait" not in getattr(raw, "__dict__", {})  # the pooled connection is cooperative again
    assert log.last_seq(dialogue.id) == (2 if end == "commit" else 0)


# Two greenlets of one gevent process, as in gunicorn's worker: one holds the dialogue's row lock
# (``locks.hold``, as a change to the list of speakers does) and yields on a round trip; the other
# appends an event to the same dialogue meanwhile. The lock waits at most 5 s, so a process that
# froze fails instead of hanging.
TWO_WRITERS = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys
    import gevent
    from sqlalchemy import text
    from dialogues import create_app
    from dialogues.extensions import db
    from dialogues.locks import hold
    from dialogues.realtime import log
    from dialogues.roundtable.models import Dialogue

    url, dialogue_id = sys.argv[1], int(sys.argv[2])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SOCKETIO_ASYNC_MODE": "gevent"})

    def speakers_change():
        with app.app_context():
            hold(Dialogue, dialogue_id)
            gevent.sleep(0.5)  # more round trips with the row locked
            log.append(dialogue_id, "speakers.changed", {})
            db.session.commit()

    def comment():
        with app.app_context():
            db.session.execute(text("SET LOCAL lock_timeout = '5s'"))
            gevent.sleep(0.1)  # once the other holds the lock
            log.append(dialogue_id, "comment.posted", {})
            db.session.commit()

    gevent.joinall([gevent.spawn(speakers_change), gevent.spawn(comment)], raise_error=True)
""")


def test_under_gevent_a_writer_waiting_for_the_dialogue_lock_lets_its_holder_finish(database):
    """The wait for the seq's row lock yields: before, it did not, the holder never ran again, and
    the whole process froze (gunicorn killed the worker after 30 s: the production soak)."""
    if database.kind != "postgresql":
        pytest.skip("SQLite has no row locks: its writers are serialised by its own write lock")
    dialogue = make_dialogue()
    done = subprocess.run([sys.executable, "-c", TWO_WRITERS, database.url, str(dialogue.id)],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    db.session.expire_all()
    assert log.last_seq(dialogue.id) == 2


def test_rolled_back_event_is_neither_stored_nor_published(app, monkeypatch):
    emitted = []
    monkeypatch.setattr(log.socketio, "emit", lambda *args, **kw: emitted.append((args[1]["seq"], kw["to"])))
    dialogue = make_dialogue()
    log.append(dialogue.id, "test", {})
    db.session.rollback()
    assert log.last_seq(dialogue.id) == 0 and emitted == []
    log.append(dialogue.id, "test", {"x": 1})
    db.session.commit()
    # One message on the queue, addressed to both rooms (each connection is in one of them).
    assert emitted == [(1, [log.room(dialogue.id, moderators=True), log.room(dialogue.id)])]


def test_moderator_only_event_is_sent_in_full_to_moderators_and_as_a_stub_to_the_rest(app, monkeypatch):
    emitted = []
    monkeypatch.setattr(log.socketio, "emit", lambda *args, **kw: emitted.append((args[1], kw["to"])))
    dialogue = make_dialogue()
    log.append(dialogue.id, "participant.changed", {"participant_id": 1}, audience=log.MODERATORS)
    db.session.commit()
    (full, to_moderators), (stub, to_public) = emitted
    assert to_moderators == log.room(dialogue.id, moderators=True) and full["data"] == {"participant_id": 1}
    assert to_public == log.room(dialogue.id) and stub == {"seq": 1, "type": "skip"}


def test_moderator_only_events_reach_others_as_stubs():
    dialogue = make_dialogue()
    log.append(dialogue.id, "comment.flagged", {"comment_id": 1}, audience=log.MODERATORS)
    log.append(dialogue.id, "test", {})
    db.session.commit()
    public = log.events_after(dialogue.id, 0, moderator=False)
    assert [e["type"] for e in public] == ["skip", "test"] and "data" not in public[0]
    assert [e["type"] for e in log.events_after(dialogue.id, 0, moderator=True)] == ["comment.flagged", "test"]


def test_join_over_a_real_socket_replays_what_was_missed(socket_client):
    dialogue = make_dialogue()
    user = make_user()
    make_participant(dialogue, user)
    for i in range(5):
        log.append(dialogue.id, "test", {"n": i})
    db.session.commit()
    client = socket_client(user)
    ack = client.join(dialogue.id, last_seq=2)
    assert [e["seq"] for e in ack["events"]] == [3, 4, 5]
    assert ack["me"]["can_contribute"] and not ack["me"]["can_moderate"]
    log.append(dialogue.id, "test", {"n": 5})
    db.session.commit()
    assert client.wait_for_type("test")[0]["seq"] == 6


def test_unknown_event_and_malformed_join_get_error_acks(socket_client):
    dialogue = make_dialogue()
    client = socket_client()
    assert client.call("no.such.event", {"x": 1})["error"] == "unknown_event"
    assert client.call("join", {"dialogue_id": "one"})["error"] == "invalid_input"
    assert client.call("join", ["not", "an", "object"])["error"] == "invalid_input"
    assert client.call("join", {"dialogue_id": 999999})["error"] == "not_found"
    assert client.join(dialogue.id)["me"] == {"participant_id": None, "can_contribute": False, "can_moderate": False}


def test_moderator_joins_the_moderators_room(socket_client):
    dialogue = make_dialogue()
    moderator = make_user()
    make_participant(dialogue, moderator, role=Role.MODERATOR)
    client = socket_client(moderator)
    assert client.join(dialogue.id)["me"]["can_moderate"]
    log.append(dialogue.id, "secret", {}, audience=log.MODERATORS)
    db.session.commit()
    assert client.wait_for_type("secret")
