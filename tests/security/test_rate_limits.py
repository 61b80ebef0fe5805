"""Rate limits on sign-in, sign-up and registration: a clear 429 page, and nothing changed."""
from sqlalchemy import func, select

from dialogues.accounts.models import User
from dialogues.roundtable.models import DialogueStatus, Participant

from ..factories import PASSWORD, make_dialogue, make_user
from ..roundtable.test_registration import form

TOO_MANY = "Too many requests. Wait a moment and try again."


def signup(client, n: int):
    return client.post("/accounts/signup", data={"name": f"Minera {n}", "email": f"minera{n}@example.org",
                                                 "password": PASSWORD, "confirm": PASSWORD, "locale": "en"})


def count(model) -> int:
    return select(func.count()).select_from(model)


def test_signup_is_limited_per_address_and_the_refused_one_creates_nothing(client, db, limits):
    limits["RATELIMIT_SIGNUP"] = "2 per hour"
    assert signup(client, 1).status_code == 302
    client.post("/accounts/logout")
    assert signup(client, 2).status_code == 302
    client.post("/accounts/logout")
    refused = signup(client, 3)
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "minera3@example.org")) is None
    assert client.get("/accounts/signup").status_code == 200  # reading the form is free


def test_login_is_limited_per_account_even_from_changing_addresses(client, limits):
    limits["RATELIMIT_LOGIN_ACCOUNT"] = "2 per minute"
    user = make_user()
    for address in ("10.0.0.1", "10.0.0.2"):
        response = client.post("/accounts/login", data={"email": user.email, "password": "wrong-password"},
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 400
    refused = client.post("/accounts/login", data={"email": user.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)
    assert client.get("/me/dialogues").status_code == 302  # not signed in
    other = make_user()
    assert client.post("/accounts/login", data={"email": other.email, "password": PASSWORD},
                       environ_base={"REMOTE_ADDR": "10.0.0.3"}).status_code == 302


def test_login_is_limited_per_address_across_accounts(client, limits):
    limits["RATELIMIT_LOGIN"] = "2 per minute"
    users = [make_user() for _ in range(3)]
    for user in users[:2]:
        assert client.post("/accounts/login", data={"email": user.email, "password": "nope-nope"}).status_code == 400
    response = client.post("/accounts/login", data={"email": users[2].email, "password": PASSWORD},
                           headers={"Accept": "application/json"})
    assert response.status_code == 429 and response.get_json()["message"] == TOO_MANY


def register(client, dialogue, address: str):
    return client.post(f"/d/{dialogue.id}/register", data=form(dialogue), environ_base={"REMOTE_ADDR": address})


def registered(db, dialogue) -> int:
    return db.session.scalar(count(Participant).where(Participant.dialogue_id == dialogue.id)) - 1  # organizer


def test_registration_is_limited_per_account_and_per_address(client, db, login_as, limits):
    limits["RATELIMIT_REGISTER_ACCOUNT"] = limits["RATELIMIT_REGISTER"] = "1 per hour"
    first, second, third = (make_dialogue(status=DialogueStatus.REGISTRATION_OPEN) for _ in range(3))
    login_as(make_user())
    assert register(client, first, "10.0.0.1").status_code == 302
    refused = register(client, second, "10.0.0.2")  # same account, another address
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)
    assert registered(db, second) == 0

    for address_shared_by in (make_user(), make_user()):  # two people behind one address
        client.post("/accounts/logout")
        login_as(address_shared_by)
        response = register(client, third, "10.0.0.3")
    assert response.status_code == 429 and registered(db, third) == 1


def test_password_reset_requests_are_limited_per_account(client, limits):
    limits["RATELIMIT_PASSWORD_RESET_ACCOUNT"] = "2 per hour"
    user = make_user()
    for address in ("10.0.0.1", "10.0.0.2"):
        response = client.post("/accounts/password/forgot", data={"email": user.email},
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302
    refused = client.post("/accounts/password/forgot", data={"email": user.email.upper()},
                          environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)  # before the view: no mail


def test_room_passes_and_personal_codes_are_limited_per_address(client, db, limits):
    limits["RATELIMIT_PASS"] = "2 per hour"
    limits["RATELIMIT_PASS_CODE"] = "2 per minute"
    dialogue = make_dialogue()
    group = dialogue.groups[0].id

    def join(name: str, address: str):
        for cookie in ("session", "remember_token"):  # a new phone each time
            client.delete_cookie(cookie)
        return client.post(f"/d/{dialogue.id}/join", data={"name": name, "group_id": group, "agree": "y"},
                           environ_base={"REMOTE_ADDR": address})

    assert join("Primera", "10.0.0.1").status_code == 200 and join("Segunda", "10.0.0.1").status_code == 200
    refused = join("Tercera", "10.0.0.1")
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)
    assert db.session.scalar(select(Participant).where(Participant.name == "Tercera")) is None
    assert join("Tercera", "10.0.0.2").status_code == 200  # another address
    for _ in range(2):
        assert client.post(f"/d/{dialogue.id}/join/code", data={"code": "ABCD-EFGH"},
                           environ_base={"REMOTE_ADDR": "10.0.0.3"}).status_code == 400
    guessing = client.post(f"/d/{dialogue.id}/join/code", data={"code": "ABCD-EFGH"},
                           environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert guessing.status_code == 429
