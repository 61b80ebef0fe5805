"""Accounts: sign-up, sign-in and sign-out, the language a person reads."""
from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import db, login_manager
    from .models import User
    from .routes import bp

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.register_blueprint(bp)
