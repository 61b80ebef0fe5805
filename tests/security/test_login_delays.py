"""Growing delays after failed sign-ins, per account and per address, kept in the database."""
import re
from datetime import timedelta

from sqlalchemy import select, update

from dialogues.clock import utcnow
from dialogues.security.models import LoginThrottle

from ..factories import PASSWORD, make_user


def attempt(client, user, password: str, address: str = "10.1.1.1"):
    return client.post("/accounts/login", data={"email": user.email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def wait_in(response) -> int:
    assert response.status_code == 429, response.status_code
    match = re.search(r"Try again in (\d+) seconds?\.", response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return int(match.group(1))


def time_passes(db) -> None:
    """Every lock runs out (instead of sleeping)."""
    db.session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_each_failure_past_the_free_ones_doubles_the_wait_even_for_the_right_password(client, db):
    user = make_user()
    for _ in range(3):  # LOGIN_FREE_FAILURES_ACCOUNT
        assert attempt(client, user, "wrong-password").status_code == 400
    assert attempt(client, user, "wrong-password").status_code == 400  # the 4th failure locks the account
    first = wait_in(attempt(client, user, PASSWORD))
    assert 0 < first <= 5
    assert client.get("/me/dialogues").status_code == 302  # still signed out

    time_passes(db)
    assert attempt(client, user, "wrong-password").status_code == 400
    second = wait_in(attempt(client, user, PASSWORD))
    assert 5 < second <= 10

    time_passes(db)
    assert attempt(client, user, PASSWORD).status_code == 302
    assert db.session.scalar(select(LoginThrottle).where(LoginThrottle.key == f"account:{user.email}")) is None


def test_the_account_waits_whatever_address_the_guesses_come_from(client):
    user = make_user()
    for n in range(4):
        attempt(client, user, "wrong-password", address=f"10.2.0.{n}")
    assert wait_in(attempt(client, user, PASSWORD, address="10.2.0.99")) > 0


def test_an_address_guessing_many_accounts_waits_but_others_do_not(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_ADDRESS", 2)
    victims = [make_user() for _ in range(3)]
    for victim in victims:  # one failure per account: no account is locked
        assert attempt(client, victim, "wrong-password", address="10.3.3.3").status_code == 400
    assert wait_in(attempt(client, victims[0], PASSWORD, address="10.3.3.3")) > 0
    assert attempt(client, victims[0], PASSWORD, address="10.4.4.4").status_code == 302


def test_a_success_does_not_reset_the_address(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_ADDRESS", 2)
    attacker, victim = make_user(), make_user()
    attempt(client, victim, "wrong-password", address="10.5.5.5")
    assert attempt(client, attacker, PASSWORD, address="10.5.5.5").status_code == 302
    client.post("/accounts/logout")
    attempt(client, victim, "wrong-password", address="10.5.5.5")
    attempt(client, victim, "wrong-password", address="10.5.5.5")
    assert wait_in(attempt(client, attacker, PASSWORD, address="10.5.5.5")) > 0


def test_the_wait_is_said_with_its_plural(client, db):
    """"1 second", "2 seconds" (and in French "1 seconde", "2 secondes")."""
    user = make_user(locale="fr")
    for _ in range(4):  # LOGIN_FREE_FAILURES_ACCOUNT + 1: locked
        attempt(client, user, "wrong-password")
    for seconds, english, french in ((0.9, "1 second.", "1 seconde."), (1.9, "2 seconds.", "2 secondes.")):
        db.session.execute(update(LoginThrottle).values(locked_until=utcnow() + timedelta(seconds=seconds)))
        db.session.commit()
        page = attempt(client, user, PASSWORD).get_data(as_text=True)
        assert f"Too many failed sign-ins. Try again in {english}" in page, page
        db.session.execute(update(LoginThrottle).values(locked_until=utcnow() + timedelta(seconds=seconds)))
        db.session.commit()
        page = client.post("/accounts/login", data={"email": user.email, "password": PASSWORD},
                           headers={"Accept-Language": "fr"}, environ_base={"REMOTE_ADDR": "10.1.1.1"})
        assert f"Réessayez dans {french}" in page.get_data(as_text=True)
