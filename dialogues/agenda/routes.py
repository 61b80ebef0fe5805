"""The agenda page and its no-JS forms. With JS on, the timer buttons go over the socket instead."""
from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..permissions import can
from ..realtime import log
from ..roundtable import services as roundtable
from ..rows import load
from ..web import ActionForm, button, go, submit
from . import services
from .forms import ExtendForm, ItemForm, MoveForm, NextForm
from .models import AgendaItem

bp = Blueprint("agenda", __name__)


def _page(dialogue, form: ItemForm) -> str:
    live_seq = log.last_seq(dialogue.id)  # read before the agenda: replay may repeat, never skip
    return render_template("agenda/page.html", dialogue=dialogue, live_seq=live_seq,
                           agenda=services.agenda_view(dialogue), can_moderate=can("moderate", dialogue, current_user),
                           form=form, action_form=ActionForm())


def _item_fields(form: ItemForm) -> dict:
    return {"title": form.title.data, "presenter": form.presenter.data,
            "planned_minutes": form.planned_minutes.data, "description": form.description.data}


def _agenda_url(dialogue, **anchor) -> str:
    return url_for("agenda.page", dialogue_id=dialogue.id, **anchor)


@bp.get("/d/<int:dialogue_id>/agenda")
def page(dialogue_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return _page(dialogue, ItemForm(formdata=None))


@bp.post("/d/<int:dialogue_id>/agenda/items")
@login_required
def add(dialogue_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    roundtable.require_moderator(dialogue, current_user)  # refused before the form is even read
    form = ItemForm()
    return submit(form, lambda: services.add_item(dialogue, current_user, _item_fields(form)),
                  done=lambda item: go(_agenda_url(dialogue), _("Added to the agenda: %(title)s.", title=item.title)),
                  again=lambda: _page(dialogue, form))


@bp.route("/d/<int:dialogue_id>/agenda/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int, item_id: int):
    dialogue = roundtable.get_dialogue(dialogue_id)
    roundtable.require_moderator(dialogue, current_user)  # the form too, not only the change
    item = load(AgendaItem, item_id, dialogue)
    form = ItemForm(obj=item if request.method == "GET" else None)
    return submit(form, lambda: services.update_item(dialogue, current_user, item, _item_fields(form)),
                  done=lambda item: go(_agenda_url(dialogue, _anchor=f"item-{item.id}"),
                                       _("The agenda item was saved.")),
                  again=lambda: render_template("agenda/edit.html", dialogue=dialogue, item=item, form=form))


def _button(dialogue_id: int, form, change, item_id: int | None = None):
    """A moderator's button on the agenda or the dialogue page: ``change(dialogue, item)``."""
    dialogue = roundtable.get_dialogue(dialogue_id)
    item = load(AgendaItem, item_id, dialogue) if item_id is not None else None
    return button(form, lambda: change(dialogue, item), back_to=_agenda_url(dialogue))


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/move")
@login_required
def move(dialogue_id: int, item_id: int):
    form = MoveForm()
    return _button(dialogue_id, form, lambda dialogue, item: services.move_item(
        dialogue, current_user, item, direction=form.direction.data or None, to=form.to.data), item_id)


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/remove")
@login_required
def remove(dialogue_id: int, item_id: int):
    return _button(dialogue_id, ActionForm(),
                   lambda dialogue, item: services.remove_item(dialogue, current_user, item), item_id)


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
                   lambda dialogue, item: TIMER_ACTIONS[action](dialogue, current_user, item), item_id)


@bp.post("/d/<int:dialogue_id>/agenda/items/<int:item_id>/extend")
@login_required
def extend(dialogue_id: int, item_id: int):
    form = ExtendForm()
    return _button(dialogue_id, form, lambda dialogue, item: services.extend_item(
        dialogue, current_user, item, form.minutes.data), item_id)


@bp.post("/d/<int:dialogue_id>/agenda/next")
@login_required
def next_(dialogue_id: int):
    form = NextForm()
    return _button(dialogue_id, form, lambda dialogue, _item: services.next_item(
        dialogue, current_user, form.item_id.data, waiting=form.waiting.data))
