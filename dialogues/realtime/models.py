from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class Event(db.Model):
    """One entry of a dialogue's real-time log: the audit trail and the source of every replay."""

    __table_args__ = (UniqueConstraint("dialogue_id", "seq"), UniqueConstraint("dialogue_id", "client_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    # "all", or "moderators" for what only moderators may read (others get a stub with the seq).
    audience: Mapped[str] = mapped_column(String(16), default="all")
    # The id a client generated for the write that caused this event; a retry with it is answered, not redone.
    client_id: Mapped[str | None] = mapped_column(String(64))
    # The row the write created or changed, returned in the acknowledgement.
    object_id: Mapped[int | None]
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
