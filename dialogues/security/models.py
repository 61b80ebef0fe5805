"""What the security area stores: failed sign-ins, counted per account and per address."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class LoginThrottle(db.Model):
    """Failed sign-ins for one key ("account:<e-mail>" or "address:<ip>"), in the database so that
    every server process sees the same count and a restart forgets nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
