"""Agenda rules: ordering, one current item, timer arithmetic, state transitions, bad input."""
from datetime import timedelta

import pytest

from dialogues.clock import utcnow
from dialogues.agenda import services
from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.errors import Conflict, InvalidInput, InvalidState, NotFound, NotPermitted
from dialogues.extensions import db
from dialogues.realtime.models import Event
from dialogues.rows import load
from dialogues.roundtable.models import DialogueStatus, Participant, Role

from ..conftest import count_queries
from .helpers import live_agenda, participant_of


@pytest.fixture(autouse=True)
def _request(app):
    """Refusals carry translated messages, which need a request (for its locale)."""
    with app.test_request_context():
        yield


def titles(dialogue):
    return [i.title for i in services.agenda_view(dialogue).items]


def event_types(dialogue):
    return [e.type for e in db.session.scalars(db.select(Event).where(Event.dialogue_id == dialogue.id)
                                               .order_by(Event.seq))]


def test_items_are_added_in_order_and_announced():
    dialogue, moderator, items = live_agenda()
    assert titles(dialogue) == ["Apertura", "Financiamiento", "Mercurio"]
    assert [i.position for i in items] == [0, 1, 2]
    assert event_types(dialogue) == ["agenda.item_added"] * 3
    payload = db.session.scalar(db.select(Event.payload).where(Event.dialogue_id == dialogue.id))
    assert payload["item"]["title"] == "Apertura" and payload["item"]["timer"]["allowed"] == 20 * 60


def test_move_up_down_and_to_a_place():
    dialogue, moderator, (a, b, c) = live_agenda()
    services.move_item(dialogue, moderator, c, direction="up")
    assert titles(dialogue) == ["Apertura", "Mercurio", "Financiamiento"]
    services.move_item(dialogue, moderator, a, to=3)
    assert titles(dialogue) == ["Mercurio", "Financiamiento", "Apertura"]
    services.move_item(dialogue, moderator, c, direction="up")  # already first: stays, no event
    db.session.commit()
    assert event_types(dialogue).count("agenda.reordered") == 2
    order = db.session.scalars(db.select(Event.payload).where(Event.type == "agenda.reordered")
                               .order_by(Event.seq.desc())).first()["order"]
    assert order == [c.id, b.id, a.id]


@pytest.mark.parametrize("kwargs", [{"to": 0}, {"to": 4}, {"direction": "sideways"}, {}, {"to": True},
                                    {"direction": "up", "to": 1}])
def test_bad_moves_are_refused(kwargs):
    dialogue, moderator, items = live_agenda()
    with pytest.raises(InvalidInput):
        services.move_item(dialogue, moderator, items[0], **kwargs)


def test_remove_renumbers_and_refuses_started_items():
    dialogue, moderator, (a, b, c) = live_agenda()
    services.remove_item(dialogue, moderator, b)
    db.session.commit()
    assert [(i.title, i.position) for i in services.agenda_view(dialogue).items] == [("Apertura", 0), ("Mercurio", 1)]
    services.start_item(dialogue, moderator, a)
    with pytest.raises(InvalidState):
        services.remove_item(dialogue, moderator, a)


@pytest.mark.parametrize("data, field", [
    ({"title": "", "planned_minutes": 10}, "title"),
    ({"title": "x" * 201, "planned_minutes": 10}, "title"),
    ({"title": "Ok", "presenter": "p" * 201, "planned_minutes": 10}, "presenter"),
    ({"title": "Ok", "description": "d" * 5001, "planned_minutes": 10}, "description"),
    ({"title": "Ok", "planned_minutes": -5}, "planned_minutes"),
    ({"title": "Ok", "planned_minutes": 0}, "planned_minutes"),
    ({"title": "Ok", "planned_minutes": 10**9}, "planned_minutes"),
    ({"title": "Ok", "planned_minutes": "20"}, "planned_minutes"),
    ({"title": ["Ok"], "planned_minutes": 20}, "title"),
])
def test_bad_item_fields_are_refused_and_nothing_is_stored(data, field):
    dialogue, moderator, items = live_agenda()
    with pytest.raises(InvalidInput) as exc:
        services.add_item(dialogue, moderator, data)
    assert exc.value.field == field
    with pytest.raises(InvalidInput):
        services.update_item(dialogue, moderator, items[0], data)
    db.session.rollback()
    assert titles(dialogue) == ["Apertura", "Financiamiento", "Mercurio"]


def test_an_item_of_another_dialogue_is_not_found():
    dialogue, moderator, items = live_agenda()
    other, _, other_items = live_agenda()
    for item_id in (other_items[0].id, 999999, "1", None, True, 2**31):  # rows.load: what every door loads with
        with pytest.raises(NotFound):
            load(AgendaItem, item_id, dialogue)


def test_participants_and_anonymous_users_cannot_change_the_agenda():
    dialogue, moderator, items = live_agenda()
    participant = participant_of(dialogue)
    for user in (participant, None):
        with pytest.raises(NotPermitted):
            services.add_item(dialogue, user, {"title": "x", "planned_minutes": 5})
        with pytest.raises(NotPermitted):
            services.start_item(dialogue, user, items[0])


def test_organizer_may_edit_and_closed_dialogue_is_read_only():
    dialogue, moderator, items = live_agenda()
    organizer = db.session.scalar(db.select(Participant).where(Participant.dialogue_id == dialogue.id,
                                                               Participant.role == Role.ORGANIZER)).user
    services.update_item(dialogue, organizer, items[0], {"title": "Apertura y encuadre", "planned_minutes": 25})
    assert items[0].title == "Apertura y encuadre"
    dialogue.status = DialogueStatus.CLOSED
    with pytest.raises(InvalidState):
        services.add_item(dialogue, moderator, {"title": "Tarde", "planned_minutes": 5})


@pytest.mark.parametrize("status", [DialogueStatus.DRAFT, DialogueStatus.REGISTRATION_OPEN, DialogueStatus.CLOSED])
def test_timer_actions_need_a_live_dialogue(status):
    dialogue, moderator, items = live_agenda()
    dialogue.status = status
    db.session.commit()
    with pytest.raises(InvalidState):
        services.start_item(dialogue, moderator, items[0])
    with pytest.raises(InvalidState):
        services.next_item(dialogue, moderator)


def test_starting_another_item_ends_the_current_one():
    dialogue, moderator, (a, b, c) = live_agenda()
    services.start_item(dialogue, moderator, a)
    services.start_item(dialogue, moderator, c)
    db.session.commit()
    assert (a.state, c.state, b.state) == (ItemState.DONE, ItemState.RUNNING, ItemState.PENDING)
    assert a.ended_at is not None and a.running_since is None
    assert services.agenda_view(dialogue).current == c
    assert db.session.scalar(db.select(db.func.count()).where(
        AgendaItem.dialogue_id == dialogue.id, AgendaItem.state.in_(services.CURRENT))) == 1
    assert event_types(dialogue)[-3:] == ["agenda.item_started", "agenda.item_ended", "agenda.item_started"]


def test_pause_resume_extend_end_transitions():
    dialogue, moderator, (a, b, c) = live_agenda()
    with pytest.raises(InvalidState):
        services.pause_item(dialogue, moderator, a)  # not running
    services.start_item(dialogue, moderator, a)
    with pytest.raises(InvalidState):
        services.resume_item(dialogue, moderator, a)  # running, not paused
    services.pause_item(dialogue, moderator, a)
    assert a.state == ItemState.PAUSED and a.running_since is None
    services.extend_item(dialogue, moderator, a, 5)
    services.resume_item(dialogue, moderator, a)
    assert a.state == ItemState.RUNNING and services.timer(a).allowed == 25 * 60
    services.end_item(dialogue, moderator, a)
    assert a.state == ItemState.DONE
    with pytest.raises(InvalidState):
        services.end_item(dialogue, moderator, a)
    with pytest.raises(InvalidState):
        services.extend_item(dialogue, moderator, a, 5)
    db.session.commit()
    assert event_types(dialogue)[3:] == ["agenda.item_started", "agenda.item_paused", "agenda.item_extended",
                                         "agenda.item_resumed", "agenda.item_ended"]


@pytest.mark.parametrize("minutes", [0, -5, 121, 10**9, "5", None, True])
def test_bad_extensions_are_refused(minutes):
    dialogue, moderator, (a, *_) = live_agenda()
    services.start_item(dialogue, moderator, a)
    with pytest.raises(InvalidInput):
        services.extend_item(dialogue, moderator, a, minutes)


def test_timer_arithmetic():
    dialogue, moderator, (a, *_) = live_agenda()
    services.start_item(dialogue, moderator, a)
    t0 = a.running_since
    assert services.timer(a, t0 + timedelta(seconds=90)).elapsed == 90
    assert services.timer(a, t0 + timedelta(seconds=90)).remaining == 20 * 60 - 90
    a.elapsed_seconds, a.running_since = 300, t0  # five minutes before this run
    assert services.timer(a, t0 + timedelta(minutes=16)).remaining == -60  # one minute over time
    a.extra_seconds = 600
    assert services.timer(a, t0 + timedelta(minutes=16)).remaining == 540
    a.state, a.running_since = ItemState.PAUSED, None
    assert services.timer(a, t0 + timedelta(hours=3)).elapsed == 300  # a paused clock does not move
    assert services.clock(-61) == "-01:01" and services.clock(3725) == "62:05"


def test_pause_keeps_elapsed_time_and_resume_continues_it():
    dialogue, moderator, (a, *_) = live_agenda()
    services.start_item(dialogue, moderator, a)
    a.running_since = utcnow() - timedelta(minutes=7)
    services.pause_item(dialogue, moderator, a)
    assert 420 <= a.elapsed_seconds <= 422
    services.resume_item(dialogue, moderator, a)
    services.end_item(dialogue, moderator, a)
    assert 420 <= a.elapsed_seconds <= 423
    services.start_item(dialogue, moderator, a)  # returning to a done item continues its clock
    assert a.state == ItemState.RUNNING and a.ended_at is None and a.elapsed_seconds >= 420


def test_next_moves_along_the_agenda_and_guards_against_a_stale_view():
    dialogue, moderator, (a, b, c) = live_agenda()
    assert services.next_item(dialogue, moderator) == a  # nothing current: the first pending item
    services.start_item(dialogue, moderator, c)
    with pytest.raises(Conflict):
        services.next_item(dialogue, moderator, a.id)  # another moderator already moved on
    assert services.next_item(dialogue, moderator, c.id) is None  # the last item: ended, nothing started
    assert c.state == ItemState.DONE
    assert services.next_item(dialogue, moderator) == b  # b was skipped, still pending
    services.end_item(dialogue, moderator, b)
    with pytest.raises(InvalidState):
        services.next_item(dialogue, moderator)


def test_agenda_view_reads_in_one_query():
    dialogue, moderator, items = live_agenda(titles=[f"Tema {n}" for n in range(12)])
    services.start_item(dialogue, moderator, items[3])
    db.session.commit()
    db.session.expire_all()
    db.session.refresh(dialogue)
    with count_queries() as queries:
        view = services.agenda_view(dialogue)
        assert view.current.title == "Tema 3" and view.planned_minutes == 12 * 20
        [view.data(i) for i in view.items]
    assert len(queries) == 1
