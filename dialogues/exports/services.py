"""Who may export what, export jobs, and running one job. Functions flush, never commit — except
``run_job``, which runs alone in its own subprocess (see runner) and commits its progress as it goes.

Who may export which format:
  * organizers (and admins): every format, every option, including the participant CSV;
  * moderators: every format except the participant CSV;
  * anyone who may see a closed dialogue (participants, the public): its published outcome —
    PDF, DOCX or Markdown of the adopted recommendations.
"""
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..clock import utcnow
from ..errors import NotFound, NotPermitted
from ..extensions import db
from ..realtime import log
from ..realtime.models import Event
from ..roundtable.models import Dialogue, DialogueStatus
from ..roundtable.services import require_moderator, require_organizer
from .models import ExportJob, JobState
from .options import ADOPTED, DOCUMENT_FORMATS, FORMATS, ExportOptions
from .render import render

ORGANIZER_ONLY = ("participants.csv",)
EXPORTED = "export.requested"
RECENT_JOBS = 10


def _passes(check, dialogue: Dialogue, user: User | None) -> bool:
    try:
        check(dialogue, user)
    except NotPermitted:
        return False
    return True


def allowed_formats(dialogue: Dialogue, user: User | None) -> list[str]:
    if _passes(require_organizer, dialogue, user):
        return list(FORMATS)
    if _passes(require_moderator, dialogue, user):
        return [f for f in FORMATS if f not in ORGANIZER_ONLY]
    if dialogue.status == DialogueStatus.CLOSED:
        return list(DOCUMENT_FORMATS)
    return []


def is_staff(dialogue: Dialogue, user: User | None) -> bool:
    """Organizers and moderators choose every option; others get the published outcome."""
    return _passes(require_moderator, dialogue, user)


def authorize(dialogue: Dialogue, user: User | None, data: dict) -> ExportOptions:
    """Validated options this user may export. Raises InvalidInput or NotPermitted."""
    options = ExportOptions.parse(data)
    formats = allowed_formats(dialogue, user)
    if options.format not in formats:
        if options.format in ORGANIZER_ONLY:
            raise NotPermitted(_("Only the organizers of this dialogue can export the participant list."))
        if not formats:
            raise NotPermitted(_("The outcome of this dialogue is published once it is closed."))
        raise NotPermitted(_("You cannot export this format."))
    if options.scope != ADOPTED and not is_staff(dialogue, user):
        raise NotPermitted(_("Only the adopted recommendations are published."))
    return options


def export_dir() -> Path:
    path = Path(current_app.config.get("EXPORT_DIR") or Path(current_app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(job: ExportJob) -> Path:
    return export_dir() / job.file_name


def request_export(dialogue: Dialogue, user: User | None, data: dict) -> ExportJob:
    """A queued job, or a finished one with the same options made since the dialogue last changed.

    Raises InvalidInput or NotPermitted.
    """
    options = authorize(dialogue, user, data)
    content_seq = _content_seq(dialogue)
    reusable = db.session.scalars(
        select(ExportJob).where(ExportJob.dialogue_id == dialogue.id, ExportJob.state == JobState.DONE,
                                ExportJob.event_seq == content_seq)
        .order_by(ExportJob.id.desc()))
    job = next((j for j in reusable if j.options == options.as_dict() and file_path(j).exists()), None)
    if job is None:
        job = ExportJob(dialogue_id=dialogue.id, requested_by_id=user.id if user and user.is_authenticated else None,
                        options=options.as_dict(), event_seq=content_seq, state=JobState.QUEUED)
        db.session.add(job)
        db.session.flush()
    if is_staff(dialogue, user):  # the audit shows who exported what (the participant list above all)
        log.append(dialogue.id, EXPORTED, {"format": options.format, "scope": options.scope},
                   audience=log.MODERATORS, object_id=job.id, actor_user_id=user.id)
    return job


def _content_seq(dialogue: Dialogue) -> int:
    """The seq of the dialogue's last change, not counting exports (which change no content)."""
    return db.session.scalar(select(func.max(Event.seq)).where(Event.dialogue_id == dialogue.id,
                                                               Event.type != EXPORTED)) or 0


def get_job(dialogue: Dialogue, user: User | None, job_id: int) -> ExportJob:
    """A job of this dialogue whose file the user may have. Raises NotFound or NotPermitted."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.dialogue_id != dialogue.id:
        raise NotFound(_("This export does not exist."))
    authorize(dialogue, user, job.options)
    return job


def recent_jobs(dialogue: Dialogue, user: User | None) -> list[ExportJob]:
    if user is None or not user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(ExportJob).where(ExportJob.dialogue_id == dialogue.id, ExportJob.requested_by_id == user.id)
        .order_by(ExportJob.id.desc()).limit(RECENT_JOBS)))


def download_name(dialogue: Dialogue, job: ExportJob) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in dialogue.title.lower()).strip("-")[:60] or "dialogue"
    return f"{slug}.{ExportOptions.parse(job.options).extension}"


def _set(job: ExportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    db.session.commit()


def run_job(job_id: int) -> None:
    """Render one job and store its file (export-job subprocess: commits its own progress)."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.state != JobState.QUEUED:
        return
    _set(job, state=JobState.RUNNING, progress=10)
    try:
        options = ExportOptions.parse(job.options)
        content = render(db.session.get(Dialogue, job.dialogue_id), options,
                         progress=lambda pct: _set(job, progress=pct))
        name = f"{job.dialogue_id}-{job.id}-{secrets.token_hex(8)}.{options.extension}"
        (export_dir() / name).write_bytes(content)
    except Exception as exc:  # the organizer sees "failed"; the log has the traceback
        db.session.rollback()
        current_app.logger.exception("Export %s failed", job_id)
        _set(job, state=JobState.FAILED, error=str(exc)[:500], finished_at=utcnow())
        return
    _set(job, state=JobState.DONE, progress=100, file_name=name, finished_at=utcnow())
