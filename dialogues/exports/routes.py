"""Export page (options form), job progress and download, the document's print page, and the organizer's
page for what the document adds (summary, logos, version)."""
from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import InvalidInput, InvalidState, NotFound, NotPermitted
from ..extensions import db
from ..roundtable.services import get_dialogue, get_visible_dialogue, require_organizer
from ..web import ActionForm, attach_error, status_for
from . import outcome, runner, services
from .formats import FORMATS, PRINT_FORMAT
from .forms import ExportForm, LogoForm, SummaryForm
from .models import JobState
from .options import default_paper
from .outcome_section import logos_of, outcome_of
from .render import print_html

bp = Blueprint("exports", __name__, url_prefix="/d/<int:dialogue_id>/export")


@bp.url_value_preprocessor
def remember_dialogue(endpoint, values):
    """Let the locale selector default these pages to the dialogue's language."""
    g.dialogue_id = values.get("dialogue_id") if values else None


@bp.route("", methods=["GET", "POST"])
def index(dialogue_id: int):
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    formats = services.allowed_formats(dialogue, current_user)
    if not formats:
        raise NotPermitted(_("The outcome of this dialogue is published once it is closed."))
    staff = services.is_staff(dialogue, current_user)
    form = ExportForm(language=str(get_locale()), format=formats[0], paper=default_paper(dialogue.country)) \
        .offer(formats, staff)
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
                           jobs=services.recent_jobs(dialogue, current_user), outcome=outcome_of(dialogue),
                           final_jobs=services.final_jobs(dialogue, current_user), formats=FORMATS,
                           organizer=services.is_organizer(dialogue, current_user)), status_for(form)


@bp.get("/print")
def print_page(dialogue_id: int):
    """The document as a web page, for reading and for the browser's Print."""
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    options = services.authorize(dialogue, current_user, {
        "format": PRINT_FORMAT, "language": request.args.get("language", str(get_locale())),
        "paper": request.args.get("paper", default_paper(dialogue.country)),
        "scope": request.args.get("scope", "adopted"), "comments": request.args.get("comments", "1") == "1"})
    return print_html(dialogue, options)


def _job(dialogue_id: int, job_id: int):
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    return dialogue, services.get_job(dialogue, current_user, job_id)


@bp.get("/<int:job_id>")
def job(dialogue_id: int, job_id: int):
    dialogue, job = _job(dialogue_id, job_id)
    return render_template("exports/job.html", dialogue=dialogue, job=job, format=FORMATS[job.options["format"]])


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
    response = send_file(services.file_path(job), mimetype=FORMATS[job.options["format"]].mimetype)
    response.headers["Content-Disposition"] = services.content_disposition(dialogue, job)
    return response


@bp.route("/document", methods=["GET", "POST"])
def document_page(dialogue_id: int):
    """The organizer's additions to the document: executive summary, cover logos, version and status."""
    dialogue = get_dialogue(dialogue_id)
    require_organizer(dialogue, current_user)
    current = outcome_of(dialogue)
    form = SummaryForm(summary=current.summary)
    if form.validate_on_submit():
        try:
            outcome.save_summary(dialogue, current_user, form.summary.data)
        except (InvalidInput, InvalidState) as exc:
            db.session.rollback()
            form.summary.errors = [*form.summary.errors, exc.message]
        else:
            db.session.commit()
            flash(_("The summary is saved."), "success")
            return redirect(url_for(".document_page", dialogue_id=dialogue.id))
    return render_template("exports/outcome.html", dialogue=dialogue, outcome=current, form=form,
                           logo_form=LogoForm(), action_form=ActionForm(), logos=logos_of(dialogue)), status_for(form)


def _document_change(dialogue_id: int, change, done: str):
    """A button or upload on the document page: ``change(dialogue)`` committed, or its refusal flashed."""
    dialogue = get_dialogue(dialogue_id)
    if not ActionForm().validate_on_submit():
        raise InvalidInput(_("The form expired or was incomplete. Reload the page and try again."))
    try:
        change(dialogue)
    except (InvalidInput, InvalidState) as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".document_page", dialogue_id=dialogue.id))


@bp.post("/document/logos")
def add_logo(dialogue_id: int):
    upload = request.files.get("file")
    return _document_change(dialogue_id, lambda d: outcome.add_logo(
        d, current_user, request.form.get("role", ""), request.form.get("name", ""),
        upload.read() if upload else b""), _("The logo is added."))


@bp.post("/document/logos/<int:logo_id>/delete")
def remove_logo(dialogue_id: int, logo_id: int):
    return _document_change(dialogue_id, lambda d: outcome.remove_logo(d, current_user, logo_id),
                            _("The logo is removed."))


@bp.post("/document/finalise")
def finalise(dialogue_id: int):
    return _document_change(dialogue_id, lambda d: outcome.finalise(d, current_user),
                            _("This version is final: its files will be served unchanged."))


@bp.post("/document/next-version")
def next_version(dialogue_id: int):
    return _document_change(dialogue_id, lambda d: outcome.start_next_version(d, current_user),
                            _("A new draft version is started."))
