"""Comment events over real Socket.IO clients against the live server."""
import json

import pytest

from dialogues.comments.models import Comment, Flag, Reaction
from dialogues.errors import RateLimited
from dialogues.extensions import db
from dialogues.realtime.models import Event
from dialogues.roundtable.models import RegistrationState

from ..conftest import count_queries
from ..factories import make_dialogue, make_participant, make_user


def _post(client, room, body="Propuesta: fondo rotatorio para retortas", client_id="post-0001", **extra):
    return client.call("comment.post", {"dialogue_id": room.dialogue.id, "client_id": client_id,
                                        "item_id": room.item.id, "body": body, **extra})


def _state():
    db.session.expire_all()
    return (db.session.query(Comment).count(), db.session.query(Event).count(), db.session.query(Reaction).count(),
            db.session.query(Flag).count())


def test_a_comment_reaches_everyone_with_the_same_seq(room, socket_client):
    ana, ben, mod = (socket_client(room.users[k]) for k in ("ana", "ben", "mod"))
    for client in (ana, ben, mod):
        client.join(room.dialogue.id)
    ack = _post(ana, room)
    assert ack["ok"] and ack["id"] and ack["seq"] == 1
    received = [c.wait_for_type("comment.posted")[0] for c in (ana, ben, mod)]
    assert {m["seq"] for m in received} == {ack["seq"]}
    assert received[1]["data"]["body"] == "Propuesta: fondo rotatorio para retortas"


def test_a_post_costs_two_statements_and_no_lookup_of_its_client_id(room, socket_client):
    ana = socket_client(room.users["ana"])
    _post(ana, room, client_id="warm-up-0001")
    with count_queries() as statements:
        ack = _post(ana, room, client_id="counted-0001")
    assert ack["ok"] and ack["seq"] == 2
    # the comment, the event with the next seq if the dialogue and her participation are still as
    # her connection knows them (on SQLite: the seq, then the event); then commit. Who is asking,
    # the dialogue, her participation and the item are known to the connection since its first post.
    assert len(statements) == (2 if db.engine.dialect.name == "postgresql" else 3), "\n".join(statements)
    assert not any(s.lstrip().startswith("SELECT") for s in statements)


def test_a_retry_refused_by_the_rate_limit_still_gets_the_first_ack(room, socket_client, monkeypatch):
    ana = socket_client(room.users["ana"])
    first = _post(ana, room, client_id="limited-0001")
    monkeypatch.setattr("dialogues.security.limits.check", _refuse)
    assert _post(ana, room, client_id="limited-0001") == first
    assert _post(ana, room, client_id="limited-0002")["error"] == "rate_limited"
    assert _state()[:2] == (1, 1)


def _refuse(action, rate, who):
    raise RateLimited("slow down")


def test_a_retried_write_is_stored_once_and_acknowledged_alike(room, socket_client):
    ana = socket_client(room.users["ana"])
    first, again = _post(ana, room, client_id="retry-12345"), _post(ana, room, client_id="retry-12345")
    assert first == again and first["ok"]
    assert _state()[:2] == (1, 1)


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_client_id_belongs_to_its_author(room, socket_client, anonymous):
    ana, ben = socket_client(room.users["ana"]), socket_client(room.users["ben"])
    first = _post(ana, room, client_id="shared-0001", body="De Ana", anonymous=anonymous)
    assert _post(ana, room, client_id="shared-0001", body="De Ana", anonymous=anonymous) == first  # her retry
    other = _post(ben, room, client_id="shared-0001", body="De Ben")  # the same id from someone else
    assert other["ok"] and other["id"] != first["id"] and other["seq"] == first["seq"] + 1
    db.session.expire_all()
    assert {c.body for c in db.session.query(Comment)} == {"De Ana", "De Ben"}
    assert not db.session.query(Event).filter(Event.client_id.like("%shared%")).count()  # stored scoped


def test_a_participant_cannot_hide_pin_or_unhide(room, socket_client):
    ana, ben = socket_client(room.users["ana"]), socket_client(room.users["ben"])
    comment_id = _post(ana, room)["id"]
    for event in ("comment.hide", "comment.pin"):
        data = {"dialogue_id": room.dialogue.id, "client_id": f"{event}-1", "comment_id": comment_id}
        if event == "comment.hide":
            data["reason"] = "Fuera de tema"
        assert ben.call(event, data)["error"] == "forbidden"
    db.session.expire_all()
    assert db.session.get(Comment, comment_id).hidden_at is None


def test_nobody_posts_without_an_approved_registration_in_that_dialogue(room, socket_client):
    declined, elsewhere = make_user(), make_user()
    make_participant(room.dialogue, declined, state=RegistrationState.DECLINED)
    make_participant(make_dialogue(), elsewhere)
    for user in (room.users["pending"], declined, elsewhere, None):
        ack = _post(socket_client(user), room, client_id=f"who-{user.id if user else 0}-posting")
        assert not ack["ok"] and ack["error"] == ("not_authenticated" if user is None else "forbidden"), ack
    assert _state() == (0, 0, 0, 0)


def test_an_anonymous_comment_carries_no_trace_of_its_author(room, socket_client):
    ben, mod = socket_client(room.users["ben"]), socket_client(room.users["mod"])
    ben.join(room.dialogue.id)
    mod.join(room.dialogue.id)
    ana_part, ana_user = room.parts["ana"], room.users["ana"]
    ack = _post(socket_client(ana_user), room, anonymous=True, show_group=False, body="Nos cobran coimas")
    for client in (ben, mod):
        raw = json.dumps(client.wait_for_type("comment.posted")[0])
        for trace in (ana_user.name, ana_user.email, "Rosa", "author_id", "participant_id", "user_id",
                      f'"group_id": {ana_part.group_id}'):
            assert trace not in raw, (trace, raw)
    reply = socket_client(room.users["mod"]).call("comment.react", {
        "dialogue_id": room.dialogue.id, "client_id": "react-anon-1", "comment_id": ack["id"], "kind": "important"})
    assert reply["ok"]
    assert "Rosa" not in json.dumps(ben.wait_for_type("comment.reacted")[0])


@pytest.mark.parametrize("payload", [
    {"item_id": "1"},                                   # wrong type
    {"body": None},                                     # wrong type
    {"body": "x" * (1024 * 1024)},                      # 1 MB body
    {"parent_id": -3},
    {"anonymous": "yes"},
    {"unexpected": 1},
])
def test_malformed_posts_get_error_acks_and_change_nothing(room, socket_client, payload):
    ana = socket_client(room.users["ana"])
    data = {"dialogue_id": room.dialogue.id, "client_id": "bad-00001", "item_id": room.item.id, "body": "Hola",
            **payload}
    ack = ana.call("comment.post", data)
    assert ack["ok"] is False and ack["error"] == "invalid_input" and ack["message"]
    assert _state() == (0, 0, 0, 0)


def test_missing_fields_unknown_events_and_non_objects_get_error_acks(room, socket_client):
    ana = socket_client(room.users["ana"])
    assert ana.call("comment.post", {"dialogue_id": room.dialogue.id, "client_id": "miss-0001"})["error"] == "invalid_input"
    assert ana.call("comment.post", "hola")["error"] == "invalid_input"
    assert ana.call("comment.react", {"dialogue_id": room.dialogue.id, "client_id": "react-001", "comment_id": 999,
                                      "kind": "agree"})["error"] == "not_found"
    assert ana.call("comment.delete", {"dialogue_id": room.dialogue.id})["error"] == "unknown_event"
    assert _state() == (0, 0, 0, 0)


def test_a_client_that_missed_20_events_gets_exactly_those_in_order(room, socket_client):
    ben = socket_client(room.users["ben"])
    ben.join(room.dialogue.id)
    ana = socket_client(room.users["ana"])
    first = _post(ana, room, client_id="first-0001")
    ben.wait_for_type("comment.posted")
    ben.disconnect()
    acks = [_post(ana, room, body=f"Comentario {n}", client_id=f"missed-{n:04d}") for n in range(20)]
    again = socket_client(room.users["ben"])
    replay = again.join(room.dialogue.id, last_seq=first["seq"])["events"]
    assert [e["seq"] for e in replay] == [a["seq"] for a in acks] == list(range(2, 22))
    assert [e["data"]["body"] for e in replay] == [f"Comentario {n}" for n in range(20)]


def test_flags_reach_moderators_only(room, socket_client):
    ben, mod = socket_client(room.users["ben"]), socket_client(room.users["mod"])
    ben.join(room.dialogue.id)
    mod.join(room.dialogue.id)
    comment_id = _post(socket_client(room.users["ana"]), room)["id"]
    ack = ben.call("comment.flag", {"dialogue_id": room.dialogue.id, "client_id": "flag-0001", "comment_id": comment_id,
                                    "reason": "Insulta a una compañera"})
    assert ack["ok"]
    flagged = mod.wait_for_type("comment.flagged")[0]
    assert flagged["data"]["reason"] == "Insulta a una compañera" and flagged["seq"] == ack["seq"]
    stub = ben.wait_for(lambda evs: any(e["seq"] == ack["seq"] for e in evs))
    assert [e for e in stub if e["seq"] == ack["seq"]] == [{"seq": ack["seq"], "type": "skip"}]


def test_hide_and_unhide_reach_everyone_and_the_reason_only_the_author(room, socket_client, live_server):
    ben, mod = socket_client(room.users["ben"]), socket_client(room.users["mod"])
    ana = socket_client(room.users["ana"])
    for client in (ana, ben, mod):
        client.join(room.dialogue.id)
    comment_id = _post(ana, room)["id"]
    hide = {"dialogue_id": room.dialogue.id, "client_id": "hide-0001", "comment_id": comment_id,
            "reason": "Contiene datos personales"}
    assert mod.call("comment.hide", {**hide, "reason": ""})["error"] == "invalid_input"
    assert mod.call("comment.hide", hide)["ok"]
    for client in (ana, ben):
        assert client.wait_for_type("comment.hidden")[0]["data"] == {"id": comment_id, "hidden": True}
    url = f"{live_server.url}/d/{room.dialogue.id}/comments/{comment_id}.json"
    assert ana.http.get(url).json()["comment"]["hidden_reason"] == "Contiene datos personales"
    assert "Contiene" not in ben.http.get(url).text
    assert mod.call("comment.unhide", {"dialogue_id": room.dialogue.id, "client_id": "unhide-001",
                                       "comment_id": comment_id})["ok"]
    back = ben.wait_for_type("comment.unhidden")[0]["data"]
    assert back["body"] and not back["hidden"]


def test_edit_react_and_pin_reach_others(room, socket_client):
    ana, mod = socket_client(room.users["ana"]), socket_client(room.users["mod"])
    ben = socket_client(room.users["ben"])
    ben.join(room.dialogue.id)
    comment_id = _post(ana, room)["id"]
    base = {"dialogue_id": room.dialogue.id, "comment_id": comment_id}
    assert ana.call("comment.edit", {**base, "client_id": "edit-0001", "body": "Fondo rotatorio y asistencia técnica"})["ok"]
    assert ben.call("comment.edit", {**base, "client_id": "edit-0002", "body": "Mío"})["error"] == "forbidden"
    assert ben.call("comment.react", {**base, "client_id": "react-0001", "kind": "agree"})["ok"]
    assert mod.call("comment.pin", {**base, "client_id": "pin-00001"})["ok"]
    assert mod.call("comment.unpin", {**base, "client_id": "unpin-0001"})["ok"]
    ben.wait_for_type("comment.unpinned")
    types = [e["type"] for e in ben.events]
    assert types == ["comment.posted", "comment.edited", "comment.reacted", "comment.pinned", "comment.unpinned"]
    assert ben.events[1]["data"]["body"] == "Fondo rotatorio y asistencia técnica"
    assert ben.events[2]["data"]["reactions"]["agree"] == 1


def test_writes_are_rate_limited_per_participant(room, socket_client, app):
    app.config["RATELIMIT_ENABLED"] = True
    try:
        ana = socket_client(room.users["ana"])
        acks = [_post(ana, room, body=f"Mensaje {n}", client_id=f"rate-{n:04d}") for n in range(11)]
    finally:
        app.config["RATELIMIT_ENABLED"] = False
    assert [a["ok"] for a in acks[:10]] == [True] * 10 and acks[10]["error"] == "rate_limited"
    assert socket_client(room.users["ben"]).call("comment.post", {
        "dialogue_id": room.dialogue.id, "client_id": "rate-ben-1", "item_id": room.item.id, "body": "Hola"})["ok"]
