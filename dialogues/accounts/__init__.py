"""Accounts: sign-up, sign-in and sign-out, the language a person reads."""
import secrets

from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import db, login_manager
    from ..realtime import connections
    from .models import User
    from .routes import bp

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str):
        """``<id>:<session token>`` from the session or remember cookie (``User.get_id``): a token
        that was rotated since (sign-out, new password, revoked pass) signs nobody in. One
        primary-key lookup per request, and per live connection rather than per event (a change to
        the account closes its connections: ``realtime.connections.person``)."""

        def load():
            number, _, token = user_id.partition(":")
            user = db.session.get(User, int(number)) if number.isdigit() and token else None
            return user if user is not None and secrets.compare_digest(user.session_token, token) else None

        return connections.person(user_id, load)

    app.register_blueprint(bp)
