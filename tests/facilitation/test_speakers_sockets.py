"""The list of speakers over real Socket.IO clients: every action, its permissions, its events."""
import itertools

from sqlalchemy import select

from dialogues.extensions import db
from dialogues.facilitation.models import RequestState, SpeakerRequest
from dialogues.roundtable.models import Gender, Participant, Role

from ..factories import make_participant, make_user
from .factories import room

_ids = itertools.count(1)


def send(client, event: str, dialogue, **fields) -> dict:
    return client.call(event, {"dialogue_id": dialogue.id, "client_id": f"test-{next(_ids):06d}", **fields})


def queue_names(item) -> list[tuple[str, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(SpeakerRequest).where(SpeakerRequest.item_id == item.id)
                              .order_by(SpeakerRequest.state, SpeakerRequest.position))
    return [(r.participant.name, r.state.value) for r in rows if r.state in (RequestState.WAITING,
                                                                              RequestState.SPEAKING)]


def test_raise_hand_reaches_everyone_and_is_not_doubled(socket_client):
    dialogue, item, moderator, rosa, _ = room()
    watcher = socket_client(moderator)
    watcher.join(dialogue.id)
    phone = socket_client(rosa)
    phone.join(dialogue.id)
    payload = {"dialogue_id": dialogue.id, "client_id": "hand-0001"}
    ack = phone.call("speakers.raise_hand", payload)
    assert ack["ok"] and ack["id"] and ack["seq"]
    assert phone.call("speakers.raise_hand", payload) == ack  # a retry is answered, not stored twice
    event = watcher.wait_for_type("speakers.raised")[0]
    assert event["data"]["name"] == "Rosa Huanca" and event["data"]["item_id"] == item.id
    assert "gender" not in str(event["data"])
    assert send(phone, "speakers.raise_hand", dialogue)["error"] == "invalid_state"  # already on the list
    assert queue_names(item) == [("Rosa Huanca", "waiting")]


def test_a_speaker_who_did_not_consent_is_not_named_to_others(socket_client, client):
    dialogue, item, moderator, _rosa, teodoro = room()
    watcher = socket_client()
    watcher.join(dialogue.id)
    assert send(socket_client(teodoro), "speakers.raise_hand", dialogue)["ok"]
    assert watcher.wait_for_type("speakers.raised")[0]["data"]["name"] is None
    assert "Teodoro" not in client.get(f"/d/{dialogue.id}/panels/projector").get_data(as_text=True)


def test_participant_cannot_run_the_list(socket_client):
    dialogue, item, moderator, rosa, teodoro = room()
    phone = socket_client(rosa)
    entry = send(phone, "speakers.raise_hand", dialogue)["id"]
    for event, fields in [("speakers.give_floor", {"request_id": entry}), ("speakers.give_floor", {}),
                          ("speakers.end_turn", {}), ("speakers.move", {"request_id": entry, "to_index": 0}),
                          ("speakers.add", {"name": "Alguien"}),
                          ("speakers.settings", {"default_seconds": 60, "first_timers_first": True})]:
        assert send(phone, event, dialogue, **fields)["error"] == "forbidden", event
    other = socket_client(teodoro)
    assert send(other, "speakers.withdraw", dialogue, request_id=entry)["error"] == "forbidden"
    assert send(socket_client(), "speakers.raise_hand", dialogue)["error"] == "not_authenticated"  # anonymous
    assert queue_names(item) == [("Rosa Huanca", "waiting")]


def test_observer_and_pending_cannot_raise_hand(socket_client):
    dialogue, item, *_ = room()
    observer = make_user()
    make_participant(dialogue, observer, role=Role.OBSERVER)
    assert send(socket_client(observer), "speakers.raise_hand", dialogue)["error"] == "forbidden"
    assert queue_names(item) == []


def test_no_current_item_is_a_clear_refusal(socket_client):
    dialogue, item, moderator, rosa, _ = room()
    item.state = item.state.DONE
    db.session.commit()
    ack = send(socket_client(rosa), "speakers.raise_hand", dialogue)
    assert ack["error"] == "invalid_state" and "agenda item" in ack["message"]


def test_moderator_gives_floor_ends_turn_and_reorders(socket_client):
    dialogue, item, moderator, rosa, teodoro = room()
    first = send(socket_client(rosa), "speakers.raise_hand", dialogue)["id"]
    second = send(socket_client(teodoro), "speakers.raise_hand", dialogue)["id"]
    mod = socket_client(moderator)
    mod.join(dialogue.id)
    assert send(mod, "speakers.move", dialogue, request_id=second, to_index=0)["ok"]
    assert queue_names(item) == [("Teodoro Condori", "waiting"), ("Rosa Huanca", "waiting")]
    assert send(mod, "speakers.give_floor", dialogue, seconds=120)["id"] == second  # the next one
    assert mod.wait_for_type("speakers.floor")[0]["data"]["name"] is None  # Teodoro did not consent to be named
    assert db.session.get(SpeakerRequest, second).allotted_seconds == 120
    assert send(mod, "speakers.give_floor", dialogue, request_id=first)["ok"]  # the previous speaker is done
    db.session.expire_all()
    assert db.session.get(SpeakerRequest, second).state == RequestState.DONE
    assert send(mod, "speakers.end_turn", dialogue)["ok"]
    assert queue_names(item) == []
    assert send(mod, "speakers.end_turn", dialogue)["error"] == "invalid_state"
    assert send(mod, "speakers.give_floor", dialogue)["error"] == "invalid_state"  # nobody waiting


def test_withdraw_own_hand(socket_client):
    dialogue, item, moderator, rosa, _ = room()
    phone = socket_client(rosa)
    entry = send(phone, "speakers.raise_hand", dialogue)["id"]
    assert send(phone, "speakers.withdraw", dialogue, request_id=entry)["ok"]
    assert queue_names(item) == []
    assert send(phone, "speakers.withdraw", dialogue, request_id=entry)["error"] == "invalid_state"


def test_point_of_order_jumps_the_queue(socket_client):
    dialogue, item, moderator, rosa, teodoro = room()
    send(socket_client(rosa), "speakers.raise_hand", dialogue)
    assert send(socket_client(teodoro), "speakers.raise_hand", dialogue, kind="point_of_order")["ok"]
    assert queue_names(item)[0] == ("Teodoro Condori", "waiting")
    assert send(socket_client(rosa), "speakers.raise_hand", dialogue, kind="shout")["error"] == "invalid_input"


def test_moderator_adds_walk_in_without_account_and_registered_person(socket_client):
    dialogue, item, moderator, rosa, _ = room()
    walk_in = make_participant(dialogue, False, name="Justina Mamani")  # no account
    mod = socket_client(moderator)
    assert send(mod, "speakers.add", dialogue, participant_id=walk_in.id)["ok"]
    assert send(mod, "speakers.add", dialogue, name="Felipe Choque", kind="normal")["ok"]
    assert send(mod, "speakers.add", dialogue, participant_id=walk_in.id)["error"] == "invalid_state"
    assert send(mod, "speakers.add", dialogue)["error"] == "invalid_input"
    assert send(mod, "speakers.add", dialogue, name="x" * 500)["error"] == "invalid_input"
    assert send(mod, "speakers.add", dialogue, participant_id=999999)["error"] == "not_found"
    assert [n for n, _ in queue_names(item)] == ["Justina Mamani", "Felipe Choque"]
    felipe = db.session.scalar(select(Participant).where(Participant.name == "Felipe Choque"))
    assert felipe.user.is_pass and felipe.user.email is None and felipe.dialogue_id == dialogue.id  # a room pass


def test_a_walk_in_speaker_is_registered_like_one_at_the_door(socket_client, client, login_as):
    """Moderators' participant lists learn of the new person, and the audit names who added them."""
    dialogue, item, moderator, rosa, _ = room()
    watcher = socket_client(moderator)
    watcher.join(dialogue.id)
    assert send(socket_client(moderator), "speakers.add", dialogue, name="Felipe Choque")["ok"]
    felipe = db.session.scalar(select(Participant).where(Participant.name == "Felipe Choque"))
    added = watcher.wait_for_type("participant.added")[0]["data"]
    assert added["participant_id"] == felipe.id and added["present"] and "Felipe" not in str(added)
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id,
                                                            Participant.role == Role.ORGANIZER)).user
    login_as(organizer)
    assert "registered Felipe Choque at the door" in client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)


def test_first_time_speakers_first_and_default_time(socket_client):
    dialogue, item, moderator, rosa, teodoro = room()
    mod = socket_client(moderator)
    send(socket_client(teodoro), "speakers.raise_hand", dialogue)
    send(mod, "speakers.give_floor", dialogue)
    send(mod, "speakers.end_turn", dialogue)  # Teodoro has spoken
    send(socket_client(teodoro), "speakers.raise_hand", dialogue)
    assert send(mod, "speakers.settings", dialogue, default_seconds=90, first_timers_first=True)["ok"]
    send(socket_client(rosa), "speakers.raise_hand", dialogue)
    assert [n for n, _ in queue_names(item)] == ["Rosa Huanca", "Teodoro Condori"]
    rosa_entry = send(mod, "speakers.give_floor", dialogue)["id"]
    assert db.session.get(SpeakerRequest, rosa_entry).allotted_seconds == 90
    assert send(mod, "speakers.settings", dialogue, default_seconds=-1, first_timers_first=True)["error"] == \
        "invalid_input"
    assert send(mod, "speakers.settings", dialogue, default_seconds="90", first_timers_first=True)["error"] == \
        "invalid_input"


def test_balance_counts_turns_by_group_and_gender_only(socket_client):
    from dialogues.facilitation import speakers

    dialogue, item, moderator, rosa, teodoro = room()
    db.session.execute(Participant.__table__.update().where(Participant.user_id == rosa.id).values(gender="woman"))
    db.session.commit()
    mod = socket_client(moderator)
    for person in (rosa, teodoro):
        send(socket_client(person), "speakers.raise_hand", dialogue)
        send(mod, "speakers.give_floor", dialogue)
    figures = speakers.balance(dialogue, moderator)
    assert figures["total"] == 2
    assert dict(figures["by_gender"])[Gender.WOMAN.label] == 1
    assert dict(figures["by_group"])["Miners and cooperatives"] == 1


def test_list_belongs_to_one_dialogue(socket_client):
    dialogue, item, moderator, rosa, _ = room()
    other, other_item, other_mod, *_ = room()
    entry = send(socket_client(rosa), "speakers.raise_hand", dialogue)["id"]
    ack = send(socket_client(other_mod), "speakers.give_floor", other, request_id=entry)
    assert ack["error"] == "not_found"
    assert send(socket_client(rosa), "speakers.raise_hand", dialogue, item_id=other_item.id)["error"] == "not_found"
