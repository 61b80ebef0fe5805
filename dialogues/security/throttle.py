"""Growing delays after failed sign-ins, per account and per address.

After the free failures of a key, each further failure locks it for a delay that doubles
(base, 2×base, 4×base… up to a maximum). While locked, even the right password is refused with
"try again in N seconds", so guessing gets slower and slower. A success clears the account's
count only: an attacker cannot reset their address's count by signing into an account of theirs.
"""
import math
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..errors import RateLimited
from ..extensions import db
from .models import LoginThrottle


def _account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"[:300]


def keys(email: str, address: str | None) -> dict[str, int]:
    """The throttle keys of one attempt, with the failures each may have for free."""
    config = current_app.config
    return {_account_key(email): config["LOGIN_FREE_FAILURES_ACCOUNT"],
            f"address:{address or 'unknown'}"[:300]: config["LOGIN_FREE_FAILURES_ADDRESS"]}


def _rows(names) -> list[LoginThrottle]:
    return list(db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(list(names)))))


def check(throttle_keys: dict[str, int]) -> None:
    """Raises RateLimited with the wait in seconds while any of the keys is locked."""
    now = utcnow()
    waits = [row.locked_until - now for row in _rows(throttle_keys) if row.locked_until and row.locked_until > now]
    if waits:
        seconds = math.ceil(max(waits).total_seconds())
        raise RateLimited(ngettext("Too many failed sign-ins. Try again in %(num)d second.",
                                   "Too many failed sign-ins. Try again in %(num)d seconds.", seconds))


def _delay(failures: int, free: int) -> timedelta | None:
    config = current_app.config
    if failures <= free:
        return None
    seconds = config["LOGIN_DELAY_BASE_SECONDS"] * 2 ** min(failures - free - 1, 30)
    return timedelta(seconds=min(seconds, config["LOGIN_DELAY_MAX_SECONDS"]))


def record_failure(throttle_keys: dict[str, int]) -> None:
    """Count one failure on each key and lock those past their free failures."""
    now = utcnow()
    forget = timedelta(seconds=current_app.config["LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS"])
    existing = {row.key: row for row in _rows(throttle_keys)}
    for key, free in throttle_keys.items():
        row = existing.get(key)
        if row is None:
            row = _insert(key)
        # An atomic increment, so that concurrent failures all count; old failures are forgotten.
        failures = 1 if now - row.last_failure_at > forget else LoginThrottle.failures + 1
        db.session.execute(update(LoginThrottle).where(LoginThrottle.id == row.id)
                           .values(failures=failures, last_failure_at=now)
                           .execution_options(synchronize_session=False))
        db.session.refresh(row)
        delay = _delay(row.failures, free)
        row.locked_until = now + delay if delay else None
    db.session.flush()


def _insert(key: str) -> LoginThrottle:
    """The row for ``key``, created if missing (a concurrent insert of the same key is tolerated)."""
    try:
        with db.session.begin_nested():
            row = LoginThrottle(key=key, failures=0, last_failure_at=utcnow())
            db.session.add(row)
        return row
    except IntegrityError:
        return db.session.scalar(select(LoginThrottle).where(LoginThrottle.key == key))


def record_success(throttle_keys: dict[str, int]) -> None:
    """Forget the account's failures (never the address's)."""
    _forget([k for k in throttle_keys if k.startswith("account:")])


def forget_account(email: str) -> None:
    """Drop the account's record (it holds the e-mail): for an account being deleted."""
    _forget([_account_key(email)])


def _forget(names: list[str]) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(names)))
