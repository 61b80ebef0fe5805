"""A person's data: download, account deletion as "former participant", small gender cells hidden."""
import json

import pytest
from sqlalchemy import select

from dialogues.accounts.models import User
from dialogues.agenda.models import AgendaItem
from dialogues.comments.models import Comment, Reaction
from dialogues.extensions import db as _db
from dialogues.realtime import log
from dialogues.realtime.models import Event
from dialogues.roundtable.models import Gender, Participant, RegistrationState, Role
from dialogues.security import privacy
from dialogues.security.models import LoginThrottle

from ..factories import PASSWORD, make_dialogue, make_participant, make_user


def comment(participant, body: str, *, anonymous: bool = False, parent=None) -> Comment:
    item = _db.session.scalar(select(AgendaItem).where(AgendaItem.dialogue_id == participant.dialogue_id))
    if item is None:
        item = AgendaItem(dialogue_id=participant.dialogue_id, title="Reducción del mercurio")
        _db.session.add(item)
        _db.session.flush()
    posted = Comment(dialogue_id=participant.dialogue_id, item_id=item.id, author_id=participant.id, body=body,
                     is_anonymous=anonymous, parent_id=parent.id if parent else None)
    _db.session.add(posted)
    _db.session.commit()
    return posted


@pytest.fixture
def rosa():
    """Rosa takes part in two dialogues and commented (once anonymously); Efraín commented too."""
    dialogue, other = make_dialogue(language="es"), make_dialogue()
    user = make_user("Rosa Huanca", email="rosa@example.org")
    mine = make_participant(dialogue, user, gender=Gender.WOMAN, needs="Intérprete aymara", consent_listed=True)
    make_participant(other, user)
    efrain = make_participant(dialogue, make_user("Efraín Tola", email="efrain@example.org"), gender=Gender.MAN)
    first = comment(mine, "Necesitamos retortas para reducir el mercurio.")
    comment(mine, "Pregunta anónima sobre Fairmined.", anonymous=True)
    reply = comment(efrain, "De acuerdo con Rosa.", parent=first)
    _db.session.add(Reaction(comment_id=reply.id, participant_id=mine.id, kind="agree"))
    log.append(dialogue.id, "comment.posted", {"id": first.id, "author": {"name": "Rosa Huanca", "group_id": 1}},
               actor_user_id=user.id)
    _db.session.commit()
    return user, mine, first


def test_download_holds_the_persons_data_and_nobody_elses(client, login_as, rosa):
    user, _mine, _first = rosa
    login_as(user)
    response = client.get("/me/data")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "rosa@example.org" and data["account"]["name"] == "Rosa Huanca"
    assert len(data["registrations"]) == 2
    assert {r["gender"] for r in data["registrations"]} == {"woman", None}
    assert "Intérprete aymara" in {r["needs"] for r in data["registrations"]}
    assert sorted(c["text"] for c in data["comments"]) == ["Necesitamos retortas para reducir el mercurio.",
                                                          "Pregunta anónima sobre Fairmined."]
    assert [r["reaction"] for r in data["reactions"]] == ["agree"]
    text = response.get_data(as_text=True)
    assert "Efraín" not in text and "efrain@example.org" not in text and "De acuerdo" not in text


def test_download_needs_sign_in(client):
    assert client.get("/me/data").status_code == 302


def test_deleting_the_account_keeps_comments_as_former_participant(client, db, login_as, rosa):
    user, mine, first = rosa
    user_id = user.id
    db.session.add(LoginThrottle(key="account:rosa@example.org", failures=1))
    db.session.commit()
    login_as(user)
    assert client.post("/me/delete", data={"password": "wrong-one", "confirm": "y"}).status_code == 400
    assert client.post("/me/delete", data={"password": PASSWORD}).status_code == 400  # not confirmed
    response = client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(User).where(User.email == "rosa@example.org")) is None
    assert db.session.scalar(select(LoginThrottle).where(LoginThrottle.key.contains("rosa@"))) is None
    former = db.session.get(Participant, mine.id)
    # In the dialogue's language (Spanish here, once the catalogue has the string).
    assert former.user_id is None and former.name == privacy.former_participant_label("es")
    assert former.gender is None and former.needs == "" and not former.consent_listed
    kept = db.session.get(Comment, first.id)
    assert kept.author_id == mine.id and kept.body.startswith("Necesitamos")
    assert db.session.scalar(select(Comment).where(Comment.parent_id == first.id)) is not None  # thread intact
    payloads = [e.payload for e in db.session.scalars(select(Event).where(Event.type == "comment.posted"))]
    assert "Rosa Huanca" not in json.dumps(payloads, ensure_ascii=False)
    assert client.get("/me/dialogues").status_code == 302  # signed out
    assert client.post("/accounts/login", data={"email": "rosa@example.org", "password": PASSWORD}).status_code == 400


def test_the_only_organizer_cannot_delete_their_account(client, db, login_as):
    organizer = make_user()
    dialogue = make_dialogue(organizer, title="Diálogo del Oro La Paz")
    login_as(organizer)
    response = client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 400 and "only organizer" in response.get_data(as_text=True)
    assert db.session.get(User, organizer.id) is not None
    make_participant(dialogue, make_user(), role=Role.ORGANIZER)
    assert client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 302


def test_gender_cells_under_the_minimum_are_suppressed(client, app, login_as, monkeypatch):
    organizer = make_user()
    dialogue = make_dialogue(organizer)
    for _ in range(3):
        make_participant(dialogue, gender=Gender.WOMAN)
    for _ in range(2):
        make_participant(dialogue, gender=Gender.MAN)
    make_participant(dialogue, gender=Gender.ANOTHER, state=RegistrationState.PENDING)  # not counted
    login_as(organizer)
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    assert 'data-gender-count="man">not shown<' in page
    assert 'data-gender-count="another">not shown<' in page  # zero too: it would pin the others down
    assert 'data-gender-count="none">not shown<' in page  # the organizer gave none
    # The organizer (no gender given) makes three hidden people: the women's 3 can be shown.
    assert 'data-gender-count="woman">3<' in page and "6 participants approved" in page

    monkeypatch.setitem(app.config, "GENDER_MIN_CELL", 2)
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    # 6 − 3 women − 2 men would be the organizer alone: the men are not shown either.
    assert 'data-gender-count="woman">3<' in page and 'data-gender-count="man">not shown<' in page
    assert 'data-gender-count="none">not shown<' in page


def test_download_holds_one_record_of_each_kind_the_person_made(app, client, login_as):
    """Rosa (a moderator who represents FENCOMIN) does one of everything; Efraín comments and
    takes a stance. Her download has one record of each kind, and nothing of his."""
    from datetime import date

    from dialogues.comments import services as comments
    from dialogues.facilitation import polls, speakers
    from dialogues.recommendations import services as recommendations
    from dialogues.roundtable.models import Organization, OrganizationKind

    from ..facilitation.factories import make_item

    organizer = make_user("Organizadora")
    dialogue = make_dialogue(organizer)
    item = make_item(dialogue)
    rosa, efrain = make_user("Rosa Huanca"), make_user("Efraín Tola")
    fencomin = Organization(name="FENCOMIN", kind=OrganizationKind.FEDERATION)
    _db.session.add(fencomin)
    _db.session.flush()
    mine = make_participant(dialogue, rosa, role=Role.MODERATOR, organization_id=fencomin.id)
    make_participant(dialogue, efrain)
    with app.test_request_context():
        his = comments.post_comment(dialogue, efrain, item, "Comentario de Efraín")
        comments.post_comment(dialogue, rosa, item, "Comentario de Rosa")
        comments.react(dialogue, rosa, his, "agree")
        comments.flag(dialogue, rosa, his, "Fuera de tema")
        recommendation = recommendations.propose(dialogue, rosa, {"title": "Fondo minero", "body": "Crédito."})
        recommendations.set_status(dialogue, rosa, recommendation, "discussion")
        recommendations.set_stance(dialogue, rosa, recommendation, "support", "Con matices")
        recommendations.set_stance(dialogue, efrain, recommendation, "oppose", "Postura de Efraín")
        recommendations.propose_amendment(dialogue, rosa, recommendation, {"body": "Crédito flexible.",
                                                                           "reason": "Más claro"})
        recommendations.designate_representative(dialogue, organizer, mine)
        recommendations.endorse(dialogue, rosa, recommendation, True, "FENCOMIN respalda")
        recommendations.set_status(dialogue, rosa, recommendation, "adopted")
        recommendations.add_progress_note(dialogue, rosa, recommendation, {"on": date(2026, 12, 2),
                                                                           "body": "Primer avance"})
        poll = polls.create_poll(dialogue, rosa, question="¿Retortas?", kind="single", options=["Sí", "No"])
        polls.open_poll(dialogue, rosa, poll)
        polls.vote(dialogue, rosa, poll, [poll.options[0].id])
        speakers.raise_hand(dialogue, rosa)
        _db.session.commit()
    login_as(rosa)
    response = client.get("/me/data")
    data = response.get_json() or json.loads(response.get_data(as_text=True))
    kinds = [name for name in privacy.SECTIONS]
    assert {name: len(data[name]) for name in kinds} == {name: 1 for name in kinds}
    assert data["stances"][0]["note"] == "Con matices" and data["poll_votes"][0]["option"] == "Sí"
    assert data["endorsements"][0]["statement"] == "FENCOMIN respalda"
    text = response.get_data(as_text=True)
    assert "Efraín" not in text and "oppose" not in text
