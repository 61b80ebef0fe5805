"""Agenda items with a live timer. A dialogue has at most one current item (running or paused)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..enums import LabelledEnum, str_enum
from ..extensions import db


class ItemState(LabelledEnum):
    PENDING = "pending", _l("Not started")
    RUNNING = "running", _l("Running")
    PAUSED = "paused", _l("Paused")
    DONE = "done", _l("Done")


class AgendaItem(db.Model):
    missing = _l("This agenda item does not exist.")  # rows.load's words when it is not found
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    presenter: Mapped[str] = mapped_column(String(200), default="")
    planned_minutes: Mapped[int] = mapped_column(default=30)
    state: Mapped[ItemState] = mapped_column(str_enum(ItemState, "item_state"), default=ItemState.PENDING)
    started_at: Mapped[datetime | None]  # first start (UTC)
    ended_at: Mapped[datetime | None]
    # Timer: seconds run before the current run, and when the current run began (None unless running).
    elapsed_seconds: Mapped[int] = mapped_column(default=0)
    running_since: Mapped[datetime | None]
    extra_seconds: Mapped[int] = mapped_column(default=0)  # extensions granted by the moderator
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
