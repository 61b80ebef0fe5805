"""The comment form on the thread page without JavaScript: anonymity is chosen again for every comment,
and a reply says whom it answers, never naming an anonymous author."""
import re

from dialogues.comments import services
from dialogues.comments.models import Comment
from dialogues.extensions import db

from .conftest import make_item


def _url(room, **query):
    url = f"/d/{room.dialogue.id}/items/{room.item.id}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _box(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def _banner(page: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<span data-replying-text>(.*?)</span>", page, re.S).group(1)).strip()


def _comment(room, who: str, body: str, item=None, **kwargs) -> Comment:
    with_item = item or room.item
    comment = services.post_comment(room.dialogue, room.users[who], with_item, body, **kwargs)
    db.session.commit()
    return comment


def test_after_an_anonymous_post_the_form_is_back_to_its_defaults(room, client, login_as, app):
    room.dialogue.allow_anonymous = True
    db.session.commit()
    top = _comment(room, "ben", "Hay que formalizar a las cooperativas")
    login_as(room.users["ana"])
    response = client.post(f"{_url(room)}/comments", data={"body": "Sin mi nombre", "parent_id": top.id,
                                                            "anonymous": "y", "show_group": "y"})
    assert response.status_code == 302
    assert db.session.query(Comment).filter_by(body="Sin mi nombre").one().is_anonymous
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    anonymous, show_group = _box(page, "anonymous"), _box(page, "show_group")
    assert "checked" not in anonymous and "checked" in show_group
    # a browser does not bring the last choice back on reload or "back" either
    assert 'autocomplete="off"' in anonymous and 'autocomplete="off"' in show_group
    # and the next reply (the "Reply" link is a new page) starts from the defaults too
    page = client.get(_url(room, reply_to=top.id)).get_data(as_text=True)
    assert "checked" not in _box(page, "anonymous") and "checked" in _box(page, "show_group")


def test_a_form_sent_back_with_an_error_keeps_what_she_chose(room, client, login_as):
    room.dialogue.allow_anonymous = True
    db.session.commit()
    login_as(room.users["ana"])
    response = client.post(f"{_url(room)}/comments", data={"body": "x" * 4001, "anonymous": "y"})
    assert response.status_code == 400
    assert "checked" in _box(response.get_data(as_text=True), "anonymous")


def test_the_reply_banner_names_the_author_of_a_named_comment(room, client, login_as):
    named = _comment(room, "ben", "Necesitamos créditos")
    login_as(room.users["ana"])
    page = client.get(_url(room, reply_to=named.id)).get_data(as_text=True)
    assert _banner(page) == "You are replying to a comment by Teodoro Condori."
    assert 'data-text-named="You are replying to a comment by %(name)s."' in page


def test_the_reply_banner_never_names_an_anonymous_author(room, client, login_as):
    room.dialogue.allow_anonymous = True
    db.session.commit()
    hidden_name = _comment(room, "ben", "Lo digo sin nombre", anonymous=True, show_group=False)
    for who in ("ana", "mod", "ben"):  # the public, a moderator, the author: the banner says the same
        login_as(room.users[who])
        page = client.get(_url(room, reply_to=hidden_name.id)).get_data(as_text=True)
        assert _banner(page) == "You are replying to an anonymous comment."
        if who != "ben":
            assert "Teodoro Condori" not in page


def test_the_reply_banner_of_a_comment_it_cannot_show_says_only_a_comment(room, client, login_as):
    other_item = make_item(room.dialogue, "Regalías", position=2)
    elsewhere = _comment(room, "ben", "En otro punto", item=other_item)
    hidden = _comment(room, "ben", "Oculto")
    services.hide(room.dialogue, room.users["mod"], hidden, "Datos personales")
    db.session.commit()
    login_as(room.users["ana"])
    for target in (elsewhere.id, hidden.id, 999999):
        page = client.get(_url(room, reply_to=target)).get_data(as_text=True)
        assert _banner(page) == "You are replying to a comment.", target
        assert "Teodoro Condori" not in _banner(page)


def test_the_reply_banner_is_in_spanish_and_french(room, client, login_as):
    named = _comment(room, "ben", "Necesitamos créditos")
    login_as(room.users["ana"])
    for lang, text in (("es", "Estás respondiendo a un comentario de Teodoro Condori."),
                       ("fr", "Vous répondez à un commentaire écrit par Teodoro Condori.")):
        with client.session_transaction() as session:  # the reader's own choice of language
            session["lang"] = lang
        page = client.get(_url(room, reply_to=named.id)).get_data(as_text=True)
        assert _banner(page) == text



def test_a_name_with_markup_characters_is_shown_once_escaped(room, client, login_as):
    room.parts["ben"].name = "Ana & <Co>"
    db.session.commit()
    named = _comment(room, "ben", "Hola")
    login_as(room.users["ana"])
    page = client.get(_url(room, reply_to=named.id)).get_data(as_text=True)
    assert _banner(page) == "You are replying to a comment by Ana &amp; &lt;Co&gt;."


def test_a_page_opened_while_the_room_is_on_another_item_says_so(room, client, login_as):
    """Opened from an old link while another item is under discussion: the notice is there at once,
    with a link to the room's item; on the room's own item there is none."""
    from dialogues.agenda.models import ItemState

    other = make_item(room.dialogue, title="Regalías <mineras>")
    other.state = ItemState.RUNNING
    db.session.commit()
    login_as(room.users["ana"])
    page = client.get(_url(room)).get_data(as_text=True)
    notice = re.search(r'<p class="flash" data-room-moved-body\s*>(.*?)</p>', page, re.S)
    assert notice, "the notice is shown"
    assert f'href="/d/{room.dialogue.id}/items/{other.id}">Regalías &lt;mineras&gt;</a>' in notice.group(1)
    assert f'data-room-item="{other.id}"' in page
    own = client.get(f"/d/{room.dialogue.id}/items/{other.id}").get_data(as_text=True)
    assert re.search(r'<p class="flash" data-room-moved-body hidden>', own)
