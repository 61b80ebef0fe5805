"""The agenda timer over real Socket.IO clients against the live server."""
import uuid

from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.extensions import db
from dialogues.realtime import log
from dialogues.roundtable.models import Role

from ..factories import make_participant, make_user
from .helpers import live_agenda, participant_of


def write(client, event, dialogue, *, client_id=None, **fields):
    """One write with a fresh client id (or the given one, to retry)."""
    return client.call(event, {"dialogue_id": dialogue.id, "client_id": client_id or f"test-{uuid.uuid4().hex}",
                               **fields})


def states(dialogue):
    db.session.expire_all()
    return [i.state for i in db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id).order_by(AgendaItem.position))]


def test_a_started_item_reaches_every_page_with_the_same_seq(socket_client):
    dialogue, moderator, (a, b, c) = live_agenda()
    mod = socket_client(moderator)
    watchers = [socket_client(participant_of(dialogue)), socket_client(participant_of(dialogue)), socket_client()]
    for client in [mod, *watchers]:
        client.join(dialogue.id, last_seq=log.last_seq(dialogue.id))
    ack = write(mod, "agenda.start", dialogue, item_id=b.id)
    assert ack["ok"] and ack["id"] == b.id
    for client in [mod, *watchers]:
        (event,) = client.wait_for_type("agenda.item_started")
        assert event["seq"] == ack["seq"]
        item = event["data"]["item"]
        assert item["id"] == b.id and item["title"] == "Financiamiento" and item["state"] == "running"
        assert item["timer"]["running"] and item["timer"]["allowed"] == 20 * 60 and item["timer"]["server_time"]
    assert states(dialogue) == [ItemState.PENDING, ItemState.RUNNING, ItemState.PENDING]


def test_next_ends_the_current_item_and_starts_the_following_one(socket_client):
    dialogue, moderator, (a, b, c) = live_agenda()
    mod = socket_client(moderator)
    watcher = socket_client(participant_of(dialogue))
    watcher.join(dialogue.id, last_seq=log.last_seq(dialogue.id))
    assert write(mod, "agenda.next", dialogue)["ok"]
    first = write(mod, "agenda.next", dialogue, item_id=a.id)
    assert first["ok"] and first["id"] == b.id
    ended, started = watcher.wait_for_type("agenda.item_ended")[0], watcher.wait_for_type("agenda.item_started", 2)[1]
    assert ended["data"]["item"]["id"] == a.id and started["data"]["item"]["id"] == b.id
    assert ended["seq"] + 1 == started["seq"]
    assert write(mod, "agenda.next", dialogue, item_id=a.id)["error"] == "conflict"  # a stale view
    assert write(mod, "agenda.extend", dialogue, item_id=b.id, minutes=5)["ok"]
    assert watcher.wait_for_type("agenda.item_extended")[0]["data"]["item"]["timer"]["allowed"] == 25 * 60


def test_a_retried_write_is_applied_once(socket_client):
    dialogue, moderator, (a, *_) = live_agenda()
    mod = socket_client(moderator)
    first = write(mod, "agenda.start", dialogue, item_id=a.id, client_id="retry-me-1")
    again = write(mod, "agenda.start", dialogue, item_id=a.id, client_id="retry-me-1")
    assert first == again and first["ok"]
    assert log.last_seq(dialogue.id) == first["seq"]


def test_participants_cannot_run_the_timer_and_nothing_changes(socket_client):
    dialogue, moderator, (a, *_) = live_agenda()
    seq = log.last_seq(dialogue.id)
    participant = socket_client(participant_of(dialogue))
    anonymous = socket_client()
    for event in ("agenda.start", "agenda.next"):
        assert write(participant, event, dialogue, item_id=a.id)["error"] == "forbidden"
        assert write(anonymous, event, dialogue, item_id=a.id)["error"] == "forbidden"
    assert states(dialogue)[0] == ItemState.PENDING and log.last_seq(dialogue.id) == seq


def test_bad_payloads_get_error_acks(socket_client):
    dialogue, moderator, (a, *_) = live_agenda()
    other, _, other_items = live_agenda()
    mod = socket_client(moderator)
    assert write(mod, "agenda.start", dialogue, item_id="1")["error"] == "invalid_input"
    assert write(mod, "agenda.start", dialogue)["error"] == "invalid_input"
    assert write(mod, "agenda.start", dialogue, item_id=a.id, extra=1)["error"] == "invalid_input"
    assert write(mod, "agenda.start", dialogue, item_id=other_items[0].id)["error"] == "not_found"
    assert write(mod, "agenda.pause", dialogue, item_id=a.id)["error"] == "invalid_state"
    write(mod, "agenda.start", dialogue, item_id=a.id)
    for minutes in (0, -5, 10**6):
        assert write(mod, "agenda.extend", dialogue, item_id=a.id, minutes=minutes)["error"] == "invalid_input"
    db.session.expire_all()
    assert db.session.get(AgendaItem, a.id).extra_seconds == 0


def test_an_organizer_may_run_the_timer_but_not_on_a_closed_dialogue(socket_client):
    from dialogues.roundtable.models import DialogueStatus

    dialogue, moderator, (a, *_) = live_agenda()
    organizer = make_user()
    make_participant(dialogue, organizer, role=Role.ORGANIZER)
    client = socket_client(organizer)
    assert write(client, "agenda.start", dialogue, item_id=a.id)["ok"]
    dialogue.status = DialogueStatus.CLOSED
    db.session.commit()
    assert write(client, "agenda.end", dialogue, item_id=a.id)["error"] == "invalid_state"
