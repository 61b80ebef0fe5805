"""Rate limits for the doors abusers knock on: sign-in, sign-up, registration.

The limit strings are settings (``RATELIMIT_*`` in config), read per request so that a deployment
or a test can change them. Only POSTs count: reading a form is free. A refused request gets a 429
page before the view runs, so nothing changes.
"""
from typing import Callable

from flask import current_app
from flask_login import current_user

from ..extensions import limiter


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
