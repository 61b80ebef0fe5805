"""The agenda page and its no-JS forms. With JS on, the timer buttons go over the socket instead."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import Conflict, InvalidInput, InvalidState, NotPermitted
from ..extensions import db
from ..realtime import log
from ..roundtable import services as roundtable
from ..web import ActionForm, attach_error, status_for
from . import services
from .forms import ExtendForm, ItemForm, MoveForm, NextForm

bp = Blueprint("agenda", __name__)
REFUSALS = (InvalidInput, InvalidState, Conflict)  # shown as a message on the page the button was on


@bp.url_value_preprocessor
def remember_dialogue(endpoint, values):
    """Let the locale selector default a dialogue's pages to its language."""
    if values and "dialogue_id" in values:
        g.dialogue_id = values["dialogue_id"]


def can_moderate(dialogue) -> bool:
    try:
        roundtable.require_moderator(dialogue, current_user)
    except NotPermitted:
        return False
    return True


def _page(dialogue, form: ItemForm, status: int = 200):
    live_seq = log.last_seq(dialogue.id)  # read before the agenda: replay may repeat, never skip
    return render_template("agenda/page.html", dialogue=dialogue, live_seq=live_seq,
                           agenda=services.agenda_view(dialogue), can_moderate=can_moderate(dialogue),
                           form=form, action_form=ActionForm()), status


def _back(dialogue):
    """Where the button was pressed (the agenda or the dialogue page), or the agenda."""
    referrer = request.referrer
    if referrer and referrer.startswith(request.host_url):
        return redirect(referrer)
    return redirect(url_for(".page", dialogue_id=dialogue.id))


def _item_fields(form: ItemForm) -> dict:
    return {"title": form.title.data, "presenter": form.presenter.data,
            "planned_minutes": form.planned_minutes.data, "description": form.description.data}


@bp.get("/d/<int:dialogue_id>/agenda")
def page(dialogue_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return _page(dialogue, ItemForm(formdata=None))


def _saved(form: ItemForm, save) -> bool:
    """Validate, save and commit; a refusal by the rules is shown next to its field instead."""
    if not form.validate_on_submit():
        return False
    try:
        save(_item_fields(form))
    except InvalidInput as exc:
        db.session.rollback()
        attach_error(form, exc)
        return False
    db.session.commit()
    return True


@bp.post("/d/<int:dialogue_id>/agenda/items")
@login_required
def add(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    roundtable.require_moderator(dialogue, current_user)
    form = ItemForm()
    if _saved(form, lambda fields: services.add_item(dialogue, current_user, fields)):
        flash(_("Added to the agenda: %(title)s.", title=form.title.data), "success")
        return redirect(url_for(".page", dialogue_id=dialogue.id))
    return _page(dialogue, form, status_for(form))


@bp.route("/d/<int:dialogue_id>/agenda/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int, item_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    roundtable.require_moderator(dialogue, current_user)
    item = services.get_item(dialogue, item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if _saved(form, lambda fields: services.update_item(dialogue, current_user, item.id, fields)):
        flash(_("The agenda item was saved."), "success")
        return redirect(url_for(".page", dialogue_id=dialogue.id, _anchor=f"item-{item.id}"))
    return render_template("agenda/edit.html", dialogue=dialogue, item=item, form=form), status_for(form)


def _button(dialogue_id: int, form, change):
    """A moderator's button: ``change(dialogue)`` is committed, or its refusal shown on the page it came from."""
    dialogue = roundtable.get_dialogue(dialogue_id)
    if not form.validate_on_submit():
        raise InvalidInput(_("The form expired or was incomplete. Reload the page and try again."))
    try:
        change(dialogue)
    except REFUSALS as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
    return _back(dialogue)


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/move")
@login_required
def move(dialogue_id: int, item_id: int):
    form = MoveForm()
    return _button(dialogue_id, form, lambda dialogue: services.move_item(
        dialogue, current_user, item_id, direction=form.direction.data or None, to=form.to.data))


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/remove")
@login_required
def remove(dialogue_id: int, item_id: int):
    return _button(dialogue_id, ActionForm(), lambda dialogue: services.remove_item(dialogue, current_user, item_id))


TIMER_ACTIONS = {
    "start": services.start_item,
    "pause": services.pause_item,
    "resume": services.resume_item,
    "end": services.end_item,
}


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/<any(start, pause, resume, end):action>")
@login_required
def timer_action(dialogue_id: int, item_id: int, action: str):
    return _button(dialogue_id, ActionForm(),
                   lambda dialogue: TIMER_ACTIONS[action](dialogue, current_user, item_id))


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/extend")
@login_required
def extend(dialogue_id: int, item_id: int):
    form = ExtendForm()
    return _button(dialogue_id, form, lambda dialogue: services.extend_item(
        dialogue, current_user, item_id, form.minutes.data))


@bp.post("/d/<int:dialogue_id>/agenda/next")
@login_required
def next_(dialogue_id: int):
    form = NextForm()
    return _button(dialogue_id, form, lambda dialogue: services.next_item(dialogue, current_user, form.item_id.data,
                                                                     waiting=form.waiting.data))
