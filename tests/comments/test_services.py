"""Comment rules: who may post, threading, edit window, reactions, flags, hiding, pinning, serialization."""
from datetime import timedelta

import pytest

from dialogues.agenda.models import AgendaItem
from dialogues.comments import services
from dialogues.comments.models import Comment, Flag
from dialogues.errors import Conflict, InvalidInput, InvalidState, NotFound, NotPermitted
from dialogues.extensions import db
from dialogues.realtime import log
from dialogues.roundtable.models import RegistrationState, Role
from dialogues.rows import load

from ..conftest import count_queries
from ..factories import make_dialogue, make_participant, make_user
from .conftest import add_comments, make_item


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def post(room, who="ana", body="Necesitamos crédito para retortas", **kw):
    comment = services.post_comment(room.dialogue, room.users[who], room.item, body, **kw)
    db.session.commit()
    return comment


def test_post_appends_one_public_event_with_the_comment(room):
    comment = post(room, body="  Necesitamos crédito  ")
    assert comment.body == "Necesitamos crédito" and comment.group_id == room.parts["ana"].group_id
    [event] = log.events_after(room.dialogue.id, 0, moderator=False)
    assert event["type"] == "comment.posted" and event["data"]["id"] == comment.id
    assert event["data"]["author"] == {"name": "Rosa Huanca", "group_id": room.parts["ana"].group_id}


@pytest.mark.parametrize("who", ["pending", "outsider"])
def test_only_approved_participants_post(room, who):
    with pytest.raises(NotPermitted):
        post(room, who)


def test_declined_observer_and_other_dialogues_participant_cannot_post(room):
    declined, observer, elsewhere = make_user(), make_user(), make_user()
    make_participant(room.dialogue, declined, state=RegistrationState.DECLINED)
    make_participant(room.dialogue, observer, role=Role.OBSERVER)
    make_participant(make_dialogue(), elsewhere)
    for user in (declined, observer, elsewhere):
        with pytest.raises(NotPermitted):
            services.post_comment(room.dialogue, user, room.item, "Hola")
    assert db.session.query(Comment).count() == 0


@pytest.mark.parametrize("body", ["", "   ", "x" * 4001, 42])
def test_body_must_be_1_to_4000_characters_of_text(room, body):
    with pytest.raises(InvalidInput):
        post(room, body=body)


def test_anonymous_only_where_the_dialogue_allows_it(room):
    room.dialogue.allow_anonymous = False
    db.session.commit()
    with pytest.raises(InvalidInput):
        post(room, anonymous=True)


def test_reply_must_be_in_the_same_item_and_nests_at_most_three_levels(room):
    other_item = make_item(room.dialogue, "Seguridad y salud ocupacional", 2)
    top = post(room)
    with pytest.raises(InvalidInput):
        services.post_comment(room.dialogue, room.users["ben"], other_item, "No", parent_id=top.id)
    second = post(room, "ben", parent_id=top.id)
    third = post(room, "ana", parent_id=second.id)
    fourth = post(room, "ben", parent_id=third.id)
    assert (second.parent_id, third.parent_id, fourth.parent_id) == (top.id, second.id, second.id)


def test_edit_by_the_author_only_within_the_window(room, app):
    comment = post(room)
    with pytest.raises(NotPermitted):
        services.edit_comment(room.dialogue, room.users["ben"], comment, "Otro texto")
    services.edit_comment(room.dialogue, room.users["ana"], comment, "Texto corregido")
    db.session.commit()
    assert comment.body == "Texto corregido" and comment.edited_at is not None
    comment.created_at -= timedelta(minutes=16)
    db.session.commit()
    with pytest.raises(InvalidState):
        services.edit_comment(room.dialogue, room.users["ana"], comment, "Demasiado tarde")
    app.config["COMMENT_EDIT_MINUTES"] = 30
    try:
        services.edit_comment(room.dialogue, room.users["ana"], comment, "Ventana más larga")
    finally:
        del app.config["COMMENT_EDIT_MINUTES"]


def test_reactions_toggle_and_counts_are_broadcast(room):
    comment = post(room)
    assert services.react(room.dialogue, room.users["ben"], comment, "agree") is True
    services.react(room.dialogue, room.users["mod"], comment, "agree")
    services.react(room.dialogue, room.users["ben"], comment, "important")
    assert services.react(room.dialogue, room.users["ben"], comment, "agree") is False
    db.session.commit()
    last = log.events_after(room.dialogue.id, 0, moderator=False)[-1]
    assert last["data"] == {"id": comment.id, "reactions": {"agree": 1, "disagree": 0, "important": 1}}
    with pytest.raises(InvalidInput):
        services.react(room.dialogue, room.users["ben"], comment, "love")


def test_flag_once_per_person_and_only_moderators_read_it(room):
    comment = post(room)
    services.flag(room.dialogue, room.users["ben"], comment, "Datos personales")
    db.session.commit()
    with pytest.raises(Conflict):
        services.flag(room.dialogue, room.users["ben"], comment, "Otra vez")
    with pytest.raises(InvalidInput):
        services.flag(room.dialogue, room.users["ana"], comment)  # one's own
    public = log.events_after(room.dialogue.id, 0, moderator=False)[-1]
    assert public == {"seq": public["seq"], "type": "skip"}
    flagged = log.events_after(room.dialogue.id, 0, moderator=True)[-1]
    assert flagged["type"] == "comment.flagged" and flagged["data"]["flags"] == 1
    assert "Rosa" not in str(flagged) and "Teodoro" not in str(flagged)


def test_hide_needs_a_moderator_and_a_reason_and_shows_the_reason_to_the_author_only(room):
    comment = post(room)
    services.flag(room.dialogue, room.users["ben"], comment)
    with pytest.raises(NotPermitted):
        services.hide(room.dialogue, room.users["ben"], comment, "No me gusta")
    with pytest.raises(InvalidInput):
        services.hide(room.dialogue, room.users["mod"], comment, "  ")
    services.hide(room.dialogue, room.users["mod"], comment, "Contiene un número de teléfono")
    db.session.commit()
    assert db.session.query(Flag).one().resolved_at is not None
    assert log.events_after(room.dialogue.id, 0, moderator=False)[-1]["data"] == {"id": comment.id, "hidden": True}
    as_ben = services.comment_json(room.dialogue, room.users["ben"], comment)
    as_ana = services.comment_json(room.dialogue, room.users["ana"], comment)
    as_mod = services.comment_json(room.dialogue, room.users["mod"], comment)
    assert as_ben == {"id": comment.id, "parent_id": None, "item_id": room.item.id, "hidden": True}
    assert as_ana["hidden_reason"] == "Contiene un número de teléfono" and as_ana["mine"]
    assert as_mod["hidden_reason"] and as_mod["body"]
    with pytest.raises(InvalidState):
        services.edit_comment(room.dialogue, room.users["ana"], comment, "Sin teléfono")
    services.unhide(room.dialogue, room.users["mod"], comment)
    db.session.commit()
    assert services.comment_json(room.dialogue, room.users["ben"], comment)["body"] == comment.body
    assert "hidden_reason" not in services.comment_json(room.dialogue, room.users["ana"], comment)


def test_dismissing_flags_needs_a_moderator_and_only_moderators_hear_of_it(room):
    comment = post(room)
    with pytest.raises(InvalidState):
        services.dismiss_flags(room.dialogue, room.users["mod"], comment)  # nothing to dismiss
    services.flag(room.dialogue, room.users["ben"], comment, "Ofensivo")
    db.session.commit()
    with pytest.raises(NotPermitted):
        services.dismiss_flags(room.dialogue, room.users["ben"], comment)
    services.dismiss_flags(room.dialogue, room.users["mod"], comment)
    db.session.commit()
    assert db.session.query(Flag).one().resolved_at is not None and comment.hidden_at is None
    assert services.comment_json(room.dialogue, room.users["mod"], comment)["flags"] == 0
    public = log.events_after(room.dialogue.id, 0, moderator=False)[-1]
    assert public == {"seq": public["seq"], "type": "skip"}
    dismissed = log.events_after(room.dialogue.id, 0, moderator=True)[-1]
    assert dismissed["type"] == "comment.flags_dismissed" and dismissed["data"] == {
        "id": comment.id, "item_id": room.item.id, "flags": 0}
    with pytest.raises(Conflict):  # still once per person: a dismissed flag is not asked again
        services.flag(room.dialogue, room.users["ben"], comment)


def test_pin_top_level_comments_only_and_pinned_come_first(room):
    first, second = post(room, body="Primero"), post(room, body="Segundo")
    reply = post(room, "ben", parent_id=first.id)
    with pytest.raises(NotPermitted):
        services.set_pinned(room.dialogue, room.users["ana"], first, True)
    with pytest.raises(InvalidInput):
        services.set_pinned(room.dialogue, room.users["mod"], reply, True)
    services.set_pinned(room.dialogue, room.users["mod"], first, True)
    db.session.commit()
    with pytest.raises(InvalidState):
        services.set_pinned(room.dialogue, room.users["mod"], first, True)
    page = services.thread(room.item, services.Viewer())
    assert [c["id"] for c in page.comments] == [first.id, second.id]
    assert page.comments[0]["pinned"] and page.comments[0]["replies"][0]["id"] == reply.id


def test_anonymous_comment_serializes_without_its_author_even_for_moderators(room):
    hidden_group = post(room, anonymous=True, show_group=False)
    shown_group = post(room, anonymous=True, show_group=True)
    for who in ("mod", "ben"):
        data = services.comment_json(room.dialogue, room.users[who], hidden_group)
        assert data["author"] == {"name": None, "group_id": None} and data["anonymous"]
    assert services.comment_json(room.dialogue, room.users["ben"], shown_group)["author"] == {
        "name": None, "group_id": room.parts["ana"].group_id}
    assert all(e.actor_user_id is None for e in db.session.query(log.Event))


def test_comments_on_another_dialogue_are_not_found(room):
    comment = post(room)
    other = make_dialogue()
    with pytest.raises(NotFound):
        load(Comment, comment.id, other)
    with pytest.raises(NotFound):
        load(AgendaItem, room.item.id, other)


def test_thread_pages_older_comments(room):
    add_comments(room.item, room.parts["ana"], 45)
    first = services.thread(room.item, services.Viewer())
    second = services.thread(room.item, services.Viewer(), first.older_than)
    third = services.thread(room.item, services.Viewer(), second.older_than)
    ids = [c["id"] for page in (first, second, third) for c in page.comments]
    assert len(ids) == 45 and ids == sorted(ids, reverse=True)
    assert (first.has_older, second.has_older, third.has_older) == (True, True, False)


def test_thread_loads_in_a_constant_number_of_queries(room):
    def queries_for(count: int) -> int:
        db.session.query(Comment).delete()
        db.session.commit()
        add_comments(room.item, room.parts["ana"], count // 5, replies_each=3)  # 5 comments per top-level one
        db.session.expire_all()
        viewer = services.viewer_for(room.dialogue, room.users["mod"])
        with count_queries() as queries:
            page = services.thread(room.item, viewer, limit=100)
        assert sum(1 + len(c["replies"]) + sum(len(r["replies"]) for r in c["replies"]) for c in page.comments) \
            == min(count, 500)
        return len(queries)

    assert queries_for(50) == queries_for(500)
