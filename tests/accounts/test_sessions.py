"""Revocable sessions: after sign-out, a copied session cookie or remember cookie signs nobody in,
over HTTP or a socket, and the person's live connections close."""
import pytest
import requests
import socketio as socketio_client

from dialogues.extensions import db

from ..factories import PASSWORD, make_dialogue, make_participant, make_user


def signed_in(base_url: str, user, remember: bool = False) -> requests.Session:
    session = requests.Session()
    data = {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert session.post(f"{base_url}/accounts/login", data=data, allow_redirects=False).status_code == 302
    return session


def copy_of(session: requests.Session, *names: str) -> requests.Session:
    thief = requests.Session()
    for cookie in session.cookies:
        if cookie.name in names:
            thief.cookies.set(cookie.name, cookie.value)
    return thief


def reads_my_data(session: requests.Session, base_url: str) -> bool:
    return session.get(f"{base_url}/me/data", allow_redirects=False).status_code == 200


def socket_posts(session: requests.Session, base_url: str, dialogue, item_id: int) -> bool:
    client = socketio_client.Client(reconnection=False, http_session=session)
    client.connect(base_url, wait_timeout=10)
    try:
        ack = client.call("comment.post", {"dialogue_id": dialogue.id, "item_id": item_id, "body": "Copiada",
                                           "client_id": f"copied-{id(session)}"}, timeout=10)
        return ack["ok"]
    finally:
        client.disconnect()


@pytest.fixture
def live_item(app):
    from dialogues.agenda import services as agenda

    organizer = make_user()
    dialogue = make_dialogue(organizer)
    item = agenda.add_item(dialogue, organizer, {"title": "Mercurio", "planned_minutes": 20})
    agenda.start_item(dialogue, organizer, item)
    db.session.commit()
    return dialogue, item.id


@pytest.mark.parametrize("copied", [("session",), ("remember_token",)])
def test_a_copied_cookie_is_refused_after_sign_out(live_server, live_item, copied):
    dialogue, item_id = live_item
    person = make_user()
    make_participant(dialogue, person)
    mine = signed_in(live_server.url, person, remember=True)
    thief = copy_of(mine, *copied)
    assert reads_my_data(thief, live_server.url) and socket_posts(copy_of(mine, *copied), live_server.url,
                                                                  dialogue, item_id)
    assert mine.post(f"{live_server.url}/accounts/logout", allow_redirects=False).status_code == 302
    assert not reads_my_data(copy_of(thief, *copied), live_server.url)
    assert not socket_posts(copy_of(thief, *copied), live_server.url, dialogue, item_id)
    # signing in again opens a new session; the old copies stay dead
    again = signed_in(live_server.url, person)
    assert reads_my_data(again, live_server.url) and not reads_my_data(copy_of(thief, *copied), live_server.url)


def test_a_new_password_ends_the_old_sessions(client, login_as):
    person = make_user()
    login_as(person)
    assert client.get("/me/data").status_code == 200
    person.set_password("another-long-password")
    db.session.commit()
    assert client.get("/me/data").status_code == 302  # to sign-in
