"""Export page (options form), job progress and download, and the document's print page."""
from flask import Blueprint, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import InvalidInput, NotFound, NotPermitted
from ..extensions import db
from ..roundtable.services import get_visible_dialogue
from ..web import attach_error, status_for
from . import runner, services
from .forms import ExportForm
from .models import JobState
from .options import ExportOptions
from .render import print_html

bp = Blueprint("exports", __name__, url_prefix="/d/<int:dialogue_id>/export")


@bp.route("", methods=["GET", "POST"])
def index(dialogue_id: int):
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    formats = services.allowed_formats(dialogue, current_user)
    if not formats:
        raise NotPermitted(_("The outcome of this dialogue is published once it is closed."))
    staff = services.is_staff(dialogue, current_user)
    form = ExportForm(language=str(get_locale()), format=formats[0]).offer(formats, staff)
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        try:
            job = services.request_export(dialogue, current_user, data)
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            if job.state == JobState.QUEUED:
                runner.submit(job.id)
            return redirect(url_for(".job", dialogue_id=dialogue.id, job_id=job.id))
    return render_template("exports/index.html", dialogue=dialogue, form=form, staff=staff,
                           jobs=services.recent_jobs(dialogue, current_user)), status_for(form)


@bp.get("/print")
def print_page(dialogue_id: int):
    """The document as a web page, for reading and for the browser's Print."""
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    options = services.authorize(dialogue, current_user, {
        "format": "pdf", "language": request.args.get("language", str(get_locale())),
        "scope": request.args.get("scope", "adopted"), "comments": request.args.get("comments", "1") == "1"})
    return print_html(dialogue, options)


def _job(dialogue_id: int, job_id: int):
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    return dialogue, services.get_job(dialogue, current_user, job_id)


@bp.get("/<int:job_id>")
def job(dialogue_id: int, job_id: int):
    dialogue, job = _job(dialogue_id, job_id)
    return render_template("exports/job.html", dialogue=dialogue, job=job,
                           options=ExportOptions.parse(job.options))


@bp.get("/<int:job_id>/status")
def status(dialogue_id: int, job_id: int):
    """Polled by the job page while the file is being prepared."""
    dialogue, job = _job(dialogue_id, job_id)
    ready = job.state == JobState.DONE
    return jsonify(state=job.state.value, label=job.state.label, progress=job.progress,
                   download_url=url_for(".download", dialogue_id=dialogue.id, job_id=job.id) if ready else None)


@bp.get("/<int:job_id>/download")
def download(dialogue_id: int, job_id: int):
    dialogue, job = _job(dialogue_id, job_id)
    if job.state != JobState.DONE or not services.file_path(job).exists():
        raise NotFound(_("This export is not ready."))
    return send_file(services.file_path(job), mimetype=ExportOptions.parse(job.options).mimetype,
                     as_attachment=True, download_name=services.download_name(dialogue, job))
