"""Mail for people who have an address: password reset, registration received / approved /
declined, invitations. Each ``send_*`` renders the mail in the recipient's language and puts it in
the outbox of the current transaction: it goes out after commit, off the request (see ``outbox``).
Call them from services, before the handler commits."""
from flask import Flask, current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts.models import User
from ..roundtable.models import Dialogue, Participant, RegistrationState
from ..extensions import mail as mailer
from . import outbox


def init_app(app: Flask) -> None:
    mailer.init_app(app)  # the outbox's worker is started by the serving processes (wsgi.py, serve.py)


def _queue(recipient: str, locale: str, template: str, subject, **context) -> None:
    """Render ``mail/<template>.txt`` and ``.html`` in ``locale`` and queue them. ``subject`` is a
    function, so that it is translated in that language too."""
    if locale not in current_app.config["LANGUAGES"]:
        locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        context["subject"] = subject()
        outbox.queue(recipient, context["subject"], render_template(f"mail/{template}.txt", **context),
                     render_template(f"mail/{template}.html", **context))


def send_password_reset(user: User, link: str) -> None:
    _queue(user.email, user.locale, "password_reset", lambda: _("Reset your password"), user=user, link=link,
           minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def _to_participant(participant: Participant, template: str, subject) -> None:
    """A mail about a registration, to its person if they have an address (room passes have none)."""
    user = participant.user
    if user is None or not user.email:
        return
    dialogue = participant.dialogue
    _queue(user.email, user.locale, template, subject, participant=participant, dialogue=dialogue,
           link=url_for("roundtable.show", dialogue_id=dialogue.id, _external=True))


def send_registration_received(participant: Participant) -> None:
    """After a registration: "received, waiting for approval", or "approved" when none is needed."""
    if participant.state == RegistrationState.APPROVED:
        send_registration_decision(participant)
    else:
        _to_participant(participant, "registration_received",
                        lambda: _("Registration received: %(title)s", title=participant.dialogue.title))


def send_registration_decision(participant: Participant) -> None:
    """After an organizer approved or declined a registration."""
    if participant.state == RegistrationState.APPROVED:
        _to_participant(participant, "registration_approved",
                        lambda: _("You are registered: %(title)s", title=participant.dialogue.title))
    elif participant.state == RegistrationState.DECLINED:
        _to_participant(participant, "registration_declined",
                        lambda: _("Registration declined: %(title)s", title=participant.dialogue.title))


def send_invitation(dialogue: Dialogue, inviter: User, address: str, locale: str) -> None:
    """An invitation to ``dialogue`` with its join link, in ``locale``."""
    _queue(address, locale, "invitation", lambda: _("Invitation: %(title)s", title=dialogue.title),
           dialogue=dialogue, inviter=inviter,
           link=url_for("roundtable.join_link", code=dialogue.join_code, _external=True))
