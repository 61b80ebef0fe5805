"""Registering, the join code and QR code, approving, roles, check-in, walk-ins."""
import pytest
from sqlalchemy import func, select

from dialogues.errors import InvalidInput, NotPermitted
from dialogues.extensions import db
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import (DialogueStatus, Gender, Organization, Participant, RegistrationState,
                                         Role)

from ..factories import make_dialogue, make_participant, make_user


def participants() -> int:
    return db.session.scalar(select(func.count()).select_from(Participant))


def form(dialogue, **overrides):
    group = next(g for g in dialogue.groups if g.key == "miners")
    data = {"group_id": group.id, "organization_id": 0, "org_name": "Cooperativa Minera Yani",
            "org_kind": "cooperative", "org_country": "Bolivia", "gender": "woman", "consent_listed": "y",
            "needs": "Interpretación al aymara"}
    data.update(overrides)
    return data


def test_register_is_pending_when_approval_is_needed(client, login_as):
    dialogue = make_dialogue()
    user = make_user("Rosa Huanca")
    login_as(user)
    assert client.post(f"/d/{dialogue.id}/register", data=form(dialogue)).status_code == 302
    participant = db.session.scalar(select(Participant).where(Participant.user_id == user.id))
    assert participant.state == RegistrationState.PENDING and participant.gender == Gender.WOMAN
    assert participant.organization.name == "Cooperativa Minera Yani" and participant.needs


def test_register_without_approval_is_approved_and_reuses_the_directory(client, login_as):
    dialogue = make_dialogue(requires_approval=False)
    org = Organization(name="FENCOMIN", kind="federation", country="Bolivia")
    db.session.add(org)
    db.session.commit()
    login_as(make_user())
    response = client.post(f"/d/{dialogue.id}/register",
                           data=form(dialogue, organization_id=org.id, org_name="", gender=""))
    assert response.status_code == 302
    participant = db.session.scalar(select(Participant).where(Participant.role == Role.PARTICIPANT))
    assert participant.is_approved and participant.organization_id == org.id and participant.gender is None
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_registering_twice_is_refused(client, login_as):
    dialogue = make_dialogue()
    login_as(make_user())
    client.post(f"/d/{dialogue.id}/register", data=form(dialogue))
    before = participants()
    response = client.post(f"/d/{dialogue.id}/register", data=form(dialogue))
    assert response.status_code == 302 and participants() == before


def test_registering_for_draft_or_closed_dialogue_is_refused(client, login_as):
    login_as(make_user())
    draft = make_dialogue(status=DialogueStatus.DRAFT)
    closed = make_dialogue(status=DialogueStatus.CLOSED)
    before = participants()
    assert client.post(f"/d/{draft.id}/register", data=form(draft)).status_code == 404
    response = client.post(f"/d/{closed.id}/register", data=form(closed))
    assert response.status_code == 409 and "not open" in response.get_data(as_text=True)
    assert participants() == before


def test_bad_registration_input_changes_nothing(client, login_as):
    dialogue = make_dialogue()
    other = make_dialogue()
    login_as(make_user())
    before = participants()
    foreign_group = other.groups[0].id
    for overrides in ({"group_id": foreign_group}, {"gender": "robot"}, {"org_kind": "", "org_name": "Nueva"},
                      {"organization_id": 99999, "org_name": ""}, {"needs": "x" * 2001},
                      {"org_name": "x" * 121}):
        response = client.post(f"/d/{dialogue.id}/register", data=form(dialogue, **overrides))
        assert response.status_code == 400, overrides
    assert participants() == before


def test_missing_csrf_token_on_registration(client, login_as, csrf):
    dialogue = make_dialogue()
    login_as(make_user())
    before = participants()
    response = client.post(f"/d/{dialogue.id}/register", data=form(dialogue))
    assert response.status_code == 400 and participants() == before


def test_join_code_and_link(client):
    dialogue = make_dialogue()
    code = dialogue.join_code
    spaced = f"{code[:3].lower()} {code[3:]}"
    assert client.post("/join", data={"code": spaced}).headers["Location"] == f"/d/{dialogue.id}/join"
    assert client.get(f"/join/{code}").headers["Location"] == f"/d/{dialogue.id}/join"
    assert client.get(f"/join?code={code}").status_code == 302
    malformed = client.post("/join", data={"code": "12"})
    assert malformed.status_code == 400 and "K7M2QX" in malformed.get_data(as_text=True)
    assert client.post("/join", data={"code": "O0I1!?"}).status_code == 400
    assert client.post("/join", data={"code": "ZZZZZZ"}).status_code == 400
    assert client.get("/join/ZZZZZZ").status_code == 404


def test_qr_code_encodes_the_join_link(client):
    dialogue = make_dialogue()
    response = client.get(f"/d/{dialogue.id}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and b"<path" in response.data


def test_organizer_approves_declines_names_moderator_and_checks_in(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    a = make_participant(dialogue, state=RegistrationState.PENDING)
    b = make_participant(dialogue, state=RegistrationState.PENDING)
    login_as(organizer)
    base = f"/d/{dialogue.id}/participants"
    assert client.post(f"{base}/{a.id}/approve").status_code == 302
    assert client.post(f"{base}/{b.id}/decline").status_code == 302
    assert client.post(f"{base}/{a.id}/role", data={"role": "moderator"}).status_code == 302
    assert client.post(f"{base}/{a.id}/check-in").status_code == 302
    assert client.post(f"{base}/{b.id}/check-in").status_code == 409  # declined people are not checked in
    db.session.refresh(a)
    db.session.refresh(b)
    assert a.state == RegistrationState.APPROVED and a.role == Role.MODERATOR and a.checked_in_at
    assert b.state == RegistrationState.DECLINED and b.checked_in_at is None
    assert client.post(f"{base}/{a.id}/role", data={"role": "king"}).status_code == 400


def test_last_organizer_cannot_step_down(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    me = db.session.scalar(select(Participant).where(Participant.user_id == organizer.id))
    login_as(organizer)
    assert client.post(f"/d/{dialogue.id}/participants/{me.id}/role", data={"role": "participant"}).status_code == 409
    assert client.post(f"/d/{dialogue.id}/participants/{me.id}/decline").status_code == 409


def test_participant_and_pending_people_cannot_manage_registrations(client, login_as):
    dialogue = make_dialogue()
    target = make_participant(dialogue, state=RegistrationState.PENDING)
    for state in (RegistrationState.APPROVED, RegistrationState.PENDING):
        user = make_user()
        make_participant(dialogue, user, state=state)
        login_as(user)
        assert client.post(f"/d/{dialogue.id}/participants/{target.id}/approve").status_code == 403
        assert client.post(f"/d/{dialogue.id}/walk-in", data={"name": "X"}).status_code == 403
        assert client.get(f"/d/{dialogue.id}/participants").status_code == 403
        client.post("/accounts/logout")
    db.session.refresh(target)
    assert target.state == RegistrationState.PENDING


def test_objects_of_one_dialogue_are_not_reachable_through_another(client, login_as):
    organizer = make_user()
    mine = make_dialogue(organizer)
    theirs = make_dialogue()
    stranger = make_participant(theirs, state=RegistrationState.PENDING)
    login_as(organizer)
    assert client.post(f"/d/{mine.id}/participants/{stranger.id}/approve").status_code == 404
    db.session.refresh(stranger)
    assert stranger.state == RegistrationState.PENDING


def test_walk_in_without_email_is_approved_and_present(client, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    group = dialogue.groups[0]
    login_as(organizer)
    response = client.post(f"/d/{dialogue.id}/walk-in", data={
        "name": "Justina Mamani", "group_id": group.id, "organization_id": 0, "org_name": "Cooperativa 15 de Agosto",
        "org_kind": "cooperative", "org_country": "Bolivia", "gender": "woman", "consent_listed": "y"})
    assert response.status_code == 200 and "data-personal-code" in response.get_data(as_text=True)
    walk_in = db.session.scalar(select(Participant).where(Participant.name == "Justina Mamani"))
    assert walk_in.user.is_pass and walk_in.user.email is None and walk_in.user.pass_code_digest
    assert walk_in.is_approved and walk_in.checked_in_at is not None
    assert client.post(f"/d/{dialogue.id}/walk-in", data={"name": "", "group_id": group.id}).status_code == 400


def test_a_membership_known_in_the_transaction_follows_additions_and_deletions_before_any_flush():
    """Permission checks remember the membership for the transaction, never past a change to it."""
    dialogue, user = make_dialogue(), make_user()
    assert roundtable.membership(dialogue, user) is None
    joined = Participant(dialogue_id=dialogue.id, user_id=user.id, name=user.name, role=Role.PARTICIPANT,
                         state=RegistrationState.APPROVED, group_id=dialogue.groups[0].id)
    db.session.add(joined)
    assert roundtable.get_dialogue(dialogue.id, user) is dialogue
    assert roundtable.membership(dialogue, user) is joined
    db.session.commit()
    assert roundtable.membership(dialogue, user) is joined
    db.session.delete(joined)
    assert roundtable.membership(dialogue, user) is None


def test_only_moderators_admit_a_walk_in_whichever_door_they_use():
    dialogue, user = make_dialogue(), make_user()
    make_participant(dialogue, user)
    with pytest.raises(NotPermitted):
        roundtable.admit_walk_in(dialogue, user, "Justina Mamani")
    assert db.session.scalar(select(Participant).where(Participant.name == "Justina Mamani")) is None


def test_only_an_organization_the_form_offers_is_taken_whichever_door(app):
    """The registration, the registration desk and the join page offer the organizations of the
    dialogue's country (``organizations``); the service refuses any other id of the shared directory."""
    dialogue = make_dialogue(status=DialogueStatus.REGISTRATION_OPEN, country="Bolivia")
    fencomin = Organization(name="FENCOMIN", kind="federation", country="Bolivia")
    coop_bf = Organization(name="Coopérative des femmes orpailleuses", kind="cooperative", country="Burkina Faso")
    db.session.add_all([fencomin, coop_bf])
    db.session.commit()
    user, before = make_user(), participants()
    with app.test_request_context():
        for organization_id in (coop_bf.id, 99999, "1", True):
            with pytest.raises(InvalidInput) as refused:
                roundtable.register(dialogue, user, form(dialogue, organization_id=organization_id, org_name=""))
            assert refused.value.field == "organization_id"
            db.session.rollback()
        assert participants() == before
        registered = roundtable.register(dialogue, user, form(dialogue, organization_id=fencomin.id, org_name=""))
        assert registered.organization is fencomin


def test_the_registration_form_refuses_an_organization_it_does_not_offer(client, login_as):
    dialogue = make_dialogue(country="Bolivia")
    coop_bf = Organization(name="Coopérative des femmes orpailleuses", kind="cooperative", country="Burkina Faso")
    db.session.add(coop_bf)
    db.session.commit()
    login_as(make_user())
    before = participants()
    response = client.post(f"/d/{dialogue.id}/register", data=form(dialogue, organization_id=coop_bf.id, org_name=""))
    assert response.status_code == 400 and 'id="organization_id-error"' in response.get_data(as_text=True)
    assert participants() == before
