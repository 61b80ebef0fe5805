"""What the platform area stores: the settings administrators change."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class PlatformSettings(db.Model):
    """One row (absent until an administrator first saves; the defaults below apply meanwhile)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # False: only administrators and the accounts they allow (User.may_create_dialogues) create dialogues.
    everyone_creates_dialogues: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
