"""Accounts: sign-up, sign-in and sign-out, the language a person reads."""
import secrets

from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import db, login_manager
    from .models import User
    from .routes import bp

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str):
        """``<id>:<session token>`` from the session or remember cookie (``User.get_id``): a token
        that was rotated since (sign-out, new password, revoked pass) signs nobody in. Runs on every
        request and every socket event, with the one primary-key lookup it always made."""
        number, _, token = user_id.partition(":")
        user = db.session.get(User, int(number)) if number.isdigit() and token else None
        return user if user is not None and secrets.compare_digest(user.session_token, token) else None

    app.register_blueprint(bp)
