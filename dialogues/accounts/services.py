"""Accounts: sign-up, authentication, preferences."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..config import LANGUAGES
from ..errors import InvalidInput
from ..extensions import db
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
    InvalidInput with one message for both failures (the failure is recorded in the session:
    the caller commits it).
    """
    attempt = throttle.keys(email, address)
    throttle.check(attempt)
    user = find_user_by_email(email)
    if user is None or not user.check_password(password):
        throttle.record_failure(attempt)
        raise InvalidInput(_("Wrong e-mail or password."))
    throttle.record_success(attempt)
    return user


def set_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise InvalidInput(_("Unknown language."), field="locale")
    user.locale = locale
