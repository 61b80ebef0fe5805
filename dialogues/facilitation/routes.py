"""HTTP side of facilitation: the console, the projector, panel fragments and the no-JS forms."""
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..agenda.services import agenda_view
from ..errors import InvalidInput, NotFound
from ..permissions import can, require
from ..realtime import log
from ..recommendations.models import Recommendation
from ..roundtable import services as roundtable
from ..roundtable.models import Participant
from ..rows import arguments, load, load_optional
from ..web import ActionForm, button, form_values
from . import panels, polls, speakers
from .forms import (AddSpeakerForm, GiveFloorForm, MoveForm, RaiseHandForm, RequestForm, SettingsForm, WithdrawForm,
                    poll_form)
from .models import Poll, SpeakerRequest

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
    require("moderate", dialogue, current_user)
    live_seq = log.last_seq(dialogue.id)  # before the panels' data: replay may repeat, never skip
    return render_template("facilitation/console.html", dialogue=dialogue, live_seq=live_seq,
                           action_form=ActionForm(), agenda=agenda_view(dialogue), can_moderate=True,
                           can_organize=can("organize", dialogue, current_user))


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


# --- no-JS forms: each calls the same service as its socket event, through the door ----------

def _back(dialogue) -> str:
    return url_for("roundtable.show", dialogue_id=dialogue.id)


def _speakers_button(form_class, service, message):
    """A button of the list of speakers: the form's fields (ids loaded as rows, as the socket door
    does) go to the same service as the socket event."""

    def view(dialogue_id: int):
        dialogue, form = roundtable.get_dialogue(dialogue_id), form_class()
        return button(form, lambda: service(dialogue, current_user,
                                            **arguments(form_values(form), dialogue, form.rows)),
                      back_to=_back(dialogue), message=message)

    return login_required(view)


# The list of speakers' buttons, /d/<id>/speakers/<path>: path → (endpoint, form, service, message).
SPEAKER_BUTTONS = {
    "raise": ("raise_hand", RaiseHandForm, speakers.raise_hand,
              lambda _entry: _("You are on the list of speakers.")),
    "withdraw": ("withdraw", WithdrawForm, speakers.withdraw, lambda _entry: _("Taken off the list of speakers.")),
    "add": ("add_speaker", AddSpeakerForm, speakers.add_speaker,
            lambda entry: _("%(name)s is on the list of speakers.", name=entry.participant.name)),
    "move": ("move", MoveForm, speakers.move, lambda _entry: _("The list of speakers was reordered.")),
    "floor": ("give_floor", GiveFloorForm, speakers.give_floor,
              lambda entry: _("%(name)s has the floor.", name=entry.participant.name)),
    "end": ("end_turn", RequestForm, speakers.end_turn, lambda _entry: _("The turn has ended.")),
    "settings": ("speaker_settings", SettingsForm, speakers.update_settings,
                 lambda _settings: _("The settings of the list of speakers were saved.")),
}
for path, (endpoint, form_class, service, message) in SPEAKER_BUTTONS.items():
    bp.add_url_rule(f"/d/<int:dialogue_id>/speakers/{path}", endpoint, _speakers_button(form_class, service, message),
                    methods=["POST"])


@bp.post("/d/<int:dialogue_id>/polls")
@login_required
def create_poll(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    form = poll_form(dialogue)
    return button(form, lambda: polls.create_poll(
        dialogue, current_user, question=form.question.data, kind=form.kind.data,
        options=(form.options.data or "").splitlines(), hide_results=form.hide_results.data,
        open_now=form.open_now.data, recommendation=load_optional(Recommendation, form.recommendation_id.data,
                                                                  dialogue)),
        back_to=_back(dialogue), message=lambda poll: _("The poll is open.") if poll.opened_at
        else _("The poll was created. Open it when the room is ready."))


@bp.post("/d/<int:dialogue_id>/polls/<int:poll_id>/<any(open, close):action>")
@login_required
def poll_state(dialogue_id: int, poll_id: int, action: str):
    dialogue = roundtable.get_dialogue(dialogue_id)
    change = polls.open_poll if action == "open" else polls.close_poll
    return button(ActionForm(), lambda: change(dialogue, current_user, load(Poll, poll_id, dialogue)),
                  back_to=_back(dialogue), message=_("The poll is open.") if action == "open"
                  else _("The poll is closed."))


def _option_ids() -> list[int]:
    try:
        return [int(v) for v in request.form.getlist("option_ids")]
    except ValueError:
        raise InvalidInput(_("Choose one of the options."))


@bp.post("/d/<int:dialogue_id>/polls/<int:poll_id>/vote")
@login_required
def vote(dialogue_id: int, poll_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    return button(ActionForm(), lambda: polls.vote(dialogue, current_user, load(Poll, poll_id, dialogue),
                                                   _option_ids()),
                  back_to=_back(dialogue),
                  message=_("Your vote was recorded. You can change it until the poll closes."))


@bp.post("/d/<int:dialogue_id>/projector/token")
@login_required
def projector_token(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    return button(ActionForm(), lambda: panels.new_projector_token(dialogue, current_user), back_to=_back(dialogue),
                  message=_("A new projector link was made; the old one no longer works."))
