from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..agenda.services import agenda_view
from ..errors import InvalidInput, NotFound, NotPermitted
from ..extensions import db
from ..realtime import log
from ..security.limits import per_account, per_address
from ..web import ActionForm, attach_error, status_for
from . import passes, services
from .qr import svg as qr_svg
from .forms import DecideForm, DialogueForm, JoinForm, RegistrationForm, RoleForm, StatusForm, WalkInForm
from .models import RegistrationState

bp = Blueprint("roundtable", __name__)


@bp.url_value_preprocessor
def remember_dialogue(endpoint, values):
    """Let the locale selector default a dialogue's pages to its language."""
    if values and "dialogue_id" in values:
        g.dialogue_id = values["dialogue_id"]


def _form_data(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


@bp.get("/")
def index():
    return render_template("roundtable/index.html", dialogues=services.public_dialogues(), join_form=JoinForm())


@bp.get("/me/dialogues")
@login_required
def my_dialogues():
    return render_template("roundtable/mine.html", rows=services.dialogues_of(current_user))


def _save_dialogue(form, save, template, **context):
    if form.validate_on_submit():
        try:
            dialogue = save(_form_data(form))
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("The dialogue was saved."), "success")
            return redirect(url_for(".show", dialogue_id=dialogue.id))
    return render_template(template, form=form, **context), status_for(form)


@bp.route("/dialogues/new", methods=["GET", "POST"])
@login_required
def create():
    services.require_account(current_user)
    form = DialogueForm()
    return _save_dialogue(form, lambda data: services.create_dialogue(current_user, data), "roundtable/edit.html",
                          dialogue=None)


@bp.route("/d/<int:dialogue_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    services.require_organizer(dialogue, current_user)
    form = DialogueForm(obj=dialogue if request.method == "GET" else None)
    if request.method == "GET":
        form.starts_at.data = services.utc_to_local(dialogue.starts_at, dialogue.timezone).replace(tzinfo=None)
        form.ends_at.data = services.utc_to_local(dialogue.ends_at, dialogue.timezone).replace(tzinfo=None)
        form.groups.data = [gr.key for gr in dialogue.groups]
    return _save_dialogue(form, lambda data: services.update_dialogue(dialogue, current_user, data),
                          "roundtable/edit.html", dialogue=dialogue)


@bp.get("/d/<int:dialogue_id>")
def show(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    live_seq = log.last_seq(dialogue.id)  # read before the page's data: replay may repeat, never skip
    me = services.membership(dialogue, current_user)
    return render_template("roundtable/show.html", dialogue=dialogue, me=me, live_seq=live_seq,
                           public_participants=services.public_participants(dialogue),
                           action_form=ActionForm(), statuses=services.TRANSITIONS[dialogue.status],
                           can_organize=_can(services.require_organizer, dialogue),
                           can_moderate=_can(services.require_moderator, dialogue), agenda=agenda_view(dialogue))


def _can(check, dialogue) -> bool:
    try:
        check(dialogue, current_user)
    except NotPermitted:
        return False
    return True


@bp.post("/d/<int:dialogue_id>/status")
@login_required
def change_status(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    form = StatusForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Choose a status."))
    services.set_status(dialogue, current_user, form.status.data)
    db.session.commit()
    flash(_("The dialogue is now: %(status)s.", status=dialogue.status.label), "success")
    return redirect(url_for(".show", dialogue_id=dialogue.id))


@bp.route("/d/<int:dialogue_id>/register", methods=["GET", "POST"])
@login_required
@per_address("RATELIMIT_REGISTER")
@per_account("RATELIMIT_REGISTER_ACCOUNT")
def register(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    if services.membership(dialogue, current_user):
        flash(_("You are already registered for this dialogue."), "info")
        return redirect(url_for(".show", dialogue_id=dialogue.id))
    services.require_account(current_user)
    form = RegistrationForm()
    form.fill_choices(dialogue, services.organizations())
    if form.validate_on_submit():
        try:
            participant = services.register(dialogue, current_user, _form_data(form))
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            if participant.state == RegistrationState.PENDING:
                flash(_("Thank you. The organizers will review your registration."), "success")
            else:
                flash(_("You are registered. Welcome!"), "success")
            return redirect(url_for(".show", dialogue_id=dialogue.id))
    return render_template("roundtable/register.html", dialogue=dialogue, form=form), status_for(form)


@bp.route("/join", methods=["GET", "POST"])
def join():
    """The join-code form; ``/join?code=…`` works too, for codes typed into the address bar."""
    form = JoinForm()
    code = form.code.data if form.validate_on_submit() else request.args.get("code")
    if code:
        try:
            dialogue = services.find_by_join_code(code)
        except (InvalidInput, NotFound) as exc:
            form.code.data = code
            form.code.errors = [exc.message]
        else:
            return redirect(url_for("passes.join", dialogue_id=dialogue.id))
    return render_template("roundtable/join.html", form=form), status_for(form)


@bp.get("/join/<code>")
def join_link(code: str):
    """Where the QR code and the join link lead: the dialogue's own join page."""
    dialogue = services.find_by_join_code(code)
    return redirect(url_for("passes.join", dialogue_id=dialogue.id))


@bp.get("/d/<int:dialogue_id>/qr.svg")
def qr(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    return Response(qr_svg(url_for(".join_link", code=dialogue.join_code, _external=True)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/d/<int:dialogue_id>/participants")
@login_required
def participants(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    filters = {"group": request.args.get("group", type=int), "state": request.args.get("state"),
               "attendance": request.args.get("attendance")}
    overview = services.participant_overview(dialogue, current_user, filters)
    return render_template("roundtable/participants.html", dialogue=dialogue, overview=overview, filters=filters,
                           states=list(RegistrationState), action_form=ActionForm(), role_form=RoleForm(),
                           can_organize=_can(services.require_organizer, dialogue))


_DECISIONS = {
    "approve": lambda d, p: services.decide(d, current_user, p, True),
    "decline": lambda d, p: services.decide(d, current_user, p, False),
    "check-in": lambda d, p: services.check_in(d, current_user, p, True),
    "check-out": lambda d, p: services.check_in(d, current_user, p, False),
}


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/<any(approve, decline, 'check-in', 'check-out'):action>")
@login_required
def participant_action(dialogue_id: int, participant_id: int, action: str):
    dialogue = services.get_dialogue(dialogue_id)
    participant = services.get_participant(dialogue, participant_id)
    if not ActionForm().validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    _DECISIONS[action](dialogue, participant)
    db.session.commit()
    flash(_("Saved: %(name)s.", name=participant.name), "success")
    return redirect(request.referrer if request.referrer and request.referrer.startswith(request.host_url)
                    else url_for(".participants", dialogue_id=dialogue.id))


@bp.post("/d/<int:dialogue_id>/participants/decide")
@login_required
def decide_many(dialogue_id: int):
    """The queue: approve or decline the people ticked (``participant_id``), or everyone waiting (``all``)."""
    dialogue = services.get_dialogue(dialogue_id, current_user)
    form = DecideForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Choose approve or decline."))
    ids = None if form.everyone.data else request.form.getlist("participant_id", type=int)
    decided = services.decide_many(dialogue, current_user, ids, form.decision.data == "approve")
    db.session.commit()
    flash(ngettext("%(num)d registration saved.", "%(num)d registrations saved.", len(decided)), "success")
    return redirect(url_for(".participants", dialogue_id=dialogue.id))


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/role")
@login_required
def participant_role(dialogue_id: int, participant_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    participant = services.get_participant(dialogue, participant_id)
    form = RoleForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Choose a role."))
    services.set_role(dialogue, current_user, participant, form.role.data)
    db.session.commit()
    flash(_("%(name)s is now: %(role)s.", name=participant.name, role=participant.role.label), "success")
    return redirect(url_for(".participants", dialogue_id=dialogue.id))


@bp.route("/d/<int:dialogue_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    services.require_organizer(dialogue, current_user)
    form = WalkInForm()
    form.fill_choices(dialogue, services.organizations())
    if form.validate_on_submit():
        try:
            participant = services.add_walk_in(dialogue, current_user, _form_data(form))
            code = passes.desk_code(dialogue, current_user, participant)
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(name)s is registered and checked in.", name=participant.name), "success")
            return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant,
                                   code=code, qr=passes.code_qr(dialogue, code), at_desk=True)
    return render_template("roundtable/walk_in.html", dialogue=dialogue, form=form), status_for(form)

