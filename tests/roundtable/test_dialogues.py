"""Creating, editing and moving dialogues through their statuses; the public list."""
from sqlalchemy import func, select

from dialogues.extensions import db
from dialogues.realtime.models import Event
from dialogues.roundtable.models import Dialogue, DialogueStatus, Participant, Role

from ..factories import dialogue_form, make_dialogue, make_participant, make_user

FORM = dialogue_form()


def dialogues() -> int:
    return db.session.scalar(select(func.count()).select_from(Dialogue))


def creator():
    """An account an administrator allowed to create dialogues."""
    user = make_user()
    user.may_create_dialogues = True
    db.session.commit()
    return user


def test_creator_becomes_organizer_of_a_draft_with_utc_times(client, login_as):
    user = creator()
    login_as(user)
    response = client.post("/dialogues/new", data=FORM)
    assert response.status_code == 302
    dialogue = db.session.scalar(select(Dialogue))
    assert dialogue.status == DialogueStatus.DRAFT and len(dialogue.join_code) == 6
    assert dialogue.starts_at.hour == 14  # 09:00 in Lima is 14:00 UTC
    assert [g.key for g in dialogue.groups] == ["miners", "government", "civil_society"]
    organizer = db.session.scalar(select(Participant))
    assert organizer.user_id == user.id and organizer.role == Role.ORGANIZER and organizer.is_approved
    page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    assert "Diálogos del Oro – Puno" in page and "9:00" in page


def test_bad_dialogue_forms_change_nothing(client, login_as):
    login_as(creator())
    bad = [{"ends_at": "2026-12-01T08:00"}, {"title": ""}, {"title": "x" * 201}, {"timezone": "Mars/Base"},
           {"groups": ["aliens"]}, {"starts_at": "yesterday"}, {"online_url": "javascript:alert(1)"},
           {"language": "de"}]
    for overrides in bad:
        response = client.post("/dialogues/new", data={**FORM, **overrides})
        assert response.status_code == 400, overrides
    assert "The end must come after the start" in client.post(
        "/dialogues/new", data={**FORM, "ends_at": "2026-12-01T08:00"}).get_data(as_text=True)
    assert dialogues() == 0


def test_anonymous_cannot_create(client):
    assert client.post("/dialogues/new", data=FORM).status_code == 302
    assert dialogues() == 0


def test_status_moves_forward_only_and_is_logged(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer, status=DialogueStatus.DRAFT)
    login_as(organizer)
    for status in ("registration_open", "live", "closed"):
        assert client.post(f"/d/{dialogue.id}/status", data={"status": status}).status_code == 302
    db.session.refresh(dialogue)
    assert dialogue.status == DialogueStatus.CLOSED
    response = client.post(f"/d/{dialogue.id}/status", data={"status": "live"})
    assert response.status_code == 409
    assert client.post(f"/d/{dialogue.id}/status", data={"status": "bogus"}).status_code == 400
    types = db.session.scalars(select(Event.type).where(Event.dialogue_id == dialogue.id)).all()
    assert types == ["dialogue.status_changed"] * 3


def test_participant_cannot_do_organizer_actions(client, login_as):
    dialogue = make_dialogue()
    user = make_user()
    make_participant(dialogue, user, role=Role.MODERATOR)
    login_as(user)
    assert client.post(f"/d/{dialogue.id}/status", data={"status": "closed"}).status_code == 403
    assert client.get(f"/d/{dialogue.id}/edit").status_code == 403
    assert client.post(f"/d/{dialogue.id}/edit", data=FORM).status_code == 403
    db.session.refresh(dialogue)
    assert dialogue.status == DialogueStatus.LIVE and dialogue.title == "Diálogo de prueba"


def test_organizer_edits_and_keeps_groups_in_use(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    make_participant(dialogue, group_key="academia")
    login_as(organizer)
    response = client.post(f"/d/{dialogue.id}/edit", data={**FORM, "title": "Nuevo título", "groups": ["miners"]})
    assert response.status_code == 302
    db.session.refresh(dialogue)
    assert dialogue.title == "Nuevo título"
    assert {g.key for g in dialogue.groups} == {"miners", "academia"}
    assert client.get(f"/d/{dialogue.id}/edit").status_code == 200


def test_public_list_shows_open_and_live_only_and_drafts_are_private(client, login_as):
    organizer = make_user()
    draft = make_dialogue(organizer, status=DialogueStatus.DRAFT, title="Borrador secreto")
    make_dialogue(status=DialogueStatus.REGISTRATION_OPEN, title="Abierto a registro")
    make_dialogue(status=DialogueStatus.LIVE, title="En vivo ahora")
    make_dialogue(status=DialogueStatus.CLOSED, title="Ya cerrado")
    page = client.get("/").get_data(as_text=True)
    assert "Abierto a registro" in page and "En vivo ahora" in page
    assert "Borrador secreto" not in page and "Ya cerrado" not in page
    assert client.get(f"/d/{draft.id}").status_code == 404
    login_as(organizer)
    assert client.get(f"/d/{draft.id}").status_code == 200


def test_unknown_dialogue_is_404(client):
    assert client.get("/d/424242").status_code == 404
    assert client.get("/d/424242/register").status_code in (302, 404)
    assert client.get("/d/424242/qr.svg").status_code == 404


def test_dialogue_page_in_its_language_by_default(client):
    dialogue_es = make_dialogue(language="es")
    page = client.get(f"/d/{dialogue_es.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="es"' in page and "Quiénes participan" in page
    dialogue_en = make_dialogue(language="en")
    assert "Who takes part" in client.get(f"/d/{dialogue_en.id}", headers={"Accept-Language": "es"}).get_data(as_text=True)


def test_recommendation_settings_of_a_dialogue(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    login_as(organizer)
    response = client.post(f"/d/{dialogue.id}/edit", data={**FORM, "participants_may_propose": "y", "min_stances": "3"})
    assert response.status_code == 302
    db.session.refresh(dialogue)
    assert dialogue.participants_may_propose and dialogue.min_stances == 3
    for bad in ("0", "51", "two"):
        assert client.post(f"/d/{dialogue.id}/edit", data={**FORM, "min_stances": bad}).status_code == 400
    db.session.refresh(dialogue)
    assert dialogue.min_stances == 3
