"""Platform settings, changed by administrators: who may create dialogues."""
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.services import find_user_by_email
from ..clock import utcnow
from ..errors import InvalidInput, NotFound, NotPermitted
from ..extensions import db
from ..permissions import rule
from .models import PlatformSettings


def settings() -> PlatformSettings:
    """The saved settings, or the defaults (unsaved) when no administrator has saved any yet."""
    return db.session.scalar(select(PlatformSettings).order_by(PlatformSettings.id).limit(1)) or PlatformSettings(
        everyone_creates_dialogues=False)


def may_create_dialogues(user: User | None) -> bool:
    """Administrators and the accounts they allow; everyone signed in when the setting says so."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or user.may_create_dialogues or settings().everyone_creates_dialogues


def require_creator(user: User | None) -> User:
    """The user, if they may create dialogues. Raises NotPermitted."""
    if not may_create_dialogues(user):
        raise NotPermitted(_("Only administrators and the people they allow can create dialogues."))
    return user


def require_admin(user: User | None) -> User:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_admin:
        raise NotPermitted(_("Only platform administrators can do that."))
    return user


# The platform's rules concern no dialogue: they are asked as can("administer", None, person).
@rule("administer")
def _administer(_dialogue, person) -> User:
    return require_admin(person)


@rule("create_dialogues")
def _create_dialogues(_dialogue, person) -> User:
    return require_creator(person)


def set_everyone_creates(user: User, everyone: bool) -> PlatformSettings:
    require_admin(user)
    saved = settings()
    saved.everyone_creates_dialogues = everyone
    saved.updated_at = utcnow()
    db.session.add(saved)
    db.session.flush()
    return saved


def creators(user: User) -> list[User]:
    """The accounts allowed to create dialogues (administrators always are, and are not listed)."""
    require_admin(user)
    return list(db.session.scalars(select(User).where(User.may_create_dialogues.is_(True), User.is_admin.is_(False))
                                   .order_by(User.name)))


def allow(user: User, email: str) -> User:
    """Let the account with this address create dialogues. Raises InvalidInput for an unknown address."""
    require_admin(user)
    account = find_user_by_email(email or "")
    if account is None:
        raise InvalidInput(_("No account uses this e-mail address. The person must create an account first."),
                           field="email")
    account.may_create_dialogues = True
    return account


def disallow(user: User, email: str) -> User:
    """Take the right back (the dialogues they already organize stay theirs). Raises NotFound."""
    require_admin(user)
    account = find_user_by_email(email or "")
    if account is None:
        raise NotFound(_("No account uses this e-mail address."))
    account.may_create_dialogues = False
    return account
