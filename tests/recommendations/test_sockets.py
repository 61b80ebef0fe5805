"""Stances and moderator actions over real Socket.IO clients against the live server."""
from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, Stance
from dialogues.roundtable.models import RegistrationState

from ..factories import make_participant, make_user


def _stance(room, **fields):
    return {"dialogue_id": room.dialogue.id, "client_id": "stance-0001", "recommendation_id": room.recommendation.id,
            "kind": "support", **fields}


def test_a_stance_sent_by_socket_reaches_the_moderator_live(room, socket_client):
    moderator, miner = socket_client(room.moderator), socket_client(room.miner)
    moderator.join(room.dialogue.id)
    miner.join(room.dialogue.id)
    ack = miner.call("recommendation.stance", _stance(room, kind="reservations", note="Con plazos realistas"))
    assert ack["ok"] and ack["seq"]
    event = moderator.wait_for_type("recommendation.stance_changed")[0]
    cell = event["data"]["cells"][str(room.people.miner.group_id)]
    assert (cell["reservations"], cell["stances"], cell["level"]) == (1, 1, 4)
    assert event["seq"] == ack["seq"] and "Con plazos" not in str(event)
    # a retry with the same client id is answered, not stored twice
    assert miner.call("recommendation.stance", _stance(room, kind="reservations", note="Con plazos realistas")) == ack
    assert db.session.query(Stance).count() == 1


def test_refusals_come_back_as_error_acks(room, socket_client):
    pending_user = make_user()
    make_participant(room.dialogue, pending_user, state=RegistrationState.PENDING)
    pending, miner = socket_client(pending_user), socket_client(room.miner)
    assert pending.call("recommendation.stance", _stance(room))["error"] == "forbidden"
    assert miner.call("recommendation.stance", _stance(room, kind="oppose"))["error"] == "invalid_input"
    assert miner.call("recommendation.stance", _stance(room, kind="yes"))["error"] == "invalid_input"
    assert miner.call("recommendation.stance", _stance(room, note="x" * 5000))["error"] == "invalid_input"
    assert miner.call("recommendation.stance", _stance(room, recommendation_id=999999))["error"] == "not_found"
    assert miner.call("recommendation.close_voting", _stance(room))["error"] == "invalid_input"  # unknown field
    assert db.session.query(Stance).count() == 0


def test_moderator_closes_voting_by_socket_and_later_stances_are_refused(room, socket_client):
    moderator, miner = socket_client(room.moderator), socket_client(room.miner)
    miner.join(room.dialogue.id)
    payload = {"dialogue_id": room.dialogue.id, "client_id": "close-0001", "recommendation_id": room.recommendation.id}
    assert miner.call("recommendation.close_voting", {**payload, "client_id": "close-0000"})["error"] == "forbidden"
    assert moderator.call("recommendation.close_voting", payload)["ok"]
    event = miner.wait_for_type("recommendation.status_changed")[0]
    assert event["data"]["voting_open"] is False
    assert miner.call("recommendation.stance", _stance(room))["error"] == "invalid_state"
    ack = moderator.call("recommendation.set_status", {**payload, "client_id": "status-0001", "status": "adopted"})
    assert ack["ok"]
    db.session.expire_all()
    assert db.session.get(Recommendation, room.recommendation.id).status.value == "adopted"
