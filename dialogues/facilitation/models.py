"""Lists of speakers per agenda item, and straw polls with one (replaceable) ballot per participant."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..enums import LabelledEnum, str_enum
from ..extensions import db
from ..roundtable.models import Participant


class RequestKind(LabelledEnum):
    NORMAL = "normal", _l("Wants to speak")
    POINT_OF_ORDER = "point_of_order", _l("Point of order")


class RequestState(LabelledEnum):
    WAITING = "waiting", _l("Waiting")
    SPEAKING = "speaking", _l("Speaking")
    DONE = "done", _l("Done")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class PollKind(LabelledEnum):
    SINGLE = "single", _l("Single choice")
    MULTIPLE = "multiple", _l("Multiple choice")
    SCALE = "scale", _l("Agree–disagree scale")


class PollState(LabelledEnum):
    DRAFT = "draft", _l("Not opened yet")
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Closed")


# The options of an agree–disagree poll, by position; stored without a label, shown translated.
SCALE_LABELS = (_l("Strongly agree"), _l("Agree"), _l("Neither agree nor disagree"), _l("Disagree"),
                _l("Strongly disagree"))


class SpeakerRequest(db.Model):
    """One entry in an agenda item's list of speakers. ``position`` orders the waiting ones."""
    missing = _l("This request to speak does not exist.")  # rows.load's words when it is not found

    __table_args__ = (Index("ix_speaker_request_queue", "item_id", "state", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[RequestKind] = mapped_column(str_enum(RequestKind, "request_kind"), default=RequestKind.NORMAL)
    state: Mapped[RequestState] = mapped_column(str_enum(RequestState, "request_state"),
                                                default=RequestState.WAITING)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    allotted_seconds: Mapped[int | None]  # None: no time limit

    participant: Mapped[Participant] = relationship()


class SpeakerSettings(db.Model):
    """A dialogue's defaults for the list of speakers (a row appears once a moderator sets them)."""

    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True)
    default_seconds: Mapped[int] = mapped_column(default=0)  # 0: no time limit
    first_timers_first: Mapped[bool] = mapped_column(default=False)


class Poll(db.Model):
    missing = _l("This poll does not exist.")  # rows.load's words when it is not found
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    # The recommendation this straw poll tests, if any.
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id", ondelete="SET NULL"), index=True)
    question: Mapped[str] = mapped_column(String(300))
    kind: Mapped[PollKind] = mapped_column(str_enum(PollKind, "poll_kind"))
    state: Mapped[PollState] = mapped_column(str_enum(PollState, "poll_state"), default=PollState.DRAFT)
    hide_results: Mapped[bool] = mapped_column(default=False)  # until closed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    options: Mapped[list["PollOption"]] = relationship(order_by="PollOption.position", cascade="all, delete-orphan")
    recommendation: Mapped["Recommendation | None"] = relationship("Recommendation")  # noqa: F821 (registry)


class PollOption(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200), default="")

    @property
    def display_label(self) -> str:
        """The moderator's text, or the translated point of the agree–disagree scale."""
        return self.label or str(SCALE_LABELS[self.position])


class Vote(db.Model):
    """One chosen option of one participant's ballot; a multiple-choice ballot has several rows."""

    __table_args__ = (UniqueConstraint("poll_id", "participant_id", "option_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"))
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_option.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
