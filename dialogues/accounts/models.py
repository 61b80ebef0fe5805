import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import utcnow
from ..extensions import db


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A person signed in: an account (e-mail and password), or a room pass (neither, and one
    dialogue only: see roundtable/passes.py). Personal data (e-mail) is never shown to others.

    ``session_token`` is part of the id kept in session and remember cookies (``get_id``): changing
    it (sign-out, password change, pass revocation) makes every copy of those cookies worthless."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="es")
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Allowed by an administrator to create dialogues (see platform.services.may_create_dialogues).
    may_create_dialogues: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # A room pass: the one dialogue it works in, and the HMAC of its personal code (see passes.py).
    pass_dialogue_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    pass_code_digest: Mapped[str | None] = mapped_column(String(64), unique=True)

    @property
    def is_pass(self) -> bool:
        return self.pass_dialogue_id is not None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember cookies: the id and the session token."""
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        """A new password also ends every session opened with the old one."""
        self.password_hash = generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"])
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id}>"
