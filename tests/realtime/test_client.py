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
