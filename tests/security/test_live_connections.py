"""Signing out, being declined or losing rights closes that person's live connections at once."""
import threading

from dialogues.roundtable.models import RegistrationState, Role

from ..conftest import http_session
from ..factories import make_dialogue, make_participant, make_user


class Watched:
    """A connected client and an event set when the server drops it."""

    def __init__(self, client):
        self.client = client
        self.closed = threading.Event()
        client.sio.on("disconnect", lambda *reason: self.closed.set())

    def wait_closed(self) -> bool:
        return self.closed.wait(10)


def connect(socket_client, user, dialogue) -> Watched:
    watched = Watched(socket_client(user))
    watched.client.join(dialogue.id)
    return watched


def organizer_session(live_server, organizer):
    return http_session(live_server.url, organizer)


def test_logging_out_closes_the_persons_connections_only(socket_client, live_server):
    dialogue = make_dialogue()
    leaving, staying = make_user(), make_user()
    make_participant(dialogue, leaving)
    make_participant(dialogue, staying)
    phone, laptop = connect(socket_client, leaving, dialogue), connect(socket_client, leaving, dialogue)
    other = connect(socket_client, staying, dialogue)
    not_joined = Watched(socket_client(leaving))  # connected, never joined a dialogue

    response = phone.client.http.post(f"{live_server.url}/accounts/logout", allow_redirects=False)
    assert response.status_code == 302
    assert phone.wait_closed() and laptop.wait_closed() and not_joined.wait_closed()
    assert not other.closed.is_set() and other.client.sio.connected
    assert other.client.call("sync", {"dialogue_id": dialogue.id, "last_seq": 0})["ok"]


def test_a_decline_closes_the_declined_persons_connections(socket_client, live_server):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    person = make_user()
    pending = make_participant(dialogue, person, state=RegistrationState.PENDING)
    watched = connect(socket_client, person, dialogue)
    response = organizer_session(live_server, organizer).post(
        f"{live_server.url}/d/{dialogue.id}/participants/{pending.id}/decline", allow_redirects=False)
    assert response.status_code == 302
    assert watched.wait_closed()


def test_losing_moderation_closes_the_connection_that_joined_the_moderators_room(socket_client, live_server):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    moderator, promoted = make_user(), make_user()
    demoted = make_participant(dialogue, moderator, role=Role.MODERATOR)
    raised = make_participant(dialogue, promoted)
    watched, gaining = connect(socket_client, moderator, dialogue), connect(socket_client, promoted, dialogue)
    session = organizer_session(live_server, organizer)
    for participant, role in ((raised, "moderator"), (demoted, "observer")):
        response = session.post(f"{live_server.url}/d/{dialogue.id}/participants/{participant.id}/role",
                                data={"role": role}, allow_redirects=False)
        assert response.status_code == 302
    assert watched.wait_closed()
    assert not gaining.closed.is_set()  # gaining rights keeps the connection (it may rejoin for more)


def test_a_refused_change_closes_nothing(socket_client, live_server):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    own = make_participant(dialogue, make_user(), role=Role.ORGANIZER)
    watched = connect(socket_client, organizer, dialogue)
    session = organizer_session(live_server, organizer)
    organizer_participant = next(p for p in dialogue_participants(dialogue) if p.user_id == organizer.id)
    response = session.post(f"{live_server.url}/d/{dialogue.id}/participants/{organizer_participant.id}/decline",
                            allow_redirects=False)
    assert response.status_code == 409  # cannot decline oneself: rolled back, nobody disconnected
    assert watched.client.call("sync", {"dialogue_id": dialogue.id, "last_seq": 0})["ok"]
    assert own.role == Role.ORGANIZER


def dialogue_participants(dialogue):
    from sqlalchemy import select

    from dialogues.extensions import db
    from dialogues.roundtable.models import Participant

    return db.session.scalars(select(Participant).where(Participant.dialogue_id == dialogue.id))


def pass_holder(live_server, dialogue, name: str = "Doña Rosa"):
    """A LiveClient whose HTTP session joined ``dialogue`` at the door with a room pass, connected."""
    from ..conftest import LiveClient

    client = LiveClient(live_server.url)
    group = dialogue.groups[0].id
    response = client.http.post(f"{live_server.url}/d/{dialogue.id}/join",
                                data={"name": name, "group_id": group, "agree": "y"})
    assert response.status_code == 200, response.text
    return client.connect()


def test_a_revoked_pass_has_its_open_socket_closed(live_server):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    holder = pass_holder(live_server, dialogue)
    try:
        watched = Watched(holder)
        holder.join(dialogue.id)
        participant = next(p for p in dialogue_participants(dialogue) if p.name == "Doña Rosa")
        response = organizer_session(live_server, organizer).post(
            f"{live_server.url}/d/{dialogue.id}/participants/{participant.id}/revoke-pass", allow_redirects=False)
        assert response.status_code == 302
        assert watched.wait_closed()
        assert holder.http.get(f"{live_server.url}/me/data", allow_redirects=False).status_code == 302
    finally:
        holder.disconnect(wait=False)


def test_approval_and_decline_reach_the_persons_open_pages(live_server):
    """The person's connections get a ``me`` message (then, for a decline, are closed)."""
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    approved, declined = pass_holder(live_server, dialogue, "Aprobada"), pass_holder(live_server, dialogue, "Rechazado")
    messages = {"Aprobada": [], "Rechazado": []}
    try:
        for name, client in (("Aprobada", approved), ("Rechazado", declined)):
            client.sio.on("me", messages[name].append)
            client.join(dialogue.id)
        people = {p.name: p for p in dialogue_participants(dialogue)}
        watched = Watched(declined)
        session = organizer_session(live_server, organizer)
        for name, action in (("Aprobada", "approve"), ("Rechazado", "decline")):
            assert session.post(f"{live_server.url}/d/{dialogue.id}/participants/{people[name].id}/{action}",
                                allow_redirects=False).status_code == 302
        approved.wait_for(lambda _events: messages["Aprobada"])
        assert messages["Aprobada"][0] == {"dialogue_id": dialogue.id, "participant_id": people["Aprobada"].id,
                                           "state": "approved", "role": "participant", "present": False}
        assert watched.wait_closed() and [m["state"] for m in messages["Rechazado"]] == ["declined"]
        assert approved.sio.connected  # approval keeps the connection
    finally:
        approved.disconnect(wait=False)
        declined.disconnect(wait=False)
