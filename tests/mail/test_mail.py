"""Mail through a real SMTP server: password reset, registration mails, invitations, an SMTP outage."""
import re
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dialogues.clock import utcnow
from dialogues.extensions import db
from dialogues.mail import outbox
from dialogues.mail.models import OutgoingMail
from dialogues.roundtable.models import Participant, RegistrationState

from ..factories import make_dialogue, make_participant, make_user
from .conftest import SmtpServer, wait_until

NEW_PASSWORD = "nueva-clave-de-oro"


def queued() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def subject(message) -> str:
    """The decoded subject (a long encoded one is folded onto a new line, which mail clients trim)."""
    return str(message["Subject"]).strip()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def path_in(message, prefix: str) -> str:
    """The path of the first link starting with ``prefix`` in the mail's text (the HTML has it too)."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S*)", text_of(message))
    assert match, text_of(message)
    assert match.group(1) in html_of(message)
    return match.group(1)


def ask_for_reset(client, address: str) -> str:
    response = client.post("/accounts/password/forgot", data={"email": address}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def register(client, dialogue, **kwargs):
    group = next(g for g in dialogue.groups if g.key == "miners")
    return client.post(f"/d/{dialogue.id}/register", data={"group_id": group.id, "organization_id": 0, "org_kind": ""},
                       **kwargs)


def test_password_reset_from_the_form_to_a_new_password_that_signs_in(client, smtp):
    user = make_user("Ana Quispe", email="ana@example.org")
    assert "/accounts/password/forgot" in client.get("/accounts/login").get_data(as_text=True)
    assert "we sent it a link" in ask_for_reset(client, "Ana@Example.org")

    [message] = smtp.wait_for(1)
    assert message["To"] == "ana@example.org" and subject(message) == "Reset your password"
    assert "Hello Ana Quispe" in text_of(message)
    link = path_in(message, "/accounts/password/reset/")
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/me/dialogues")
    assert client.get("/me/dialogues").status_code == 200  # signed in

    client.post("/accounts/logout")
    refused = client.post("/accounts/login", data={"email": user.email, "password": "correct-horse-battery"})
    assert refused.status_code == 400
    assert client.post("/accounts/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302

    # The same link a second time: refused in words, and the password stays the new one.
    client.post("/accounts/logout")
    again = client.get(link)
    assert again.status_code == 400 and "This link was already used" in again.get_data(as_text=True)
    posted = client.post(link, data={"password": "otra-clave-mas", "confirm": "otra-clave-mas"})
    assert posted.status_code == 400 and "already used" in posted.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_with_a_clear_message(client, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", 0)
    user = make_user(email="luis@example.org", locale="es")
    ask_for_reset(client, user.email)
    [message] = smtp.wait_for(1)
    assert subject(message) == "Restablece tu contraseña"  # the recipient's language, not the page's
    link = path_in(message, "/accounts/password/reset/")
    time.sleep(1.1)  # links are dated to the second: this one is now older than the allowed 0 s
    response = client.get(link)
    assert response.status_code == 400 and "This link has expired" in response.get_data(as_text=True)
    posted = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code == 400
    db.session.refresh(user)
    assert not user.check_password(NEW_PASSWORD)


def test_a_forged_link_is_refused_and_an_unknown_address_gets_the_same_answer(client):
    response = client.get("/accounts/password/reset/not-a-token")
    assert response.status_code == 400 and "This link is not valid" in response.get_data(as_text=True)
    make_user(email="known@example.org")
    unknown = ask_for_reset(client, "nobody@example.org").replace("nobody@example.org", "ADDRESS")
    assert queued() == 0
    known = ask_for_reset(client, "known@example.org").replace("known@example.org", "ADDRESS")
    assert known == unknown


def test_registration_received_approved_and_declined_in_each_persons_language(client, login_as, smtp):
    dialogue = make_dialogue(title="Diálogos del Oro – Puno")
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    rosa, jorge = make_user("Rosa", email="rosa@example.org", locale="es"), make_user("Jorge", email="jorge@example.org")
    for person in (rosa, jorge):
        login_as(person)
        assert register(client, dialogue).status_code == 302
    smtp.wait_for(2)
    assert subject(smtp.to("rosa@example.org")[0]) == "Inscripción recibida: Diálogos del Oro – Puno"
    assert subject(smtp.to("jorge@example.org")[0]) == "Registration received: Diálogos del Oro – Puno"
    assert f"/d/{dialogue.id}" in text_of(smtp.to("jorge@example.org")[0])

    login_as(organizer)
    rows = {p.user_id: p.id for p in db.session.scalars(select(Participant).where(Participant.dialogue_id == dialogue.id))}
    assert client.post(f"/d/{dialogue.id}/participants/{rows[rosa.id]}/approve").status_code == 302
    assert client.post(f"/d/{dialogue.id}/participants/{rows[jorge.id]}/decline").status_code == 302
    assert client.post(f"/d/{dialogue.id}/participants/{rows[jorge.id]}/decline").status_code == 302  # no change
    smtp.wait_for(4)
    assert subject(smtp.to("rosa@example.org")[1]) == "Inscripción confirmada: Diálogos del Oro – Puno"
    assert subject(smtp.to("jorge@example.org")[1]) == "Registration declined: Diálogos del Oro – Puno"
    wait_until(lambda: queued() == 0)
    assert len(smtp.messages) == 4


def test_walk_ins_have_no_address_and_get_no_mail(client, login_as):
    dialogue = make_dialogue()
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    login_as(organizer)
    group = next(g for g in dialogue.groups if g.key == "miners")
    response = client.post(f"/d/{dialogue.id}/walk-in", data={"name": "Doña Elena", "group_id": group.id,
                                                               "organization_id": 0, "org_kind": ""})
    assert response.status_code == 200  # the desk shows the walk-in's personal code (room pass)
    assert queued() == 0


def test_an_invitation_reaches_every_address_of_a_list(client, login_as, smtp):
    dialogue = make_dialogue(title="Diálogos del Oro – Puno")
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    make_user("Luis", email="luis@example.org", locale="es")
    login_as(organizer)
    pasted = "ana@example.org, Luis@Example.org\n<carla@example.org>; ana@example.org\n\n  pedro@example.org  "
    response = client.post(f"/d/{dialogue.id}/invite", data={"addresses": pasted})
    assert response.status_code == 302
    smtp.wait_for(4)
    wait_until(lambda: queued() == 0)
    assert sorted(m["To"] for m in smtp.messages) == [
        "ana@example.org", "carla@example.org", "luis@example.org", "pedro@example.org"]
    for message in smtp.messages:
        assert path_in(message, "/join/") == f"/join/{dialogue.join_code}"
    assert subject(smtp.to("luis@example.org")[0]) == "Invitación: Diálogos del Oro – Puno"
    assert subject(smtp.to("ana@example.org")[0]) == "Invitation: Diálogos del Oro – Puno"  # the dialogue's language
    assert "invited 4 people by e-mail" in client.get(f"/d/{dialogue.id}/audit").get_data(as_text=True)


@pytest.mark.parametrize("code, one, two", [
    ("en", "Invitation sent to 1 address.", "Invitations sent to 2 addresses."),
    ("es", "Invitación enviada a 1 dirección.", "Invitaciones enviadas a 2 direcciones."),
    ("fr", "Invitation envoyée à 1 adresse.", "Invitations envoyées à 2 adresses.")])
def test_the_organizer_is_told_how_many_were_invited_with_its_plural(client, login_as, code, one, two):
    dialogue = make_dialogue()
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    organizer.locale = code
    db.session.commit()
    login_as(organizer)
    invite = lambda pasted: client.post(f"/d/{dialogue.id}/invite", data={"addresses": pasted},
                                        follow_redirects=True).get_data(as_text=True)
    assert one in invite("ana@example.org")
    assert two in invite("carla@example.org, pedro@example.org")


def test_a_bad_list_of_addresses_sends_nothing(client, login_as, app, monkeypatch):
    dialogue = make_dialogue()
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    login_as(organizer)
    response = client.post(f"/d/{dialogue.id}/invite", data={"addresses": "ana@example.org, ana(at)example"})
    assert response.status_code == 400 and "ana(at)example" in response.get_data(as_text=True)
    monkeypatch.setitem(app.config, "INVITATION_MAX_ADDRESSES", 2)
    response = client.post(f"/d/{dialogue.id}/invite", data={"addresses": "a@example.org b@example.org c@example.org"})
    assert response.status_code == 400 and "At most 2 addresses" in response.get_data(as_text=True)
    assert queued() == 0


def test_an_unreachable_smtp_server_loses_no_registration_and_the_mail_goes_when_it_is_back(
        client, login_as, smtp_port):
    dialogue = make_dialogue()
    user = make_user(email="rosa@example.org")
    login_as(user)
    response = register(client, dialogue, follow_redirects=True)
    assert response.status_code == 200 and "The organizers will review your registration" in response.get_data(as_text=True)
    participant = db.session.scalar(select(Participant).where(Participant.user_id == user.id))
    assert participant.state == RegistrationState.PENDING

    def failed_once() -> bool:
        row = db.session.scalar(select(OutgoingMail))
        return row is not None and row.attempts == 1 and "Connection refused" in row.last_error

    wait_until(failed_once)  # tried after commit, refused, kept for a later attempt
    server = SmtpServer(smtp_port).start()
    try:
        assert outbox.deliver_due(utcnow()) == 0  # not due again yet
        assert outbox.deliver_due(utcnow() + timedelta(minutes=2)) == 1
        [message] = server.inbox.wait_for(1)
        assert message["To"] == "rosa@example.org"
        assert queued() == 0
    finally:
        server.stop()


def test_a_mail_is_given_up_after_the_last_attempt(app, smtp_port, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    with app.test_request_context():
        outbox.queue("rosa@example.org", "Asunto", "Texto", "<p>Texto</p>")
        db.session.commit()
    wait_until(lambda: db.session.scalar(select(OutgoingMail.attempts)) == 1)
    assert outbox.deliver_due(utcnow() + timedelta(hours=1)) == 0
    assert queued() == 0  # dropped after the last attempt (and logged)


def test_without_an_smtp_server_mails_are_written_to_the_output(client, capsys):
    make_user(email="ana@example.org")
    ask_for_reset(client, "ana@example.org")
    wait_until(lambda: queued() == 0)
    output = capsys.readouterr().out
    assert "To: ana@example.org" in output and "Subject: Reset your password" in output


def test_deleting_an_account_drops_its_unsent_mail(client, login_as, smtp_port):
    user = make_user(email="rosa@example.org")
    ask_for_reset(client, "rosa@example.org")  # the SMTP server is down: the mail waits in the outbox
    assert queued() == 1
    login_as(user)
    response = client.post("/me/delete", data={"password": "correct-horse-battery", "confirm": "y"})
    assert response.status_code == 302
    assert queued() == 0


# A process whose pool has one connection, held by someone else for 2.5 s: the outbox's passes meet
# the pool's 1-s timeout, then a later one sends the mail.
BUSY_PROCESS = textwrap.dedent("""
    import logging, sys, time
    from dialogues import create_app
    from dialogues.extensions import db
    from dialogues.mail import outbox

    app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "DATABASE_POOL_SIZE": 1, "DATABASE_MAX_OVERFLOW": 0,
                      "DATABASE_POOL_TIMEOUT": 1, "MAIL_OUTBOX_WORKER": True, "MAIL_POLL_SECONDS": 0.2})
    logging.basicConfig(level=logging.WARNING)
    with app.app_context():
        held = db.engine.connect()  # the only connection of the pool
        outbox.Worker(app).start()
        time.sleep(2.5)
        held.close()
        time.sleep(3)  # the next passes find the connection free
""")


def test_a_pass_that_finds_no_free_connection_logs_one_line_and_a_later_pass_sends(app, database):
    """The periodic pass met the pool's timeout during the soak (every connection in use): it logged
    a whole traceback each time. Now one line, and the mail goes at a later pass."""
    if database.kind != "postgresql":
        pytest.skip("SQLite's pool is not configurable")
    with app.test_request_context():
        app.config["MAIL_OUTBOX_WORKER"] = False  # only the busy process sends (the fixture restores it)
        outbox.queue("rosa@example.org", "Asunto", "Texto", "<p>Texto</p>")
        db.session.commit()
    done = subprocess.run([sys.executable, "-c", BUSY_PROCESS, database.url], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert queued() == 0  # sent by a pass after the connection was free
    lines = [line for line in done.stderr.splitlines() if "outbox" in line or "Traceback" in line]
    assert lines and all(line.startswith("WARNING:dialogues.mail.outbox:The mail outbox waits for the database")
                         and "QueuePool limit" in line for line in lines), done.stderr[-2000:]


def test_a_mail_dates_the_dialogue_in_words_in_the_recipients_language(client, login_as, smtp):
    """The mail says when the dialogue is as a person writes it (Babel's long date and its time), in the
    recipient's language and the dialogue's time zone: 1 December 2026, 09:00–17:00 in La Paz."""
    dialogue = make_dialogue(language="fr", timezone="America/La_Paz")
    organizer = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id)).user
    make_user("Luis", email="luis@example.org", locale="es")
    make_user("Ann", email="ann@example.org", locale="en")
    login_as(organizer)
    assert client.post(f"/d/{dialogue.id}/invite", data={"addresses": "luis@example.org ann@example.org awa@example.org"}
                       ).status_code == 302
    smtp.wait_for(3)
    for address, dates in (("luis@example.org", "1 de diciembre de 2026, 09:00 – 1 de diciembre de 2026, 17:00"),
                           ("ann@example.org", "December 1, 2026, 09:00 – December 1, 2026, 17:00"),
                           ("awa@example.org", "1 décembre 2026, 09:00 – 1 décembre 2026, 17:00")):  # the dialogue's
        [message] = smtp.to(address)
        assert dates in text_of(message) and dates in html_of(message), text_of(message)
