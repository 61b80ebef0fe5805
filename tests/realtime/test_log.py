"""The event log itself: seq allocation, publish after commit only, replay, audiences, join over a real socket."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from dialogues.extensions import db
from dialogues.realtime import log
from dialogues.realtime.models import Event
from dialogues.roundtable.models import Dialogue, Role

from ..factories import make_dialogue, make_participant, make_user


def test_seq_is_strictly_increasing_per_dialogue():
    a, b = make_dialogue(), make_dialogue()
    log.append(a.id, "first", {})
    log.append(b.id, "other", {})
    log.append(a.id, "second", {})
    db.session.commit()
    log.append(a.id, "third", {})
    db.session.commit()
    assert [(e["seq"], e["type"]) for e in log.events_after(a.id, 0, moderator=True)] == \
        [(1, "first"), (2, "second"), (3, "third")]
    assert [(e["seq"], e["type"]) for e in log.events_after(b.id, 0, moderator=True)] == [(1, "other")]
    assert log.last_seq(a.id) == 3
    assert db.session.scalars(select(Event.seq).where(Event.dialogue_id == a.id).order_by(Event.id)).all() == [1, 2, 3]


def test_the_acknowledgement_names_the_seq_the_commit_gave(app):
    dialogue = make_dialogue()
    log.append(dialogue.id, "earlier", {})
    db.session.commit()
    log.append(dialogue.id, "mine", {}, client_id="c-1", object_id=7)
    log.append(dialogue.id, "also", {})
    db.session.commit()
    assert log.written("c-1") == {"id": 7, "seq": 2}


def test_events_of_a_dialogue_deleted_meanwhile_fail_the_whole_commit(app):
    dialogue, other = make_dialogue(), make_dialogue()
    db.session.commit()
    gone, kept = dialogue.id, other.id
    db.session.delete(dialogue)
    db.session.commit()
    other.title = "Cambiada"
    log.append(gone, "comment.posted", {})
    with pytest.raises(Exception):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(Dialogue.title).where(Dialogue.id == kept)) != "Cambiada"
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


# A writer whose commit waits for the dialogue's row lock, then is stopped (SIGSTOP) as a busy
# process would leave it: its transaction must end as soon as the lock is free, without the writer
# sending anything more.
STOPPABLE_WRITER = textwrap.dedent("""
    import sys
    from dialogues import create_app
    from dialogues.extensions import db
    from dialogues.realtime import log

    url, dialogue_id = sys.argv[1], int(sys.argv[2])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        log.append(dialogue_id, "comment.posted", {"body": "50 % de la producción"})
        db.session.commit()
        print("committed", flush=True)
""")


def test_the_commit_travels_with_the_seq_so_the_lock_never_waits_for_the_writer(database):
    """Before, the ``COMMIT`` was a round trip of its own: a writer its process did not get back to
    held the dialogue's lock, and every writer of the dialogue waited (docs/performance.md)."""
    if database.kind != "postgresql":
        pytest.skip("SQLite has no row locks: its writers are serialised by its own write lock")
    dialogue = make_dialogue()
    db.session.commit()
    stored = select(func.count()).select_from(Event).where(Event.dialogue_id == dialogue.id)
    with db.engine.connect() as holder, db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        holder.execute(select(Dialogue.id).where(Dialogue.id == dialogue.id).with_for_update())
        writer = subprocess.Popen([sys.executable, "-c", STOPPABLE_WRITER, database.url, str(dialogue.id)],
                                  cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'")
            _until(lambda: watcher.execute(waiting).scalar() == 1, lambda: str(watcher.execute(text("select state, wait_event_type, wait_event, left(query, 80) from pg_stat_activity ")).all()))
            os.kill(writer.pid, signal.SIGSTOP)
            holder.commit()
            _until(lambda: watcher.execute(stored).scalar() == 1, "the stopped writer's transaction did not end")
        finally:
            os.kill(writer.pid, signal.SIGCONT)
            out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and out == "committed\n", err[-2000:]
    assert log.events_after(dialogue.id, 0, moderator=True)[0]["data"] == {"body": "50 % de la producción"}


def _until(condition, failure: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


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
