"""The thread page and its no-JavaScript forms, with CSRF on."""
import re

from dialogues.comments import services
from dialogues.comments.models import Comment
from dialogues.extensions import db

from ..conftest import count_queries
from .conftest import add_comments


def _token(client, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _thread_url(room):
    return f"/d/{room.dialogue.id}/items/{room.item.id}"


def test_post_reply_react_through_forms(room, client, login_as, app):
    login_as(room.users["ana"])
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the login helper posts without a token
    try:
        _forms(room, client)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _forms(room, client):
    url = _thread_url(room)
    token = _token(client, url)
    assert client.post(f"{url}/comments", data={"body": "Sin token"}).status_code == 400
    response = client.post(f"{url}/comments", data={"csrf_token": token, "body": "Necesitamos asistencia técnica"})
    assert response.status_code == 302
    top = db.session.query(Comment).one()
    client.post(f"{url}/comments", data={"csrf_token": token, "body": "Y capacitación", "parent_id": top.id,
                                         "anonymous": "y"})
    client.post(f"/d/{room.dialogue.id}/comments/{top.id}/react", data={"csrf_token": token, "kind": "important"})
    page = client.get(url).get_data(as_text=True)
    assert "Necesitamos asistencia técnica" in page and "Y capacitación" in page
    assert 'aria-pressed="true"' in page and "Anonymous participant" in page


def test_invalid_post_rerenders_with_the_message_and_saves_nothing(room, client, login_as):
    login_as(room.users["ana"])
    response = client.post(f"{_thread_url(room)}/comments", data={"body": "x" * 4001})
    assert response.status_code == 400 and db.session.query(Comment).count() == 0


def test_hidden_comment_shows_the_reason_to_its_author_only(room, client, login_as):
    with client.application.test_request_context():
        comment = services.post_comment(room.dialogue, room.users["ana"], room.item, "Llamen al 7777-1234")
        db.session.commit()
    login_as(room.users["mod"])
    response = client.post(f"/d/{room.dialogue.id}/comments/{comment.id}/hide", data={"reason": "Número de teléfono"})
    assert response.status_code == 302
    mod_page = client.get(_thread_url(room)).get_data(as_text=True)
    assert "Número de teléfono" in mod_page and "/unhide" in mod_page
    login_as(room.users["ben"])
    page = client.get(_thread_url(room)).get_data(as_text=True)
    assert "7777-1234" not in page and "Número de teléfono" not in page
    login_as(room.users["ana"])
    page = client.get(_thread_url(room)).get_data(as_text=True)
    assert "7777-1234" in page and "Número de teléfono" in page


def test_participant_cannot_hide_through_the_form(room, client, login_as):
    with client.application.test_request_context():
        comment = services.post_comment(room.dialogue, room.users["ana"], room.item, "Hola")
        db.session.commit()
    login_as(room.users["ben"])
    assert client.post(f"/d/{room.dialogue.id}/comments/{comment.id}/hide", data={"reason": "x"}).status_code == 403
    assert client.post(f"/d/{room.dialogue.id}/comments/{comment.id}/pin").status_code == 403


def test_older_comments_link_and_json(room, client):
    add_comments(room.item, room.parts["ana"], 25)
    page = client.get(_thread_url(room)).get_data(as_text=True)
    before = re.search(r'data-before="(\d+)"', page).group(1)
    assert page.count('data-depth="1"') == 20 + 1  # and the template
    older = client.get(f"{_thread_url(room)}?before={before}").get_data(as_text=True)
    assert older.count('data-depth="1"') == 5 + 1 and "data-before" not in older
    data = client.get(f"{_thread_url(room)}/comments.json?before={before}").get_json()
    assert len(data["comments"]) == 5 and data["has_older"] is False
    assert client.get(f"{_thread_url(room)}/comments.json?before=abc").status_code == 400


def test_unknown_item_or_item_of_another_dialogue_is_404(room, client):
    from ..factories import make_dialogue
    other = make_dialogue()
    assert client.get(f"/d/{other.id}/items/{room.item.id}").status_code == 404
    assert client.get(f"/d/{room.dialogue.id}/items/999999").status_code == 404


def test_the_page_queries_do_not_grow_with_the_thread(room, client, login_as):
    login_as(room.users["mod"])

    def queries_for(count):
        db.session.query(Comment).delete()
        db.session.commit()
        add_comments(room.item, room.parts["ana"], count // 5, replies_each=3)
        with count_queries() as queries:
            assert client.get(_thread_url(room)).status_code == 200
        return len(queries)

    assert queries_for(50) == queries_for(500)
