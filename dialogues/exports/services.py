"""Who may export what, export jobs, and running one job. Functions flush, never commit — except
``run_job``, which runs alone in its own subprocess (see runner) and commits its progress as it goes.

Who may export which format:
  * organizers (and admins): every format, every option, including the participant CSV;
  * moderators: every format except the participant CSV;
  * anyone who may see a closed dialogue (participants, the public): its published outcome —
    PDF, DOCX or Markdown of the adopted recommendations.

A final version's document files are made once and reused whatever changes later (see outcome.finalise).
"""
import hashlib
import re
import secrets
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..clock import utcnow
from ..errors import NotPermitted
from ..extensions import db
from ..permissions import can, rule
from ..realtime import log
from ..realtime.models import Event
from ..roundtable.models import Dialogue, DialogueStatus
from . import formats
from .formats import DOCUMENT_FORMATS, FORMATS
from .models import DocumentStatus, ExportJob, JobState
from .options import ADOPTED, ExportOptions, default_paper
from .outcome_section import outcome_of

EXPORTED = "export.requested"
RECENT_JOBS = 10
NAME_LIMIT = 60  # characters of the title in a file name, cut between words


def allowed_formats(dialogue: Dialogue, user: User | None) -> list[str]:
    if can("organize", dialogue, user):
        return list(FORMATS)
    if can("moderate", dialogue, user):
        return [key for key, f in FORMATS.items() if not f.organizer_only]
    if dialogue.status == DialogueStatus.CLOSED:
        return list(DOCUMENT_FORMATS)
    return []


@rule("export")
def authorize(dialogue: Dialogue, user: User | None, data: dict) -> ExportOptions:
    """Validated options this user may export (or download a file made with). Organizers and
    moderators choose every option; others get the published outcome. Raises InvalidInput or
    NotPermitted."""
    options = formats.parse({"paper": default_paper(dialogue.country), **data})
    allowed = allowed_formats(dialogue, user)
    if options.format not in allowed:
        if formats.of(options).organizer_only:
            raise NotPermitted(_("Only the organizers of this dialogue can export the participant list."))
        if not allowed:
            raise NotPermitted(_("The outcome of this dialogue is published once it is closed."))
        raise NotPermitted(_("You cannot export this format."))
    if options.scope != ADOPTED and not can("moderate", dialogue, user):
        raise NotPermitted(_("Only the adopted recommendations are published."))
    return options


def export_dir() -> Path:
    path = Path(current_app.config.get("EXPORT_DIR") or Path(current_app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(job: ExportJob) -> Path:
    return export_dir() / job.file_name


def request_export(dialogue: Dialogue, user: User | None, data: dict) -> ExportJob:
    """A queued job, or a finished one with the same options: of a final version whatever changed since,
    else made since the dialogue last changed. Raises InvalidInput or NotPermitted."""
    options = authorize(dialogue, user, data)
    outcome = outcome_of(dialogue)
    final = outcome.status == DocumentStatus.FINAL and formats.of(options).document
    content_seq = _content_seq(dialogue)
    same = (ExportJob.final.is_(True), ExportJob.version == outcome.version) if final else \
        (ExportJob.final.is_(False), ExportJob.event_seq == content_seq)
    reusable = db.session.scalars(
        select(ExportJob).where(ExportJob.dialogue_id == dialogue.id, ExportJob.state == JobState.DONE, *same)
        .order_by(ExportJob.id.desc()))
    job = next((j for j in reusable if j.options == options.as_dict() and file_path(j).exists()), None)
    if job is None:
        job = ExportJob(dialogue_id=dialogue.id, requested_by_id=user.id if user and user.is_authenticated else None,
                        options=options.as_dict(), event_seq=content_seq, state=JobState.QUEUED,
                        version=outcome.version, final=final)
        db.session.add(job)
        db.session.flush()
    if can("moderate", dialogue, user):  # the audit shows who exported what (the participant list above all)
        log.append(dialogue.id, EXPORTED, {"format": options.format, "scope": options.scope},
                   audience=log.MODERATORS, object_id=job.id, actor_user_id=user.id)
    return job


def _content_seq(dialogue: Dialogue) -> int:
    """The seq of the dialogue's last change, not counting exports (which change no content)."""
    return db.session.scalar(select(func.max(Event.seq)).where(Event.dialogue_id == dialogue.id,
                                                               Event.type != EXPORTED)) or 0


def final_jobs(dialogue: Dialogue, user: User | None) -> list[ExportJob]:
    """The finished files of final versions that this user may download, newest first."""
    jobs = db.session.scalars(select(ExportJob).where(ExportJob.dialogue_id == dialogue.id, ExportJob.final.is_(True),
                                                      ExportJob.state == JobState.DONE).order_by(ExportJob.id.desc()))
    return [job for job in jobs if can("export", dialogue, user, job.options)]


def recent_jobs(dialogue: Dialogue, user: User | None) -> list[ExportJob]:
    if user is None or not user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(ExportJob).where(ExportJob.dialogue_id == dialogue.id, ExportJob.requested_by_id == user.id)
        .order_by(ExportJob.id.desc()).limit(RECENT_JOBS)))


def download_name(dialogue: Dialogue, job: ExportJob) -> tuple[str, str]:
    """(ASCII name, UTF-8 name) of the file: whole words of the title, the version, the extension."""
    words, title = [], " ".join(dialogue.title.split())
    for word in re.findall(r"\w+", title):
        if len("-".join([*words, word])) > NAME_LIMIT:
            break
        words.append(word)
    tail = f"-v{job.version}" if job.version else ""
    extension = FORMATS[job.options["format"]].extension
    ascii_words = [unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in words]
    ascii_name = "-".join(filter(None, ascii_words)).lower() or "dialogue"
    return f"{ascii_name}{tail}.{extension}", f"{'-'.join(words) or 'dialogue'}{tail}.{extension}"


def content_disposition(dialogue: Dialogue, job: ExportJob) -> str:
    """An attachment with a plain ASCII ``filename`` and the title's own letters in RFC 5987 ``filename*``."""
    ascii_name, name = download_name(dialogue, job)
    return f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}'


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
        options = formats.parse(job.options)
        content = formats.render(db.session.get(Dialogue, job.dialogue_id), options,
                                 progress=lambda pct: _set(job, progress=pct))
        name = f"{job.dialogue_id}-{job.id}-{secrets.token_hex(8)}.{formats.of(options).extension}"
        (export_dir() / name).write_bytes(content)
    except Exception as exc:  # the organizer sees "failed"; the log has the traceback
        db.session.rollback()
        current_app.logger.exception("Export %s failed", job_id)
        _set(job, state=JobState.FAILED, error=str(exc)[:500], finished_at=utcnow())
        return
    _set(job, state=JobState.DONE, progress=100, file_name=name, finished_at=utcnow(),
         checksum=hashlib.sha256(content).hexdigest())
