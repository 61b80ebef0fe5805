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
