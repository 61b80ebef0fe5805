"""The reference client against a live server: order, gaps filled by itself, reconnect replay."""
from dialogues.extensions import db
from dialogues.realtime import log
from dialogues.realtime.client import DialogueClient

from ..conftest import http_session
from ..factories import make_dialogue, make_participant, make_user


class LossyClient(DialogueClient):
    """Drops chosen broadcasts on purpose, as Redis pub/sub does while it reconnects."""

    def __init__(self, *args, drop: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.drop = drop

    def receive(self, message):
        if message["seq"] in self.drop:
            self.drop.discard(message["seq"])
            return
        super().receive(message)


def append(dialogue_id: int, n: int) -> None:
    for i in range(n):
        log.append(dialogue_id, "test", {"n": i})
        db.session.commit()


def test_dropped_broadcasts_are_fetched_by_the_client_itself(live_server):
    dialogue = make_dialogue()
    client = LossyClient(live_server.url, dialogue.id, drop={2, 3, 5}).connect()
    try:
        append(dialogue.id, 6)
        assert client.wait_for_seq(6)
        assert [m["seq"] for m in client.applied] == [1, 2, 3, 4, 5, 6]
    finally:
        client.disconnect()


def test_reconnect_receives_exactly_the_missed_events_in_order(live_server):
    dialogue = make_dialogue()
    user = make_user()
    make_participant(dialogue, user)
    client = DialogueClient(live_server.url, dialogue.id, http_session=http_session(live_server.url, user),
                            reconnection=False).connect()
    append(dialogue.id, 3)
    assert client.wait_for_seq(3)
    client.disconnect()
    append(dialogue.id, 20)
    client.connect()
    try:
        assert client.wait_for_seq(23)
        assert [m["seq"] for m in client.applied] == list(range(1, 24))
        assert [m["data"]["n"] for m in client.applied[3:]] == list(range(20))
    finally:
        client.disconnect()


def event(seq: int) -> dict:
    return {"seq": seq, "type": "test", "data": {}}


def test_events_beyond_a_gap_that_arrive_during_a_sync_are_asked_for_once_it_is_answered():
    """Seq 4 and 5 are broadcast while the sync for the gap before 3 is in flight, and that sync's
    answer was read before they were committed: the client must ask again, not wait for a next event
    that may never come (the end of a meeting)."""
    client = DialogueClient("http://127.0.0.1:9", 1)
    sent = []
    client.sio.emit = lambda name, data, callback: sent.append((data["last_seq"], callback))
    client.receive(event(1))
    client.receive(event(3))  # 2 was lost on the way: a sync after 1
    client.receive(event(4))
    client.receive(event(5))
    assert [after for after, _ in sent] == [1]  # one sync at a time
    sent[0][1]({"ok": True, "events": [event(2), event(3)], "more": False})
    assert [after for after, _ in sent] == [1, 3]
    sent[1][1]({"ok": True, "events": [event(4), event(5)], "more": False})
    assert [m["seq"] for m in client.applied] == [1, 2, 3, 4, 5]
    assert len(sent) == 2


def test_a_sync_in_flight_when_the_connection_drops_does_not_block_the_next():
    client = DialogueClient("http://127.0.0.1:9", 1)
    sent = []
    client.sio.emit = lambda name, data, callback: sent.append(data["last_seq"])
    client.receive(event(2))
    client._on_disconnect()
    client.receive(event(3))
    assert sent == [0, 0]
