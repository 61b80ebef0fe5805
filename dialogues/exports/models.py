"""Export jobs: one render in its own subprocess, its progress and the file it produced."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..enums import LabelledEnum, str_enum
from ..extensions import db


class JobState(LabelledEnum):
    QUEUED = "queued", _l("Waiting")
    RUNNING = "running", _l("Being prepared")
    DONE = "done", _l("Ready")
    FAILED = "failed", _l("Failed")


class ExportJob(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # What to produce: {"format", "language", "scope", "comments"} (see options.ExportOptions).
    options: Mapped[dict] = mapped_column(JSON)
    state: Mapped[JobState] = mapped_column(str_enum(JobState, "export_job_state"), default=JobState.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    # The dialogue's event seq when requested: a finished job with the same options and seq is reused.
    event_seq: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(200), default="")  # under instance/exports/
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
