"""Export jobs (one render in its own subprocess, its progress and the file it produced), and what the
organizer adds to the outcome document: summary, version and status, cover logos."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
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
    missing = _l("This export does not exist.")  # rows.load's words when it is not found
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
    # The document version it shows; a final version's file is reused whatever changes later, and its
    # SHA-256 is shown on the export page so that a signed copy can be checked against it.
    version: Mapped[int | None]
    final: Mapped[bool] = mapped_column(default=False)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class DocumentStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    FINAL = "final", _l("Final")


class OutcomeDocument(db.Model):
    """What the organizer adds to a dialogue's outcome document: the executive summary, and which
    version it is. A final version's files are made once and served again unchanged (see services)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered through recommendations.text
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[DocumentStatus] = mapped_column(str_enum(DocumentStatus, "document_status"),
                                                   default=DocumentStatus.DRAFT)
    finalised_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LogoRole(LabelledEnum):
    ORGANIZER = "organizer", _l("Organizer")
    SUPPORTER = "supporter", _l("Supporter")


class DocumentLogo(db.Model):
    """A logo on the document's cover, checked and re-encoded as PNG when uploaded (SVG rasterised)."""
    missing = _l("This logo does not exist.")  # rows.load's words when it is not found

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    role: Mapped[LogoRole] = mapped_column(str_enum(LogoRole, "logo_role"))
    name: Mapped[str] = mapped_column(String(200))  # whose logo: the image's text alternative
    png: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
