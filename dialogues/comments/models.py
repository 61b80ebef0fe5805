"""Comment threads on agenda items, with reactions and flags. Hidden comments are kept, never deleted."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..enums import LabelledEnum, str_enum
from ..extensions import db
from ..roundtable.models import Participant, StakeholderGroup


class ReactionKind(LabelledEnum):
    AGREE = "agree", _l("Agree")
    DISAGREE = "disagree", _l("Disagree")
    IMPORTANT = "important", _l("Important")


class Comment(db.Model):
    missing = _l("This comment does not exist.")  # rows.load's words when it is not found
    __table_args__ = (Index("ix_comment_thread", "item_id", "parent_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    # The author's registration; None once the person deleted their account ("former participant").
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    # The author's group, shown with an anonymous comment only when the author chose so.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="SET NULL"))
    show_group: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    pinned_at: Mapped[datetime | None]

    author: Mapped[Participant | None] = relationship(foreign_keys=[author_id])
    group: Mapped[StakeholderGroup | None] = relationship()


class Reaction(db.Model):
    __table_args__ = (UniqueConstraint("comment_id", "participant_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    kind: Mapped[ReactionKind] = mapped_column(str_enum(ReactionKind, "reaction_kind"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(db.Model):
    """A participant asks moderators to look at a comment."""

    __table_args__ = (UniqueConstraint("comment_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
