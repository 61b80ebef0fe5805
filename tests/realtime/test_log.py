"""The event log itself: seq allocation, publish after commit only, replay, audiences, join over a real socket."""
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
