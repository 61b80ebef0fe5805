"""Accounts: sign-up, authentication, password reset, preferences."""
import hashlib

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import event as sa_event
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from .. import mail
from ..config import LANGUAGES
from ..errors import InvalidInput, WrongCredentials
from ..extensions import db
from ..realtime import connections
from ..security import throttle
from .models import User

MIN_PASSWORD = 8


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_account(name: str, email: str, password: str, locale: str = "es", *, is_admin: bool = False) -> User:
    """Create an account with a hashed password.

    Raises InvalidInput for a taken e-mail, a short password or an unknown language.
    """
    name = name.strip()
    if not name:
        raise InvalidInput(_("Enter your name."), field="name")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD), field="password")
    if locale not in LANGUAGES:
        raise InvalidInput(_("Unknown language."), field="locale")
    if find_user_by_email(email):
        raise InvalidInput(_("An account with this e-mail already exists."), field="email")
    user = User(name=name, email=normalise_email(email), locale=locale, is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str, address: str | None = None) -> User:
    """Return the user for these credentials.

    Raises RateLimited while the account or the address must wait after failed attempts, and
    WrongCredentials with one message for both failures (the failure is recorded in the session,
    and the door commits it).
    """
    attempt = throttle.keys(email, address)
    throttle.check(attempt)
    user = find_user_by_email(email)
    if user is None or not user.check_password(password):
        throttle.record_failure(attempt)
        raise WrongCredentials(_("Wrong e-mail or password."))
    throttle.record_success(attempt)
    return user


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    """Changes with the password: a reset link carries it, so the link dies once the password is set."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Mail a reset link to the account with this address, if there is one. Says nothing either way:
    the page answers the same, so it cannot be used to learn who has an account."""
    user = find_user_by_email(email)
    if user is not None:
        mail.send_password_reset(user, url_for("accounts.reset_password", token=reset_token(user), _external=True))


def reset_token(user: User) -> str:
    """The secret of a reset link: signed and dated, and bound to the current password."""
    return _reset_serializer().dumps({"user": user.id, "password": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User:
    """The account a reset link is for. Raises InvalidInput for a link that is expired, already used
    (the password changed since it was sent) or not one of ours."""
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise InvalidInput(_("This link has expired. Ask for a new one below."))
    except BadSignature:
        raise InvalidInput(_("This link is not valid. Ask for a new one below."))
    user_id = data.get("user") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or data.get("password") != _password_fingerprint(user):
        raise InvalidInput(_("This link was already used. Ask for a new one below if you still need it."))
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link, which then stops working. Raises InvalidInput."""
    user = user_for_reset_token(token)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD), field="password")
    user.set_password(password)
    revoke_sessions(user)  # whoever held the old password is signed out everywhere, open sockets too
    throttle.forget_account(user.email)  # the owner proved themself: earlier failed sign-ins stop counting
    return user


def set_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise InvalidInput(_("Unknown language."), field="locale")
    user.locale = locale


# What a live connection's copy of its person (``realtime.connections.person``) decides with: who
# they are (the session token: sign-out, a new password, a revoked pass) and what they may do.
CONNECTION_DECIDES_WITH = ("session_token", "is_admin", "pass_dialogue_id")


@sa_event.listens_for(Session, "after_flush")
def _close_connections_of_changed_accounts(session: Session, _context) -> None:
    """A change written to what a live connection decides with, or the account's deletion, closes
    that person's connections after commit (the page connects again as who the person is now). Other
    columns (name, language, e-mail, the allowance to create dialogues, a pass code) decide nothing
    a socket event does: an open connection keeps their old values until it reconnects."""
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, User) and (row in session.deleted or any(
                inspect(row).attrs[key].history.has_changes() for key in CONNECTION_DECIDES_WITH)):
            connections.close_after_commit(row.id, session)


def revoke_sessions(user: User) -> None:
    """End every session of this person on every device: the session and remember cookies they
    hold (copied or not) stop working, and their live connections close after commit. Sign-out,
    "sign out everywhere", a password change and a revoked room pass all end here."""
    user.rotate_session_token()
    connections.close_after_commit(user.id)
