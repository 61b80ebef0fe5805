"""Export page (options form), job progress and download, the document's print page, and the organizer's
page for what the document adds (summary, logos, version)."""
from flask import Blueprint, jsonify, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import NotFound, NotPermitted
from ..roundtable.services import get_dialogue, get_visible_dialogue, require_organizer
from ..permissions import can
from ..rows import load
from ..web import ActionForm, button, go, submit
from . import outcome, runner, services
from .formats import FORMATS, PRINT_FORMAT
from .forms import ExportForm, FinaliseForm, LogoForm, SummaryForm
from .models import DocumentLogo, ExportJob, JobState
from .options import default_paper
from .outcome_section import logos_of, outcome_of
from .render import print_html

bp = Blueprint("exports", __name__, url_prefix="/d/<int:dialogue_id>/export")


@bp.route("", methods=["GET", "POST"])
def index(dialogue_id: int):
    dialogue = get_visible_dialogue(dialogue_id, current_user)
    formats = services.allowed_formats(dialogue, current_user)
    if not formats:
        raise NotPermitted(_("The outcome of this dialogue is published once it is closed."))
    staff = can("moderate", dialogue, current_user)  # every option, or the published outcome
    form = ExportForm(language=str(get_locale()), format=formats[0], paper=default_paper(dialogue.country)) \
        .offer(formats, staff)
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    return submit(form, lambda: services.request_export(dialogue, current_user, data),
                  done=lambda job: _started(dialogue, job),
                  again=lambda: render_template(
                      "exports/index.html", dialogue=dialogue, form=form, staff=staff,
                      jobs=services.recent_jobs(dialogue, current_user), outcome=outcome_of(dialogue),
                      final_jobs=services.final_jobs(dialogue, current_user), formats=FORMATS,
                      organizer=can("organize", dialogue, current_user)))


def _started(dialogue, job):
    """After commit: a queued job goes to the runner (a rendered final version is served as it is)."""
    if job.state == JobState.QUEUED:
        runner.submit(job.id)
    return go(url_for(".job", dialogue_id=dialogue.id, job_id=job.id))


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
    job = load(ExportJob, job_id, dialogue)
    services.authorize(dialogue, current_user, job.options)  # may this person have this file
    return dialogue, job


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
    form = SummaryForm(summary=outcome_of(dialogue).summary)
    return submit(form, lambda: outcome.save_summary(dialogue, current_user, form.summary.data),
                  done=lambda _saved: go(url_for(".document_page", dialogue_id=dialogue.id),
                                         _("The summary is saved.")),
                  again=lambda: _outcome_page(dialogue, form=form))


def _outcome_page(dialogue, form=None, finalise_form=None) -> str:
    """The document page, with the form that was sent (and its errors) in place of a fresh one."""
    current = outcome_of(dialogue)
    return render_template("exports/outcome.html", dialogue=dialogue, outcome=current,
                           form=form or SummaryForm(formdata=None, summary=current.summary),
                           finalise_form=finalise_form or FinaliseForm(formdata=None), logo_form=LogoForm(),
                           action_form=ActionForm(), logos=logos_of(dialogue),
                           finalisable=outcome.finalisable(dialogue))


def _document_change(dialogue_id: int, change, done: str):
    """A button or upload on the document page: ``change(dialogue)``, then back to the page."""
    dialogue = get_dialogue(dialogue_id)
    return button(ActionForm(), lambda: change(dialogue), message=done,
                  back_to=url_for(".document_page", dialogue_id=dialogue.id))


@bp.post("/document/logos")
def add_logo(dialogue_id: int):
    upload = request.files.get("file")
    return _document_change(dialogue_id, lambda d: outcome.add_logo(
        d, current_user, request.form.get("role", ""), request.form.get("name", ""),
        upload.read() if upload else b""), _("The logo is added."))


@bp.post("/document/logos/<int:logo_id>/delete")
def remove_logo(dialogue_id: int, logo_id: int):
    return _document_change(dialogue_id, lambda d: outcome.remove_logo(d, current_user, load(DocumentLogo, logo_id, d)),
                            _("The logo is removed."))


@bp.post("/document/finalise")
def finalise(dialogue_id: int):
    """Finalising cannot be undone: without its ticked confirmation the page comes back, the box marked."""
    dialogue = get_dialogue(dialogue_id)
    require_organizer(dialogue, current_user)
    form = FinaliseForm()
    return submit(form, lambda: outcome.finalise(dialogue, current_user, confirmed=form.confirm.data),
                  done=lambda _final: go(url_for(".document_page", dialogue_id=dialogue.id),
                                         _("This version is final: its files will be served unchanged.")),
                  again=lambda: _outcome_page(dialogue, finalise_form=form))


@bp.post("/document/next-version")
def next_version(dialogue_id: int):
    return _document_change(dialogue_id, lambda d: outcome.start_next_version(d, current_user),
                            _("A new draft version is started."))
