"""The audit log: organizer and moderator actions in words, with names; organizers only."""

from dialogues.realtime.models import Event
from dialogues.roundtable.models import DialogueStatus, RegistrationState, Role
from dialogues.security import audit

from ..factories import dialogue_form, make_dialogue, make_participant, make_user
from ..roundtable.test_registration import form


def edit_form(**overrides):
    return dialogue_form(title="Diálogo del Oro — Madre de Dios", description="", region="", venue="Puerto Maldonado",
                         online_url="", language="en", groups=["miners", "government"], **overrides)


def test_organizer_actions_are_listed_with_names_and_words(client, db, login_as):
    organizer = make_user("Lucía Mamani")
    dialogue = make_dialogue(organizer, status=DialogueStatus.REGISTRATION_OPEN)
    pending = make_participant(dialogue, make_user("Rosa Huanca"), state=RegistrationState.PENDING)
    login_as(organizer)
    assert client.post(f"/d/{dialogue.id}/edit", data=edit_form()).status_code == 302
    assert client.post(f"/d/{dialogue.id}/participants/{pending.id}/approve").status_code == 302
    assert client.post(f"/d/{dialogue.id}/walk-in", data=form(dialogue, name="Efraín Tola")).status_code == 200  # the code page
    assert client.post(f"/d/{dialogue.id}/status", data={"status": "live"}).status_code == 302

    page = client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)
    assert page.count("Lucía Mamani") >= 4
    assert "edited the dialogue’s details: title, country, venue" in page
    assert "set Rosa Huanca to Approved, Participant" in page
    assert "registered Efraín Tola at the door" in page
    assert "moved the dialogue to “Live”" in page
    assert page.index("moved the dialogue") < page.index("edited the dialogue")  # newest first


def test_walk_in_and_edit_events_carry_no_personal_data(db, client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    login_as(organizer)
    assert client.post(f"/d/{dialogue.id}/walk-in",
                       data=form(dialogue, name="Efraín Tola", gender="man")).status_code == 200
    event = db.session.query(Event).filter_by(type="participant.added").one()
    assert event.audience == "moderators" and "Efraín" not in str(event.payload) and "man" not in event.payload
    assert event.actor_user_id == organizer.id


def test_an_unchanged_edit_logs_nothing(db, client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    login_as(organizer)
    client.post(f"/d/{dialogue.id}/edit", data=edit_form())
    client.post(f"/d/{dialogue.id}/edit", data=edit_form())
    assert db.session.query(Event).filter_by(type="dialogue.updated").count() == 1


def test_participants_actions_and_anonymous_authors_are_not_listed(client, db, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    author = make_user("Autora Anónima")
    make_participant(dialogue, author)
    from dialogues.realtime import log

    log.append(dialogue.id, "comment.posted", {"id": 1, "anonymous": True}, actor_user_id=author.id)
    db.session.commit()
    login_as(organizer)
    page = client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)
    assert "Autora Anónima" not in page and "Nothing recorded yet." in page


def test_filter_by_type_and_pages(client, db, login_as, monkeypatch):
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    people = [make_participant(dialogue, make_user(), state=RegistrationState.PENDING) for _ in range(3)]
    login_as(organizer)
    for person in people:
        client.post(f"/d/{dialogue.id}/participants/{person.id}/approve")
    client.post(f"/d/{dialogue.id}/edit", data=edit_form())

    first = client.get(f"/d/{dialogue.id}/audit?type=participant.changed").get_data(as_text=True)
    assert first.count('data-audit-type="participant.changed"') == 2 and 'data-audit-type="dialogue.updated"' not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(f"/d/{dialogue.id}/audit?type=participant.changed&page=2").get_data(as_text=True)
    assert second.count('data-audit-type="participant.changed"') == 1
    assert client.get(f"/d/{dialogue.id}/audit?type=bogus&page=-4").status_code == 200


def test_audit_is_for_organizers_only(client, login_as):
    dialogue = make_dialogue()
    for role in (Role.PARTICIPANT, Role.MODERATOR, Role.OBSERVER):
        person = make_user()
        make_participant(dialogue, person, role=role)
        login_as(person)
        assert client.get(f"/d/{dialogue.id}/audit").status_code == 403
        client.post("/accounts/logout")
    assert client.get(f"/d/{dialogue.id}/audit").status_code == 302  # to the sign-in page


def test_audit_page_queries_do_not_grow_with_entries(client, login_as):
    from ..conftest import count_queries

    organizer = make_user()
    dialogue = make_dialogue(organizer)
    login_as(organizer)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(f"/d/{dialogue.id}/audit").status_code == 200
        return len(statements)

    people = [make_participant(dialogue, make_user(), state=RegistrationState.PENDING) for _ in range(6)]
    client.post(f"/d/{dialogue.id}/participants/{people[0].id}/approve")
    few = queries()
    for person in people[1:]:
        client.post(f"/d/{dialogue.id}/participants/{person.id}/approve")
    assert queries() == few


# Event types only participants cause (their own writes): never on the audit page.
PARTICIPANTS_OWN = {"comment.posted", "comment.edited", "comment.reacted", "comment.flagged",
                    "recommendation.stance_changed", "recommendation.amendment_proposed", "recommendation.endorsed",
                    "poll.voted", "speakers.raised"}


def test_every_organizer_and_moderator_action_is_listed_in_words(app, client, db, login_as):
    """Rosa registers herself and takes part; the organizer and a moderator do everything they can.
    Every type of event they caused is on the audit page in words; none of Rosa's own writes is."""
    from datetime import date

    from dialogues.agenda import services as agenda
    from dialogues.comments import services as comments
    from dialogues.exports import services as exports
    from dialogues.facilitation import panels, polls, speakers
    from dialogues.recommendations import services as recommendations
    from dialogues.roundtable.models import Participant

    organizer, jorge, rosa = make_user("Lucía Mamani"), make_user("Jorge Vargas"), make_user("Rosa Huanca")
    dialogue = make_dialogue(organizer, status=DialogueStatus.REGISTRATION_OPEN)
    make_participant(dialogue, jorge, role=Role.MODERATOR)
    login_as(rosa)
    assert client.post(f"/d/{dialogue.id}/register", data=form(dialogue)).status_code == 302
    client.post("/accounts/logout")
    login_as(organizer)
    mine = db.session.query(Participant).filter_by(user_id=rosa.id).one()
    assert client.post(f"/d/{dialogue.id}/participants/{mine.id}/approve").status_code == 302
    assert client.post(f"/d/{dialogue.id}/walk-in", data=form(dialogue, name="Efraín Tola")).status_code == 200  # the code page
    assert client.post(f"/d/{dialogue.id}/edit", data=edit_form()).status_code == 302
    assert client.post(f"/d/{dialogue.id}/status", data={"status": "live"}).status_code == 302
    with app.test_request_context():
        dialogue = db.session.merge(dialogue)
        a, b, c = (agenda.add_item(dialogue, jorge, {"title": t, "planned_minutes": 10}) for t in "ABC")
        agenda.update_item(dialogue, jorge, a, {"title": "Apertura", "planned_minutes": 15})
        agenda.move_item(dialogue, jorge, b, direction="up")
        agenda.remove_item(dialogue, jorge, c)
        agenda.start_item(dialogue, jorge, a)
        agenda.pause_item(dialogue, jorge, a)
        agenda.extend_item(dialogue, jorge, a, 5)
        agenda.resume_item(dialogue, jorge, a)
        hers = comments.post_comment(dialogue, rosa, a, "Anónimo sobre coimas", anonymous=True)
        comments.hide(dialogue, jorge, hers, "Sin pruebas")
        comments.unhide(dialogue, jorge, hers)
        comments.set_pinned(dialogue, jorge, hers, True)
        comments.set_pinned(dialogue, jorge, hers, False)
        recommendation = recommendations.propose(dialogue, jorge, {"title": "Fondo", "body": "Crédito."})
        base = recommendations.latest_revision(recommendation).id
        recommendations.edit(dialogue, jorge, recommendation, {"title": "Fondo", "body": "Crédito flexible.",
                                                                "base_revision_id": base})
        recommendations.set_status(dialogue, jorge, recommendation, "discussion")
        amendment = recommendations.propose_amendment(dialogue, rosa, recommendation, {"body": "Otro.", "reason": "Sí"})
        recommendations.decide_amendment(dialogue, jorge, recommendation, amendment, False, "No ahora")
        recommendations.set_stance(dialogue, rosa, recommendation, "support")
        recommendations.designate_representative(dialogue, organizer, mine)
        recommendations.endorse(dialogue, rosa, recommendation, True)
        recommendations.set_status(dialogue, jorge, recommendation, "adopted")
        recommendations.set_follow_up(dialogue, jorge, recommendation, {"status": "in_progress",
                                                                        "responsible_actor": "Ministerio"})
        recommendations.add_progress_note(dialogue, jorge, recommendation, {"on": date(2026, 12, 2), "body": "Avance"})
        hand = speakers.raise_hand(dialogue, rosa)
        walk_in = speakers.add_speaker(dialogue, jorge, name="Don Julio")
        speakers.move(dialogue, jorge, walk_in, 0)
        speakers.give_floor(dialogue, jorge, walk_in)
        speakers.end_turn(dialogue, jorge)
        speakers.withdraw(dialogue, jorge, hand)
        speakers.update_settings(dialogue, jorge, default_seconds=120, first_timers_first=True)
        poll = polls.create_poll(dialogue, jorge, question="¿Retortas?", kind="single", options=["Sí", "No"])
        polls.open_poll(dialogue, jorge, poll)
        polls.vote(dialogue, rosa, poll, [poll.options[0].id])
        polls.close_poll(dialogue, jorge, poll)
        agenda.end_item(dialogue, jorge, a)
        exports.request_export(dialogue, organizer, {"format": "participants.csv", "language": "en"})
        panels.new_projector_token(dialogue, organizer)
        db.session.commit()

    events = db.session.query(Event).filter_by(dialogue_id=dialogue.id).all()
    staff = {e.type for e in events if e.actor_user_id in (organizer.id, jorge.id)}
    assert staff - set(audit.ACTIONS) == set(), "organizer or moderator actions missing from the audit"
    assert {e.type for e in events if e.actor_user_id == rosa.id} - {"participant.added"} <= PARTICIPANTS_OWN
    assert PARTICIPANTS_OWN & set(audit.ACTIONS) == set()
    page = client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)
    for type_ in staff:
        assert f'data-audit-type="{type_}"' in page, type_
    assert "the participant list (CSV)" in page and "made a new projector link" in page
    assert "gave the floor to a participant" in page  # Don Julio did not consent to be listed
    assert "registered Efraín Tola at the door" in page
    assert "registered for the dialogue" in page and "registered Rosa Huanca at the door" not in page
    assert "Anónimo" not in page
