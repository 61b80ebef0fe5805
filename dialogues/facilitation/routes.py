"""HTTP side of facilitation: the console, the projector, panel fragments and the no-JS forms."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..agenda.services import agenda_view
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..realtime import log
from ..roundtable import services as roundtable
from ..web import ActionForm
from . import panels, polls, speakers
from .forms import AddSpeakerForm, GiveFloorForm, MoveForm, PollForm, RaiseHandForm, RequestForm, SettingsForm

bp = Blueprint("facilitation", __name__)
bp.add_app_template_global(panels.render_panel, "render_panel")


@bp.app_template_global()
def panel_events(name: str) -> str:
    return panels.PANELS[name].events


@bp.app_template_filter("clock")
def clock(seconds: int | None) -> str:
    """12:05 for 725 seconds; 1:02:05 past the hour."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    return (f"{hours}:" if hours else "") + (f"{rest // 60:02d}" if hours else f"{rest // 60}") + f":{rest % 60:02d}"


# --- pages --------------------------------------------------------------------------------------

@bp.get("/d/<int:dialogue_id>/console")
@login_required
def console(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    roundtable.require_moderator(dialogue, current_user)
    live_seq = log.last_seq(dialogue.id)  # before the panels' data: replay may repeat, never skip
    return render_template("facilitation/console.html", dialogue=dialogue, live_seq=live_seq,
                           action_form=ActionForm(), agenda=agenda_view(dialogue), can_moderate=True,
                           can_organize=panels.can(roundtable.require_organizer, dialogue, current_user))


@bp.get("/d/<int:dialogue_id>/projector")
def projector(dialogue_id: int):
    token = request.args.get("token")
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user, token)
    live_seq = log.last_seq(dialogue.id)
    return render_template("facilitation/projector.html", dialogue=dialogue, live_seq=live_seq, token=token)


@bp.get("/d/<int:dialogue_id>/panels/<name>")
def panel(dialogue_id: int, name: str):
    """One live panel's HTML, re-fetched by facilitation.js after a relevant event."""
    if name not in panels.PANELS:
        raise NotFound(_("We could not find that page."))
    if name == "projector":
        dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user, request.args.get("token"))
    else:
        dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return Response(panels.render_panel(name, dialogue), headers={"Cache-Control": "no-store"})


# --- no-JS forms: each calls the same service as its socket event -------------------------------

def _submitted(form_class):
    form = form_class()
    if not form.validate_on_submit():
        errors = [e for field in form for e in field.errors]
        raise InvalidInput(errors[0] if errors else _("The form expired. Reload the page and try again."))
    return form


def _done(dialogue, message: str):
    db.session.commit()
    flash(message, "success")
    back = request.referrer
    if back and back.startswith(request.host_url):
        return redirect(back)
    return redirect(url_for("roundtable.show", dialogue_id=dialogue.id))


@bp.post("/d/<int:dialogue_id>/speakers/raise")
@login_required
def raise_hand(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    speakers.raise_hand(dialogue, current_user, kind=_submitted(RaiseHandForm).kind.data)
    return _done(dialogue, _("You are on the list of speakers."))


@bp.post("/d/<int:dialogue_id>/speakers/withdraw")
@login_required
def withdraw(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    speakers.withdraw(dialogue, current_user, _submitted(RequestForm).request_id.data or 0)
    return _done(dialogue, _("Taken off the list of speakers."))


@bp.post("/d/<int:dialogue_id>/speakers/add")
@login_required
def add_speaker(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = _submitted(AddSpeakerForm)
    entry = speakers.add_speaker(dialogue, current_user, participant_id=form.participant_id.data,
                                 name=form.name.data, kind=form.kind.data)
    return _done(dialogue, _("%(name)s is on the list of speakers.", name=entry.participant.name))


@bp.post("/d/<int:dialogue_id>/speakers/move")
@login_required
def move(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = _submitted(MoveForm)
    speakers.move(dialogue, current_user, form.request_id.data, form.to_index.data or 0)
    return _done(dialogue, _("The list of speakers was reordered."))


@bp.post("/d/<int:dialogue_id>/speakers/floor")
@login_required
def give_floor(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = _submitted(GiveFloorForm)
    entry = speakers.give_floor(dialogue, current_user, form.request_id.data, seconds=form.seconds.data)
    return _done(dialogue, _("%(name)s has the floor.", name=entry.participant.name))


@bp.post("/d/<int:dialogue_id>/speakers/end")
@login_required
def end_turn(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    speakers.end_turn(dialogue, current_user, _submitted(RequestForm).request_id.data)
    return _done(dialogue, _("The turn has ended."))


@bp.post("/d/<int:dialogue_id>/speakers/settings")
@login_required
def speaker_settings(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = _submitted(SettingsForm)
    speakers.update_settings(dialogue, current_user, default_seconds=form.default_seconds.data or 0,
                             first_timers_first=form.first_timers_first.data)
    return _done(dialogue, _("The settings of the list of speakers were saved."))


@bp.post("/d/<int:dialogue_id>/polls")
@login_required
def create_poll(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = _submitted(PollForm)
    polls.create_poll(dialogue, current_user, question=form.question.data, kind=form.kind.data,
                      options=(form.options.data or "").splitlines(), hide_results=form.hide_results.data,
                      recommendation_id=form.recommendation_id.data)
    return _done(dialogue, _("The poll was created. Open it when the room is ready."))


@bp.post("/d/<int:dialogue_id>/polls/<int:poll_id>/<any(open, close):action>")
@login_required
def poll_state(dialogue_id: int, poll_id: int, action: str):
    dialogue = roundtable.get_dialogue(dialogue_id)
    _submitted(ActionForm)
    if action == "open":
        polls.open_poll(dialogue, current_user, poll_id)
        return _done(dialogue, _("The poll is open."))
    polls.close_poll(dialogue, current_user, poll_id)
    return _done(dialogue, _("The poll is closed."))


@bp.post("/d/<int:dialogue_id>/polls/<int:poll_id>/vote")
@login_required
def vote(dialogue_id: int, poll_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    _submitted(ActionForm)
    try:
        option_ids = [int(v) for v in request.form.getlist("option_ids")]
    except ValueError:
        raise InvalidInput(_("Choose one of the options."))
    polls.vote(dialogue, current_user, poll_id, option_ids)
    return _done(dialogue, _("Your vote was recorded. You can change it until the poll closes."))


@bp.post("/d/<int:dialogue_id>/projector/token")
@login_required
def projector_token(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    _submitted(ActionForm)
    panels.new_projector_token(dialogue, current_user)
    return _done(dialogue, _("A new projector link was made; the old one no longer works."))
