"""Rate limits: one limit per action, whatever the door.

An action that both doors reach (a socket write and its no-JavaScript form) is limited in its
service: ``@limited(rate)`` counts every call per person in a moving window shared by both doors, so
25 form posts after 100 socket messages are refused just the same. Socket reads count per person
(per connection when anonymous) with ``check``. The counters live in ``RATELIMIT_STORAGE_URI``
(memory, or Redis when scaled out: every process counts together). Only people at a door count: a
command line or the demo seeding calling a service is not limited.

The doors only one HTTP form reaches (sign-in, sign-up, registration) keep Flask-Limiter per address
and per account; their limit strings are settings (``RATELIMIT_*`` in config), read per request so
that a deployment or a test can change them. Only POSTs count: reading a form is free. A refused
request gets a 429 page before the view runs, so nothing changes.
"""
import functools
from typing import Callable

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..errors import RateLimited
from ..extensions import limiter

DEFAULT_WRITE_RATE = "30/10seconds"
REPEATING = "limits_repeating"
_counters: MovingWindowRateLimiter | None = None


def init_counters(uri: str) -> None:
    """A fresh counter store at ``uri`` (tests call it to start from zero)."""
    global _counters
    _counters = MovingWindowRateLimiter(storage_from_string(uri))


def check(action: str, rate: str, who: str) -> None:
    """Count one ``action`` by ``who``. Raises RateLimited past ``rate`` ("N/period")."""
    if _counters is None or not has_request_context() or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    try:
        allowed = _counters.hit(parse(rate), "action", action, who)
    except Exception as exc:  # the counters' store (Redis) is away: the meeting goes on unlimited
        current_app.logger.warning("rate limit of %s not checked: %s", action, exc)
        return
    if not allowed:
        raise RateLimited(_("You are sending too fast. Wait a moment and try again."))


def limited(rate: str = DEFAULT_WRITE_RATE):
    """For a service ``fn(dialogue, user, …)``: at most ``rate`` calls per person, through any door."""

    def wrap(fn):
        action = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def counted(dialogue, user, *args, **kwargs):
            user_id = getattr(user, "id", None)
            if user_id is not None and not g.get(REPEATING):  # nobody signed in: the service refuses them anyway
                check(action, counted.rate, f"user:{user_id}")
            return fn(dialogue, user, *args, **kwargs)

        counted.rate = rate  # read on each call: a test may lower it
        return counted

    return wrap


def repeating() -> None:
    """The door makes the request's write again, afresh (``realtime.sockets.on_write``): it was
    counted once already."""
    g.setdefault(REPEATING, True)


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def per_address(setting: str):
    """At most ``config[setting]`` POSTs from one client address."""
    return limiter.limit(_setting(setting), methods=["POST"], scope=setting)


def per_account(setting: str, key: Callable[[], str] | None = None):
    """At most ``config[setting]`` POSTs for one account: ``key()``, or the signed-in user."""
    return limiter.limit(_setting(setting), methods=["POST"], scope=setting, key_func=key or _signed_in_user)


def _signed_in_user() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "user:anonymous"
