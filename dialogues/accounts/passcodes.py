"""Personal codes of room passes: eight letters and digits, kept only as a keyed digest.

The digest (HMAC-SHA256 with ``SECRET_KEY``) lets the code be found without being stored: a copy
of the database does not give anyone's code away, and a code shown once cannot be shown again
(a new one replaces it).
"""
import hashlib
import hmac
import secrets

from flask import current_app
from flask_babel import gettext as _

from ..errors import InvalidInput

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """``ABCD-EFGH``: easier to read out and copy."""
    return f"{code[:4]}-{code[4:]}"


def normalise(code: str) -> str:
    """Upper-case, spaces and dashes dropped. Raises InvalidInput for anything else malformed."""
    cleaned = "".join((code or "").split()).replace("-", "").upper()
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        raise InvalidInput(_("A personal code has %(n)d letters and digits, like ABCD-EF23.", n=LENGTH), field="code")
    return cleaned


def digest(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()
