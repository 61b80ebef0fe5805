"""Sign-up, sign-in, sign-out, language preference, the administrator CLI."""
from sqlalchemy import func, select

from dialogues.accounts.models import User
from dialogues.extensions import db

from ..factories import PASSWORD, make_user


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def signup(client, **overrides):
    data = {"name": "Rosa Huanca", "email": "rosa@example.org", "password": "una-clave-larga",
            "confirm": "una-clave-larga", "locale": "es"}
    data.update(overrides)
    return client.post("/accounts/signup", data=data)


def test_signup_creates_an_account_with_a_hashed_password_and_signs_in(client):
    response = signup(client, email="Rosa@Example.org")
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "rosa@example.org" and user.locale == "es"
    assert "una-clave-larga" not in user.password_hash and user.check_password("una-clave-larga")
    assert client.get("/me/dialogues").status_code == 200


def test_duplicate_email_is_refused_with_a_message(client):
    make_user(email="rosa@example.org")
    response = signup(client, email="ROSA@example.org")
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    assert users() == 1


def test_bad_signups_change_nothing(client):
    for overrides in ({"password": "short", "confirm": "short"}, {"confirm": "different-password"},
                      {"email": "not-an-email"}, {"name": "x" * 121}, {"name": ""}, {"locale": "xx"}):
        assert signup(client, **overrides).status_code == 400, overrides
    assert users() == 0


def test_login_wrong_password_and_unknown_email_say_the_same(client):
    user = make_user()
    for email, password in ((user.email, "wrong-password"), ("nobody@example.org", PASSWORD)):
        response = client.post("/accounts/login", data={"email": email, "password": password})
        assert response.status_code == 400
        assert "Wrong e-mail or password" in response.get_data(as_text=True)
    assert client.get("/me/dialogues").status_code == 302


def test_login_then_logout(client, login_as):
    login_as(make_user())
    assert client.get("/me/dialogues").status_code == 200
    assert client.post("/accounts/logout").status_code == 302
    assert client.get("/me/dialogues").status_code == 302


def test_login_redirect_stays_on_this_site(client):
    user = make_user()
    response = client.post("/accounts/login?next=https://evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/me/dialogues"
    response = client.post("/accounts/login?next=/join", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/join"


def test_session_cookie_is_httponly_and_samesite_lax(client):
    user = make_user()
    response = client.post("/accounts/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_switch_is_remembered_on_the_account(client, login_as):
    user = make_user(locale="es")
    login_as(user)
    assert 'lang="es"' in client.get("/").get_data(as_text=True)
    client.post("/accounts/language", data={"lang": "en"})
    db.session.refresh(user)
    assert user.locale == "en"
    client.post("/accounts/logout")
    login_as(user)
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_spanish_and_english_pages(client):
    client.post("/accounts/language", data={"lang": "es"})
    assert "Diálogos del Oro" in client.get("/").get_data(as_text=True)
    client.post("/accounts/language", data={"lang": "en"})
    assert "Gold Dialogues" in client.get("/").get_data(as_text=True)


def test_missing_csrf_token_is_refused(client, csrf):
    response = signup(client)
    assert response.status_code == 400
    assert users() == 0


def test_create_admin_cli(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--name", "Admin", "--email", "admin@example.org",
                                 "--password", "admin-password"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "admin@example.org")).is_admin
    again = runner.invoke(args=["create-admin", "--name", "Admin", "--email", "admin@example.org",
                                "--password", "admin-password"])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["create-admin", "--name", "B", "--email", "b@example.org", "--password", "x"])
    assert short.exit_code != 0 and "at least 8" in short.output
    assert users() == 1
