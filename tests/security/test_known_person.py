"""A live connection knows its person from the moment it connects (realtime/connections.person),
and that knowledge follows every change that should change it: whoever is demoted, declined,
signed out or revoked is refused on their next event; whoever is approved while connected posts on
their next event; a change to who the person is or what they may do closes the connection.
Real python-socketio clients against the live server."""
import pytest
import socketio as socketio_client
from sqlalchemy import select

from dialogues.accounts.models import User
from dialogues.extensions import db
from dialogues.roundtable.models import Participant, RegistrationState, Role

from ..comments.conftest import make_item
from ..conftest import count_queries, http_session
from ..factories import make_dialogue, make_participant, make_user
from .test_live_connections import Watched, pass_holder


@pytest.fixture
def live(live_server):
    """A live dialogue with an item, its organizer's signed-in HTTP session, and a way to post."""
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    item = make_item(dialogue)
    session = http_session(live_server.url, organizer)
    posts = iter(range(1, 10_000))

    class Live:
        def post(self, client) -> dict:
            return client.call("comment.post", {"dialogue_id": dialogue.id, "item_id": item.id,
                                                "client_id": f"known-{next(posts):05d}", "body": "Propuesta"})

        def act(self, participant: Participant, action: str, **data) -> None:
            response = session.post(f"{live_server.url}/d/{dialogue.id}/participants/{participant.id}/{action}",
                                    data=data, allow_redirects=False)
            assert response.status_code == 302, response.text

    live = Live()
    live.dialogue, live.item, live.organizer = dialogue, item, organizer
    return live


def reconnected(watched: Watched) -> Watched:
    """What the page does when its connection closes: connect again with the cookie it holds."""
    assert watched.wait_closed()
    client = watched.client
    client.sio = socketio_client.Client(reconnection=False, http_session=client.http)
    client.sio.on("event", client._on_event)
    return Watched(client.connect())


def test_a_demoted_participant_is_refused_on_their_next_event(live, socket_client):
    person = make_user()
    participant = make_participant(live.dialogue, person)
    watched = Watched(socket_client(person))
    assert live.post(watched.client)["ok"]
    live.act(participant, "role", role="observer")
    ack = live.post(reconnected(watched).client)
    assert not ack["ok"] and ack["error"] == "forbidden", ack


def test_a_declined_participant_is_refused_on_their_next_event(live, socket_client):
    person = make_user()
    participant = make_participant(live.dialogue, person)
    watched = Watched(socket_client(person))
    assert live.post(watched.client)["ok"]
    live.act(participant, "decline")
    ack = live.post(reconnected(watched).client)
    assert not ack["ok"] and ack["error"] == "forbidden", ack


def test_a_signed_out_person_is_refused_on_their_next_event_even_with_a_copy_of_the_cookie(live, socket_client):
    person = make_user()
    make_participant(live.dialogue, person)
    watched = Watched(socket_client(person))
    assert live.post(watched.client)["ok"]
    copied = watched.client.http.cookies.get_dict()
    elsewhere = http_session(watched.client.base_url)
    elsewhere.cookies.update(copied)
    assert elsewhere.post(f"{watched.client.base_url}/accounts/logout", allow_redirects=False).status_code == 302
    ack = live.post(reconnected(watched).client)  # the page still holds the old cookie
    assert not ack["ok"] and ack["error"] == "not_authenticated", ack


def test_a_revoked_pass_is_refused_on_its_next_event(live, live_server):
    holder = pass_holder(live_server, live.dialogue)
    try:
        participant = db.session.scalar(select(Participant).where(Participant.name == "Doña Rosa"))
        live.act(participant, "approve")
        watched = Watched(holder)
        assert live.post(holder)["ok"]
        live.act(participant, "revoke-pass")
        ack = live.post(reconnected(watched).client)
        assert not ack["ok"] and ack["error"] == "not_authenticated", ack
    finally:
        holder.disconnect(wait=False)


def test_a_person_approved_while_connected_posts_on_their_next_event(live, socket_client):
    person = make_user()
    participant = make_participant(live.dialogue, person, state=RegistrationState.PENDING)
    watched = Watched(socket_client(person))
    assert live.post(watched.client)["error"] == "forbidden"
    live.act(participant, "approve")
    assert live.post(watched.client)["ok"]
    assert not watched.closed.is_set()  # the same connection


def test_a_role_changed_without_closing_is_still_todays_on_the_next_event(live, socket_client):
    """What a connection knows of its person's place in the dialogue is read with the dialogue on
    every event, so even a change that closes nothing (made here behind the services' back) holds."""
    person = make_user()
    participant = make_participant(live.dialogue, person)
    watched = Watched(socket_client(person))
    assert live.post(watched.client)["ok"]
    db.session.get(Participant, participant.id).role = Role.OBSERVER
    db.session.commit()
    assert live.post(watched.client)["error"] == "forbidden"
    assert not watched.closed.is_set()


def _two_connected(live, socket_client):
    person, other = make_user(), make_user()
    make_participant(live.dialogue, person)
    make_participant(live.dialogue, other)
    watched, bystander = Watched(socket_client(person)), Watched(socket_client(other))
    assert live.post(watched.client)["ok"]
    return db.session.get(User, person.id), watched, bystander


@pytest.mark.parametrize("change", ["password", "admin"])
def test_a_change_to_who_the_person_is_or_may_do_closes_their_connections(live, socket_client, change):
    """Even one made without ``revoke_sessions`` (a new password set on the row itself)."""
    user, watched, bystander = _two_connected(live, socket_client)
    if change == "password":
        user.set_password("another-horse-battery")
    else:
        user.is_admin = True
    db.session.commit()
    assert watched.wait_closed()
    assert not bystander.closed.is_set() and live.post(bystander.client)["ok"]


@pytest.mark.parametrize("change", ["language", "allowance", "name"])
def test_a_change_no_socket_event_decides_on_keeps_the_connection(live, socket_client, change):
    user, watched, _bystander = _two_connected(live, socket_client)
    if change == "language":
        user.locale = "fr"
    elif change == "allowance":
        user.may_create_dialogues = True
    else:
        user.name = "Otro Nombre"
    db.session.commit()
    assert live.post(watched.client)["ok"]
    assert not watched.closed.is_set()


def test_the_person_is_loaded_once_per_connection_not_per_event(live, socket_client):
    person = make_user()
    make_participant(live.dialogue, person)
    client = socket_client(person)
    assert live.post(client)["ok"]
    with count_queries() as statements:
        for _ in range(3):
            assert live.post(client)["ok"]
    assert not [s for s in statements if 'FROM "user"' in s or "FROM user" in s], statements


# --- what a connection knows of its dialogue (realtime/connections.known_dialogue) ------------------

def _comments(live, client_ids=None) -> int:
    from dialogues.comments.models import Comment
    db.session.expire_all()
    return db.session.scalar(select(db.func.count(Comment.id)).where(Comment.dialogue_id == live.dialogue.id))


def test_a_connection_writes_without_reading_its_dialogue_its_place_in_it_or_the_item_again(live, socket_client):
    person = make_user()
    make_participant(live.dialogue, person)
    client = socket_client(person)
    assert live.post(client)["ok"]  # reads them, and knows them from now on
    with count_queries() as statements:
        for _ in range(3):
            assert live.post(client)["ok"]
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert reads == [], reads  # nor the item the comments are on


def test_an_item_deleted_since_the_connection_kept_it_is_not_found(live, socket_client):
    from dialogues.agenda.models import AgendaItem

    person = make_user()
    make_participant(live.dialogue, person)
    client = socket_client(person)
    assert live.post(client)["ok"]
    db.session.delete(db.session.get(AgendaItem, live.item.id))
    db.session.commit()
    ack = live.post(client)
    assert not ack["ok"] and ack["error"] == "not_found", ack


@pytest.mark.parametrize("change", ["status", "anonymity"])
def test_a_change_to_the_dialogue_behind_the_services_back_holds_on_the_next_write(live, socket_client, change):
    """The write decides with the dialogue as its connection knew it; the version it was read at is
    checked as it commits, and a write that finds it changed is made again afresh: refused now."""
    from dialogues.roundtable.models import Dialogue, DialogueStatus

    person = make_user()
    make_participant(live.dialogue, person)
    client = socket_client(person)
    assert live.post(client)["ok"]
    before = _comments(live)
    dialogue = db.session.get(Dialogue, live.dialogue.id)
    if change == "status":
        dialogue.status = DialogueStatus.CLOSED
    else:
        dialogue.allow_anonymous = False
    db.session.commit()
    ack = client.call("comment.post", {"dialogue_id": live.dialogue.id, "item_id": live.item.id,
                                       "client_id": "known-changed", "body": "Propuesta", "anonymous": True})
    assert not ack["ok"] and ack["error"] == ("invalid_state" if change == "status" else "invalid_input"), ack
    assert _comments(live) == before  # nothing half-written by the first attempt


def test_a_write_made_again_after_a_change_is_stored_once_and_counted_once(live, socket_client, app):
    """A change that still allows the write: the write, made again afresh, is stored once, its
    acknowledgement is the one of that write, and the rate limit counts it once."""
    from dialogues.comments import services as comments
    from dialogues.roundtable.models import Dialogue

    person = make_user()
    make_participant(live.dialogue, person)
    client = socket_client(person)
    rate = comments.post_comment.rate
    app.config["RATELIMIT_ENABLED"], comments.post_comment.rate = True, "3/minute"
    try:
        assert live.post(client)["ok"]  # counted: 1
        before = _comments(live)
        db.session.get(Dialogue, live.dialogue.id).title = "Mesa de diálogo, día 2"
        db.session.commit()
        ack = live.post(client)  # counted: 2 (not 3: made twice)
        assert ack["ok"] and ack["seq"], ack
        assert _comments(live) == before + 1
        assert live.post(client)["ok"]  # counted: 3
        assert live.post(client)["error"] == "rate_limited"
    finally:
        app.config["RATELIMIT_ENABLED"], comments.post_comment.rate = False, rate
