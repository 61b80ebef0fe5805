from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..agenda.services import agenda_view
from ..exports.services import allowed_formats
from ..errors import InvalidInput, NotFound
from ..realtime import log
from ..security.limits import per_account, per_address
from ..permissions import can
from ..platform import services as platform
from ..rows import load
from ..web import ActionForm, button, go, status_for, submit
from . import invitations, passes, services
from .forms import (DecideForm, DialogueForm, InvitationForm, JoinForm, RegistrationForm, RoleForm, StatusForm,
                    WalkInForm)
from .models import Participant, RegistrationState
from .qr import svg as qr_svg

bp = Blueprint("roundtable", __name__)


def _form_data(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


@bp.get("/")
def index():
    return render_template("roundtable/index.html", dialogues=services.public_dialogues(), join_form=JoinForm())


@bp.get("/me/dialogues")
@login_required
def my_dialogues():
    return render_template("roundtable/mine.html", rows=services.dialogues_of(current_user))


def _save_dialogue(form, save, dialogue=None):
    return submit(form, lambda: save(_form_data(form)),
                  done=lambda saved: go(url_for(".show", dialogue_id=saved.id), _("The dialogue was saved.")),
                  again=lambda: render_template("roundtable/edit.html", form=form, dialogue=dialogue))


@bp.route("/dialogues/new", methods=["GET", "POST"])
@login_required
def create():
    platform.require_creator(services.require_account(current_user))
    form = DialogueForm()
    return _save_dialogue(form, lambda data: services.create_dialogue(current_user, data))


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
    return _save_dialogue(form, lambda data: services.update_dialogue(dialogue, current_user, data), dialogue)


@bp.get("/d/<int:dialogue_id>")
def show(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    live_seq = log.last_seq(dialogue.id)  # read before the page's data: replay may repeat, never skip
    me = services.membership(dialogue, current_user)
    return render_template("roundtable/show.html", dialogue=dialogue, me=me, live_seq=live_seq,
                           public_participants=services.public_participants(dialogue),
                           action_form=ActionForm(), statuses=services.TRANSITIONS[dialogue.status],
                           can_organize=can("organize", dialogue, current_user),
                           can_moderate=can("moderate", dialogue, current_user), agenda=agenda_view(dialogue),
                           can_export=bool(allowed_formats(dialogue, current_user)))


@bp.post("/d/<int:dialogue_id>/status")
@login_required
def change_status(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    form = StatusForm()
    return button(form, lambda: services.set_status(dialogue, current_user, form.status.data),
                  back_to=url_for(".show", dialogue_id=dialogue.id),
                  message=lambda changed: _("The dialogue is now: %(status)s.", status=changed.status.label))


@bp.route("/d/<int:dialogue_id>/register", methods=["GET", "POST"])
@login_required
@per_address("RATELIMIT_REGISTER")
@per_account("RATELIMIT_REGISTER_ACCOUNT")
def register(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    if services.membership(dialogue, current_user):
        return go(url_for(".show", dialogue_id=dialogue.id), _("You are already registered for this dialogue."), "info")
    services.require_account(current_user)
    form = RegistrationForm()
    form.fill_choices(dialogue, services.organizations(dialogue))
    return submit(form, lambda: services.register(dialogue, current_user, _form_data(form)),
                  done=lambda participant: go(url_for(".show", dialogue_id=dialogue.id),
                                              _("Thank you. The organizers will review your registration.")
                                              if participant.state == RegistrationState.PENDING
                                              else _("You are registered. Welcome!")),
                  again=lambda: render_template("roundtable/register.html", dialogue=dialogue, form=form))


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
                           can_organize=can("organize", dialogue, current_user))


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
    participant = load(Participant, participant_id, dialogue)
    return button(ActionForm(), lambda: _DECISIONS[action](dialogue, participant),
                  back_to=url_for(".participants", dialogue_id=dialogue.id),
                  message=_("Saved: %(name)s.", name=participant.name))


@bp.post("/d/<int:dialogue_id>/participants/decide")
@login_required
def decide_many(dialogue_id: int):
    """The queue: approve or decline the people ticked (``participant_id``), or everyone waiting (``all``)."""
    dialogue = services.get_dialogue(dialogue_id, current_user)
    form = DecideForm()
    ids = None if form.everyone.data else request.form.getlist("participant_id", type=int)
    return button(form, lambda: services.decide_many(dialogue, current_user, ids, form.decision.data == "approve"),
                  back_to=url_for(".participants", dialogue_id=dialogue.id),
                  message=lambda decided: ngettext("%(num)d registration saved.", "%(num)d registrations saved.",
                                                   len(decided)))


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/role")
@login_required
def participant_role(dialogue_id: int, participant_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    participant = load(Participant, participant_id, dialogue)
    form = RoleForm()
    return button(form, lambda: services.set_role(dialogue, current_user, participant, form.role.data),
                  back_to=url_for(".participants", dialogue_id=dialogue.id),
                  message=lambda changed: _("%(name)s is now: %(role)s.", name=changed.name, role=changed.role.label))


@bp.route("/d/<int:dialogue_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    services.require_organizer(dialogue, current_user)
    form = WalkInForm()
    form.fill_choices(dialogue, services.organizations(dialogue))
    return submit(form, lambda: _walk_in_with_code(dialogue, form),
                  done=lambda added: _desk_code_page(dialogue, *added, message=_(
                      "%(name)s is registered and checked in.", name=added[0].name)),
                  again=lambda: render_template("roundtable/walk_in.html", dialogue=dialogue, form=form))


def _walk_in_with_code(dialogue, form):
    participant = services.add_walk_in(dialogue, current_user, _form_data(form))
    return participant, passes.desk_code(dialogue, current_user, participant)


def _desk_code_page(dialogue, participant, code: str, message: str):
    """The walk-in's personal code, to show or print at the desk (it is shown only this once)."""
    flash(message, "success")
    return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant, code=code,
                           qr=passes.code_qr(dialogue, code), at_desk=True)


@bp.route("/d/<int:dialogue_id>/invite", methods=["GET", "POST"])
@login_required
@per_account("RATELIMIT_INVITE")
def invite(dialogue_id: int):
    dialogue = services.get_dialogue(dialogue_id)
    services.require_organizer(dialogue, current_user)
    form = InvitationForm()
    return submit(form, lambda: invitations.invite(dialogue, current_user, form.addresses.data),
                  done=lambda sent: go(url_for(".participants", dialogue_id=dialogue.id),
                                       ngettext("Invitation sent to %(num)d address.",
                                                "Invitations sent to %(num)d addresses.", len(sent))),
                  again=lambda: render_template("roundtable/invite.html", dialogue=dialogue, form=form,
                                                max_addresses=current_app.config["INVITATION_MAX_ADDRESSES"]))
