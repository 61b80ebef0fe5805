"""Anonymous readers are rate-limited per connection, so a full room of them is never refused at once."""
import pytest

from dialogues.security import limits

from ..factories import make_dialogue


@pytest.fixture
def limits_on(app):
    limits.init_counters("memory://")  # a fresh, empty counter store
    app.config["RATELIMIT_ENABLED"] = True
    yield
    app.config["RATELIMIT_ENABLED"] = False


def test_one_anonymous_connection_hitting_the_limit_does_not_block_the_next(limits_on, socket_client):
    dialogue = make_dialogue()
    eager, newcomer = socket_client(), socket_client()
    payload = {"dialogue_id": dialogue.id, "last_seq": 0}
    acks = [eager.call("sync", payload) for _ in range(61)]
    assert all(ack["ok"] for ack in acks[:60])
    assert acks[60]["error"] == "rate_limited"
    assert newcomer.call("sync", payload)["ok"]
