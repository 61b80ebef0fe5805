"""Two people doing what must be single at the same instant, through real clients and a barrier:
exactly one wins, the other gets ``conflict``, and the log holds the change once (locks.py)."""
import threading
import uuid
from collections import Counter

from sqlalchemy import select

from dialogues.agenda import services as agenda
from dialogues.agenda.models import AgendaItem
from dialogues.extensions import db
from dialogues.facilitation.models import SpeakerRequest
from dialogues.realtime.models import Event
from dialogues.recommendations import services as recommendations
from dialogues.roundtable.models import Role

from ..conftest import http_session
from ..factories import make_participant, make_user
from ..facilitation.factories import room

TIMEOUT = 30


def together(*calls) -> list:
    """Run the calls in threads released at the same instant by a barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=TIMEOUT)
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    return results


def write(client, name: str, dialogue, **fields):
    payload = {"dialogue_id": dialogue.id, "client_id": f"race-{uuid.uuid4().hex}", **fields}
    return lambda: client.call(name, payload, timeout=TIMEOUT)


def one_wins(acks: list[dict]) -> dict:
    assert sorted(str(a.get("error")) for a in acks) == ["None", "conflict"], acks
    return next(a for a in acks if a["ok"])


def event_counts(dialogue) -> Counter:
    db.session.expire_all()
    return Counter((e.type, e.object_id) for e in db.session.scalars(
        select(Event).where(Event.dialogue_id == dialogue.id)))


def no_doubles(dialogue) -> None:
    counts = event_counts(dialogue)
    assert max(counts.values()) == 1, counts


def two_moderators(socket_client):
    dialogue, item, moderator, rosa, teodoro = room()
    second = make_user("Segunda Moderadora")
    make_participant(dialogue, second, role=Role.MODERATOR)
    return dialogue, item, socket_client(moderator), socket_client(second), rosa, teodoro


def test_two_starts_of_one_item(socket_client):
    dialogue, item, first, second, *_ = two_moderators(socket_client)
    pending = AgendaItem(dialogue_id=dialogue.id, title="Financiamiento", position=2)
    db.session.add(pending)
    db.session.commit()
    winner = one_wins(together(write(first, "agenda.start", dialogue, item_id=pending.id),
                               write(second, "agenda.start", dialogue, item_id=pending.id)))
    assert winner["id"] == pending.id
    assert event_counts(dialogue)[("agenda.item_started", pending.id)] == 1
    no_doubles(dialogue)


def test_two_starts_of_different_items_leave_one_current(socket_client):
    dialogue, item, first, second, *_ = two_moderators(socket_client)
    a, b = (AgendaItem(dialogue_id=dialogue.id, title=t, position=p) for t, p in (("Uno", 2), ("Tres", 3)))
    db.session.add_all([a, b])
    db.session.commit()
    acks = together(write(first, "agenda.start", dialogue, item_id=a.id),
                    write(second, "agenda.start", dialogue, item_id=b.id))
    assert all(ack["ok"] for ack in acks), acks  # one after the other: the second ends the first
    db.session.expire_all()
    assert len(agenda.agenda_view(dialogue).items) == 3
    assert sum(i.state in agenda.CURRENT for i in agenda.agenda_view(dialogue).items) == 1
    no_doubles(dialogue)


def test_two_nexts_from_the_same_item(socket_client):
    dialogue, item, first, second, *_ = two_moderators(socket_client)
    db.session.add_all(AgendaItem(dialogue_id=dialogue.id, title=t, position=p) for t, p in (("B", 2), ("C", 3)))
    db.session.commit()
    one_wins(together(write(first, "agenda.next", dialogue, item_id=item.id),
                      write(second, "agenda.next", dialogue, item_id=item.id)))
    assert event_counts(dialogue)[("agenda.item_ended", item.id)] == 1
    no_doubles(dialogue)


def test_two_moderators_give_the_floor_to_the_next_speaker(socket_client):
    dialogue, item, first, second, rosa, teodoro = two_moderators(socket_client)
    for person in (rosa, teodoro):
        assert socket_client(person).call("speakers.raise_hand", {"dialogue_id": dialogue.id,
                                                                  "client_id": f"hand-{uuid.uuid4().hex}"})["ok"]
    head = db.session.scalar(select(SpeakerRequest).where(SpeakerRequest.item_id == item.id)
                             .order_by(SpeakerRequest.position))
    winner = one_wins(together(write(first, "speakers.give_floor", dialogue, request_id=head.id),
                               write(second, "speakers.give_floor", dialogue, request_id=head.id)))
    assert winner["id"] == head.id
    assert event_counts(dialogue)[("speakers.floor", head.id)] == 1
    no_doubles(dialogue)


def test_two_openings_of_one_poll(socket_client):
    dialogue, item, first, second, *_ = two_moderators(socket_client)
    poll_id = write(first, "poll.create", dialogue, question="¿Fondo rotatorio?", kind="scale")()["id"]
    one_wins(together(write(first, "poll.open", dialogue, poll_id=poll_id),
                      write(second, "poll.open", dialogue, poll_id=poll_id)))
    assert event_counts(dialogue)[("poll.opened", poll_id)] == 1
    no_doubles(dialogue)


def test_two_edits_on_the_same_revision(app, live_server):
    dialogue, item, moderator, *_ = room()
    second = make_user("Segunda Moderadora")
    make_participant(dialogue, second, role=Role.MODERATOR)
    with app.test_request_context():
        recommendation = recommendations.propose(dialogue, moderator, {"title": "Fondo minero", "body": "Crédito."})
        db.session.commit()
        base = recommendations.latest_revision(recommendation).id
    url = f"{live_server.url}/d/{dialogue.id}/recommendations/{recommendation.id}/edit"
    browsers = [http_session(live_server.url, user) for user in (moderator, second)]

    def edit(session, body):
        return lambda: session.post(url, data={"title": "Fondo minero", "body": body, "actors": "",
                                               "item_id": "0", "base_revision_id": str(base)},
                                    allow_redirects=False, timeout=TIMEOUT).status_code

    statuses = together(edit(browsers[0], "Texto de la primera"), edit(browsers[1], "Texto de la segunda"))
    assert sorted(statuses) == [302, 409], statuses
    assert [r.number for r in recommendations.revisions_of(recommendation)] == [1, 2]
    no_doubles(dialogue)
