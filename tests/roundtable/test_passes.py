"""Room passes: joining at the door with a name, continuing with a personal code, one dialogue only,
the registration desk's codes, revocation, open entry during check-in hours, the organizer's queue."""
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogues.accounts.models import User
from dialogues.clock import utcnow
from dialogues.extensions import db
from dialogues.realtime.models import Event
from dialogues.roundtable import passes
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import Participant, RegistrationState

from ..conftest import login
from ..factories import make_dialogue, make_participant, make_user


def join_form(dialogue, **overrides) -> dict:
    miners = next(g for g in dialogue.groups if g.key == "miners")
    return {"name": "Doña Rosa", "group_id": miners.id, "organization_id": 0, "agree": "y", **overrides}


def personal_code(response) -> str:
    return re.search(r"data-personal-code>([A-Z0-9-]+)<", response.get_data(as_text=True)).group(1)


def the_pass(name: str = "Doña Rosa") -> Participant:
    db.session.expire_all()
    return db.session.scalar(select(Participant).where(Participant.name == name))


def test_join_page_names_the_dialogue_and_says_what_happens_next(client):
    dialogue = make_dialogue(title="Diálogos del Oro – Puno", venue="Juliaca", country="Perú")
    page = client.get(f"/d/{dialogue.id}/join").get_data(as_text=True)
    assert "Diálogos del Oro – Puno" in page and "Juliaca, Perú" in page
    assert "12/1/2026" in page and "Bolivia Time" in page  # in the dialogue's time zone, named in words
    assert "What happens next" in page and "An organizer checks your registration" in page
    assert 'name="code"' in page and "/accounts/login" in page
    assert client.get(f"/join/{dialogue.join_code}").headers["Location"] == f"/d/{dialogue.id}/join"


def test_join_with_a_name_only_gives_a_pass_and_a_code(client):
    dialogue = make_dialogue()
    response = client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue))
    assert response.status_code == 200
    code = personal_code(response)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))  # the phone keeps it
    person = the_pass()
    assert person.state == RegistrationState.PENDING and person.user.is_pass
    assert person.user.email is None and person.user.password_hash is None
    assert code.replace("-", "") not in (person.user.pass_code_digest or "")  # kept only as a digest
    page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    assert 'data-registration-state="pending"' in page and "Waiting for approval" in page
    assert client.get(f"/d/{dialogue.id}/join").headers["Location"] == f"/d/{dialogue.id}"


def test_bad_joins_change_nothing(client):
    dialogue = make_dialogue()
    before = db.session.scalar(select(db.func.count()).select_from(User))
    for data in (join_form(dialogue, name=""), join_form(dialogue, agree=""),
                 join_form(dialogue, group_id=999), join_form(dialogue, organization_id="abc")):
        assert client.post(f"/d/{dialogue.id}/join", data=data).status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before


@pytest.mark.parametrize("language, heading, name_error, agree_error", [
    ("en", "Check the following", "Your name: This field is required.", "Agree to take part on these terms to join."),
    ("es", "Revisa lo siguiente", "Tu nombre: Este campo es obligatorio.",
     "Para unirte, acepta participar en estas condiciones."),
])
def test_a_join_sent_back_opens_with_what_to_fix_each_a_link_to_its_field(client, language, heading, name_error,
                                                                           agree_error):
    """The join form is long: its errors are summed up first on the page (above the dialogue's title), each
    linking to its field, every one at once; the form says which fields are required and marks them."""
    dialogue = make_dialogue(language=language)
    response = client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue, name="", agree=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.S).group(0)
    assert page.index(summary) < page.index("<h1>")
    assert heading in summary
    links = re.findall(r'<a href="#([\w-]+)">(.*?)</a>', summary, re.S)
    assert [(target, " ".join(text.split())) for target, text in links] == [("name", name_error), ("agree", agree_error)]
    assert 'id="name"' in page and 'id="agree"' in page
    assert page.count("(required)" if language == "en" else "(obligatorio)") == 2
    fresh = client.get(f"/d/{dialogue.id}/join").get_data(as_text=True)
    assert "error-summary" not in fresh


def test_the_code_continues_on_another_device_in_its_dialogue_only(app, client):
    dialogue, elsewhere = make_dialogue(), make_dialogue()
    code = personal_code(client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue)))
    phone = app.test_client()
    assert phone.post(f"/d/{elsewhere.id}/join/code", data={"code": code}).status_code == 400
    assert phone.post(f"/d/{dialogue.id}/join/code", data={"code": "ABCD-EFGH"}).status_code == 400
    assert phone.post(f"/d/{dialogue.id}/join/code", data={"code": "1"}).status_code == 400
    response = phone.post(f"/d/{dialogue.id}/join/code", data={"code": code.lower().replace("-", " ")})
    assert response.status_code == 302 and response.headers["Location"] == f"/d/{dialogue.id}"
    assert "Doña Rosa" in phone.get(f"/d/{dialogue.id}/pass").get_data(as_text=True)
    # the QR next to the code fills it in on the join page; it signs nobody in by itself
    assert f'value="{code}"' in app.test_client().get(f"/d/{dialogue.id}/join?code={code}").get_data(as_text=True)


def test_a_pass_works_only_in_its_dialogue(client):
    dialogue, elsewhere = make_dialogue(), make_dialogue()
    client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue))
    roundtable.decide(dialogue, dialogue_organizer(dialogue), the_pass(), True)
    db.session.commit()
    assert client.get("/dialogues/new").status_code == 403
    assert client.get("/me/dialogues").status_code == 403
    assert client.get(f"/d/{elsewhere.id}/register").status_code == 403
    assert client.get(f"/d/{elsewhere.id}/participants").status_code == 403
    assert client.get(f"/d/{dialogue.id}/register").headers["Location"] == f"/d/{dialogue.id}"
    assert "New dialogue" not in client.get(f"/d/{dialogue.id}").get_data(as_text=True)


def dialogue_organizer(dialogue) -> User:
    return db.session.scalar(select(User).join(Participant, Participant.user_id == User.id)
                             .where(Participant.dialogue_id == dialogue.id, Participant.role == "organizer"))


def test_open_entry_admits_during_check_in_hours_only(client, app):
    now = utcnow().replace(microsecond=0)
    open_now = make_dialogue(requires_approval=False, starts_at=now + timedelta(minutes=60),
                             ends_at=now + timedelta(hours=8), timezone="UTC")
    later = make_dialogue(requires_approval=False, starts_at=now + timedelta(days=2),
                          ends_at=now + timedelta(days=2, hours=8), timezone="UTC")
    assert passes.entry_state(open_now) == RegistrationState.APPROVED
    assert passes.entry_state(later) == RegistrationState.PENDING
    assert passes.entry_state(make_dialogue()) == RegistrationState.PENDING  # approval needed
    client.post(f"/d/{open_now.id}/join", data=join_form(open_now, name="Don Evaristo"))
    assert the_pass("Don Evaristo").state == RegistrationState.APPROVED


def test_a_new_code_replaces_the_old_one(app, client):
    dialogue = make_dialogue()
    old = personal_code(client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue)))
    new = personal_code(client.post(f"/d/{dialogue.id}/pass/code"))
    assert new != old
    other = app.test_client()
    assert other.post(f"/d/{dialogue.id}/join/code", data={"code": old}).status_code == 400
    assert other.post(f"/d/{dialogue.id}/join/code", data={"code": new}).status_code == 302


def test_the_desk_prints_a_walk_ins_code_and_can_end_a_pass(app, client):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    login(client, organizer)
    walk_in = roundtable.add_walk_in(dialogue, organizer, {"name": "Don Julio", "group_id": dialogue.groups[0].id})
    db.session.commit()
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    assert "room pass" in page and "New personal code" in page
    code = personal_code(client.post(f"/d/{dialogue.id}/participants/{walk_in.id}/pass-code"))
    phone = app.test_client()
    assert phone.post(f"/d/{dialogue.id}/join/code", data={"code": code}).status_code == 302
    assert phone.get(f"/d/{dialogue.id}/pass").status_code == 200
    copied = app.test_client()  # a photographed QR code, or a copied cookie
    copied.set_cookie("session", phone.get_cookie("session").value)
    assert client.post(f"/d/{dialogue.id}/participants/{walk_in.id}/revoke-pass").status_code == 302
    assert phone.get(f"/d/{dialogue.id}/pass").status_code == 302  # to sign-in: the pass ended
    assert copied.get(f"/d/{dialogue.id}/pass").status_code == 302
    assert app.test_client().post(f"/d/{dialogue.id}/join/code", data={"code": code}).status_code == 400
    audit = db.session.scalars(select(Event.type).where(Event.dialogue_id == dialogue.id)).all()
    assert "participant.pass_code" in audit and "participant.pass_revoked" in audit
    words = client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)
    assert "gave Don Julio a new personal code" in words and "ended the room pass of Don Julio" in words
    # someone else's registration: refused, whoever asks
    account = make_participant(dialogue)
    assert client.post(f"/d/{dialogue.id}/participants/{account.id}/pass-code").status_code == 409


def test_a_pass_holder_downloads_and_deletes_their_data_with_their_code(client):
    dialogue = make_dialogue()
    code = personal_code(client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue)))
    data = json.loads(client.get("/me/data").get_data(as_text=True))
    assert data["account"]["email"] is None and data["registrations"][0]["name"] == "Doña Rosa"
    assert "personal code" in client.get("/me/delete").get_data(as_text=True)
    assert client.post("/me/delete", data={"password": "ABCD-EFGH", "confirm": "y"}).status_code == 400
    assert client.post("/me/delete", data={"password": code, "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.pass_dialogue_id == dialogue.id)) is None
    assert the_pass() is None  # the registration stays as "Former participant"


def test_the_queue_lists_waiting_people_first_and_decides_many_at_once(client):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    waiting = [make_participant(dialogue, make_user(f"Zoila {n}"), state=RegistrationState.PENDING) for n in range(3)]
    make_participant(dialogue, make_user("Ana Approved"))
    login(client, organizer)
    show = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    assert "3 people wait for approval" in show
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    assert page.index("Zoila 0") < page.index("Ana Approved")
    response = client.post(f"/d/{dialogue.id}/participants/decide",
                           data={"participant_id": [waiting[0].id, waiting[1].id], "decision": "approve"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [db.session.get(Participant, p.id).state for p in waiting] == [
        RegistrationState.APPROVED, RegistrationState.APPROVED, RegistrationState.PENDING]
    assert client.post(f"/d/{dialogue.id}/participants/decide",
                       data={"everyone": "y", "decision": "decline"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, waiting[2].id).state == RegistrationState.DECLINED
    # nothing ticked, or someone of another dialogue: refused, nothing changed
    other = make_participant(make_dialogue(), state=RegistrationState.PENDING)
    assert client.post(f"/d/{dialogue.id}/participants/decide", data={"decision": "approve"}).status_code == 400
    assert client.post(f"/d/{dialogue.id}/participants/decide",
                       data={"participant_id": [other.id], "decision": "approve"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Participant, other.id).state == RegistrationState.PENDING


def test_the_join_page_offers_the_organizations_of_the_dialogues_country_only(client):
    """The directory is shared: a dialogue in Bolivia lists Bolivian organizations and those of no
    country, never Burkina Faso's, and keeps one its participants already named wherever it is from."""
    from dialogues.roundtable.models import Organization, OrganizationKind

    dialogue = make_dialogue(status=roundtable.DialogueStatus.REGISTRATION_OPEN, country="Bolivia")
    fencomin, coop_bf, arm, visitor = (
        Organization(name="FENCOMIN", kind=OrganizationKind.FEDERATION, country="Bolivia"),
        Organization(name="Coopérative des femmes orpailleuses", kind=OrganizationKind.COOPERATIVE,
                     country="Burkina Faso"),
        Organization(name="Alliance for Responsible Mining", kind=OrganizationKind.NGO, country=""),
        Organization(name="Cooperativa Minera Vecina", kind=OrganizationKind.COOPERATIVE, country="Perú"))
    db.session.add_all([fencomin, coop_bf, arm, visitor])
    db.session.flush()
    make_participant(dialogue, organization_id=visitor.id)
    db.session.commit()
    names = [o.name for o in roundtable.organizations(dialogue)]
    assert names == ["Alliance for Responsible Mining", "Cooperativa Minera Vecina", "FENCOMIN"]
    page = client.get(f"/d/{dialogue.id}/join").get_data(as_text=True)
    assert "FENCOMIN" in page and "orpailleuses" not in page


def test_joining_with_an_organization_the_form_does_not_offer_is_refused_in_the_readers_language(client):
    """The directory is shared by every dialogue: an id of another country's organization (or of none)
    posted by hand is refused beside its field, and nobody joins."""
    from dialogues.roundtable.models import Organization, OrganizationKind

    dialogue = make_dialogue(status=roundtable.DialogueStatus.REGISTRATION_OPEN, country="Bolivia", language="es")
    fencomin = Organization(name="FENCOMIN", kind=OrganizationKind.FEDERATION, country="Bolivia")
    coop_bf = Organization(name="Coopérative des femmes orpailleuses", kind=OrganizationKind.COOPERATIVE,
                           country="Burkina Faso")
    db.session.add_all([fencomin, coop_bf])
    db.session.commit()
    before = db.session.scalar(select(db.func.count()).select_from(User))
    for organization_id in (coop_bf.id, 2**31 - 1):
        response = client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue, organization_id=organization_id))
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert re.search(r'has-error">\s*<label for="organization_id">.*?'
                         r"Elige una organización de la lista de este diálogo o añade la tuya\.", page, re.S), page
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before
    assert the_pass() is None
    response = client.post(f"/d/{dialogue.id}/join", data=join_form(dialogue, organization_id=fencomin.id))
    assert response.status_code == 200 and the_pass().organization_id == fencomin.id
