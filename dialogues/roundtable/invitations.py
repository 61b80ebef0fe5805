"""Invitations: an organizer pastes a list of addresses; each gets a mail with the join link."""
import re

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import mail
from ..accounts.models import User
from ..errors import InvalidInput, InvalidState
from ..extensions import db
from ..realtime import log
from .models import Dialogue
from .services import require_organizer

SEPARATORS = re.compile(r"[\s,;]+")


def parse_addresses(text: str) -> list[str]:
    """The addresses of a pasted list (commas, semicolons, spaces or lines between them), lower-cased,
    each once, in the order given. Raises InvalidInput naming the malformed ones, or for too many."""
    limit = current_app.config["INVITATION_MAX_ADDRESSES"]
    addresses, bad = [], []
    for word in SEPARATORS.split(text or ""):
        word = word.strip("<>\"'")
        if not word:
            continue
        try:
            address = validate_email(word, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            bad.append(word[:80])
            continue
        if address not in addresses:
            addresses.append(address)
    if bad:
        raise InvalidInput(_("These are not e-mail addresses: %(list)s. Nothing was sent.", list=", ".join(bad[:10])),
                           field="addresses")
    if not addresses:
        raise InvalidInput(_("Paste at least one e-mail address."), field="addresses")
    if len(addresses) > limit:
        raise InvalidInput(_("At most %(n)d addresses at a time. Nothing was sent.", n=limit), field="addresses")
    return addresses


def invite(dialogue: Dialogue, user: User, text: str) -> list[str]:
    """Mail the join link to every address of ``text``, each in its account's language if it has one,
    else in the dialogue's. Returns the addresses. Raises NotPermitted, InvalidState or InvalidInput."""
    require_organizer(dialogue, user)
    if not dialogue.is_open_for_registration:
        raise InvalidState(_("Open the registration before inviting people: the join link works only then."))
    addresses = parse_addresses(text)
    locales = _account_languages(addresses)
    for address in addresses:
        mail.send_invitation(dialogue, user, address, locales.get(address, dialogue.language))
    log.append(dialogue.id, "dialogue.invited", {"count": len(addresses)}, audience=log.MODERATORS,
               actor_user_id=user.id)
    return addresses


def _account_languages(addresses: list[str]) -> dict[str, str]:
    """address → language of the accounts among ``addresses``."""
    return dict(db.session.execute(select(func.lower(User.email), User.locale)
                                   .where(func.lower(User.email).in_(addresses))).all())
