"""Joint recommendations: revisions, source comments, amendments, stances, endorsements, follow-up."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from ..clock import utcnow
from ..agenda.models import AgendaItem
from ..enums import LabelledEnum, str_enum
from ..extensions import db
from ..roundtable.models import Organization, Participant, StakeholderGroup


class RecommendationStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    DISCUSSION = "discussion", _l("Under discussion")
    ADOPTED = "adopted", _l("Adopted")
    NOT_ADOPTED = "not_adopted", _l("Not adopted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class StanceKind(LabelledEnum):
    SUPPORT = "support", _l("Support")
    RESERVATIONS = "reservations", _l("Support with reservations")
    OPPOSE = "oppose", _l("Oppose")
    ABSTAIN = "abstain", _l("Abstain")


class AmendmentState(LabelledEnum):
    OPEN = "open", _l("Open")
    ACCEPTED = "accepted", _l("Accepted")
    REJECTED = "rejected", _l("Rejected")


class FollowUpStatus(LabelledEnum):
    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")
    BLOCKED = "blocked", _l("Blocked")


class Recommendation(db.Model):
    """The current text lives here too (copied from the latest revision) so lists need no join."""
    missing = _l("This recommendation does not exist.")  # rows.load's words when it is not found

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown source
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)  # whom it is addressed to
    status: Mapped[RecommendationStatus] = mapped_column(
        str_enum(RecommendationStatus, "recommendation_status"), default=RecommendationStatus.DRAFT)
    voting_closed_at: Mapped[datetime | None]
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Follow-up, once adopted.
    responsible_actor: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None]
    follow_up_status: Mapped[FollowUpStatus | None] = mapped_column(str_enum(FollowUpStatus, "follow_up_status"))

    proposed_by: Mapped[Participant | None] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    revisions: WriteOnlyMapped["Revision"] = relationship(passive_deletes=True, order_by="Revision.number")

    @property
    def is_open(self) -> bool:
        return self.status in (RecommendationStatus.DRAFT, RecommendationStatus.DISCUSSION)

    @property
    def voting_open(self) -> bool:
        return self.status == RecommendationStatus.DISCUSSION and self.voting_closed_at is None


class Revision(db.Model):
    missing = _l("This revision does not exist.")  # rows.load's words when it is not found
    owner_key = "recommendation_id"
    __table_args__ = (UniqueConstraint("recommendation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Participant | None] = relationship()


class RecommendationSource(db.Model):
    """A comment a recommendation came from."""

    __table_args__ = (UniqueConstraint("recommendation_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))


class Amendment(db.Model):
    missing = _l("This amendment does not exist.")  # rows.load's words when it is not found
    owner_key = "recommendation_id"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[AmendmentState] = mapped_column(str_enum(AmendmentState, "amendment_state"),
                                                  default=AmendmentState.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Participant | None] = relationship(foreign_keys=[author_id])


class Stance(db.Model):
    """One participant's stance on one recommendation; ``group_id`` is the group they spoke for."""

    __table_args__ = (UniqueConstraint("recommendation_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="SET NULL"))
    kind: Mapped[StanceKind] = mapped_column(str_enum(StanceKind, "stance_kind"))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship()
    group: Mapped[StakeholderGroup | None] = relationship()


class Representative(db.Model):
    """The participant organizers designated to endorse formally on behalf of an organization."""

    __table_args__ = (UniqueConstraint("dialogue_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))

    organization: Mapped[Organization] = relationship()
    participant: Mapped[Participant] = relationship()


class Endorsement(db.Model):
    """An organization's formal endorsement, given by its designated representative."""

    __table_args__ = (UniqueConstraint("recommendation_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    statement: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()


class ProgressNote(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    on: Mapped[date]
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
