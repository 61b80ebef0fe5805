"""Who may create dialogues: administrators, the people they allow, everyone when the setting says so."""
import pytest
from sqlalchemy import func, select

from dialogues.errors import NotPermitted
from dialogues.extensions import db
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import Dialogue

from ..factories import dialogue_form, make_user


def dialogues() -> int:
    return db.session.scalar(select(func.count()).select_from(Dialogue))


def offers_new_dialogue(client) -> bool:
    return "/dialogues/new" in client.get("/me/dialogues").get_data(as_text=True)


def test_others_neither_see_new_dialogue_nor_create_one(client, login_as):
    login_as(make_user())
    assert not offers_new_dialogue(client)
    assert client.get("/dialogues/new").status_code == 403
    response = client.post("/dialogues/new", data=dialogue_form())
    assert response.status_code == 403 and "Only administrators and the people they allow" in response.get_data(as_text=True)
    assert dialogues() == 0


def test_the_service_refuses_too(app):
    with app.test_request_context(), pytest.raises(NotPermitted):
        roundtable.create_dialogue(make_user(), {})


def test_an_administrator_allows_a_person_then_takes_it_back(client, login_as):
    admin, ana = make_user(is_admin=True), make_user("Ana Quispe", email="ana@example.org")
    login_as(admin)
    assert offers_new_dialogue(client)
    assert "Ana Quispe" not in client.get("/admin").get_data(as_text=True)
    unknown = client.post("/admin/creators", data={"email": "nadie@example.org"})
    assert unknown.status_code == 400 and "No account uses this e-mail address" in unknown.get_data(as_text=True)
    assert client.post("/admin/creators", data={"email": "ANA@example.org"}).status_code == 302
    assert "Ana Quispe" in client.get("/admin").get_data(as_text=True)

    login_as(ana)
    assert offers_new_dialogue(client)
    assert client.post("/dialogues/new", data=dialogue_form()).status_code == 302
    assert dialogues() == 1

    login_as(admin)
    assert client.post("/admin/creators/remove", data={"email": "ana@example.org"}).status_code == 302
    login_as(ana)
    assert not offers_new_dialogue(client)
    assert client.post("/dialogues/new", data=dialogue_form()).status_code == 403
    assert dialogues() == 1


def test_the_setting_lets_everyone_create(client, login_as):
    admin, luis = make_user(is_admin=True), make_user()
    login_as(admin)
    assert client.post("/admin/settings", data={"everyone": "y"}).status_code == 302
    login_as(luis)
    assert offers_new_dialogue(client)
    assert client.post("/dialogues/new", data=dialogue_form()).status_code == 302
    login_as(admin)
    assert client.post("/admin/settings", data={}).status_code == 302
    login_as(luis)
    assert not offers_new_dialogue(client)


def test_only_administrators_reach_the_page(client, login_as):
    login_as(make_user())
    assert client.get("/admin").status_code == 403
    assert client.post("/admin/settings", data={"everyone": "y"}).status_code == 403
    assert client.post("/admin/creators", data={"email": "x@example.org"}).status_code == 403
