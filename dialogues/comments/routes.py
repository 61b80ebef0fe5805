"""Thread pages and the no-JavaScript forms; the same services serve the Socket.IO events."""
from datetime import datetime

from flask import Blueprint, g, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agenda.current import CURRENT, current_item
from ..agenda.models import AgendaItem
from ..errors import InvalidInput
from ..extensions import db
from ..permissions import can, require
from ..realtime import log
from ..roundtable import services as roundtable
from ..roundtable.models import StakeholderGroup
from ..rows import load
from ..templating import local_datetime
from ..web import ActionForm, button, go, safe_next, submit
from . import services
from .forms import CommentForm, EditForm, ReactForm, ReasonForm
from .models import Comment, ReactionKind

bp = Blueprint("comments", __name__)


def _item(dialogue_id: int, item_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return dialogue, load(AgendaItem, item_id, dialogue)


def _comment(dialogue_id: int, comment_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return dialogue, load(Comment, comment_id, dialogue)


def _before() -> int | None:
    before = request.args.get("before", type=int)
    if "before" in request.args and (before is None or before <= 0):
        raise InvalidInput(_("“before” must be a comment number."))
    return before


def _thread_url(comment, anchor: bool = True) -> str:
    return url_for(".thread", dialogue_id=comment.dialogue_id, item_id=comment.item_id,
                   _anchor=f"c-{comment.id}" if anchor else None)


def _render_thread(dialogue, item, form: CommentForm):
    live_seq = log.last_seq(dialogue.id)  # read before the page's data: replay may repeat, never skip
    viewer = services.viewer_for(dialogue, current_user)
    me = roundtable.membership(dialogue, current_user)
    reply_to = request.args.get("reply_to", type=int)
    if reply_to and not form.parent_id.data:
        form.parent_id.data = reply_to
    return render_template(
        "comments/thread.html", dialogue=dialogue, item=item, form=form, me=me, viewer=viewer, live_seq=live_seq,
        thread=services.thread(item, viewer, _before()), action_form=ActionForm(), reason_form=ReasonForm(),
        replying=services.reply_target(item, form.parent_id.data),
        # The item the room is on, when it is another: an item under discussion is the room's own.
        room_item=None if item.state in CURRENT else current_item(dialogue),
        can_contribute=can("contribute", dialogue, current_user) and dialogue.status in services.OPEN_STATUSES,
    )


@bp.get("/d/<int:dialogue_id>/items/<int:item_id>")
def thread(dialogue_id: int, item_id: int):
    dialogue, item = _item(dialogue_id, item_id)
    return _render_thread(dialogue, item, CommentForm(formdata=None))


@bp.get("/d/<int:dialogue_id>/items/<int:item_id>/comments.json")
def thread_json(dialogue_id: int, item_id: int):
    """A page of the thread for JavaScript's "older comments" (``?before=<id>``)."""
    dialogue, item = _item(dialogue_id, item_id)
    page = services.thread(item, services.viewer_for(dialogue, current_user), _before())
    return jsonify(ok=True, comments=page.comments, has_older=page.has_older, older_than=page.older_than)


@bp.get("/d/<int:dialogue_id>/comments/<int:comment_id>.json")
def comment_json(dialogue_id: int, comment_id: int):
    """One comment as the signed-in user may see it: how the author's page learns why it was hidden."""
    dialogue, comment = _comment(dialogue_id, comment_id)
    return jsonify(ok=True, comment=services.comment_json(dialogue, current_user, comment))


@bp.post("/d/<int:dialogue_id>/items/<int:item_id>/comments")
@login_required
def post(dialogue_id: int, item_id: int):
    dialogue, item = _item(dialogue_id, item_id)
    form = CommentForm()
    return submit(form, lambda: services.post_comment(
        dialogue, current_user, item, form.body.data, parent_id=form.parent_id.data,
        anonymous=form.anonymous.data, show_group=form.show_group.data),
        done=lambda comment: go(_thread_url(comment)), again=lambda: _render_thread(dialogue, item, form))


@bp.route("/d/<int:dialogue_id>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int, comment_id: int):
    dialogue, comment = _comment(dialogue_id, comment_id)
    services.require_author(dialogue, current_user, comment)  # the form too, not only the change
    form = EditForm(data={"body": comment.body} if request.method == "GET" else None)
    return submit(form, lambda: services.edit_comment(dialogue, current_user, comment, form.body.data),
                  done=lambda comment: go(_thread_url(comment), _("Your comment was changed.")),
                  again=lambda: render_template("comments/edit.html", dialogue=dialogue, comment=comment, form=form,
                                                until=services.editable_until(comment)))


@bp.route("/d/<int:dialogue_id>/comments/<int:comment_id>/<any(flag, hide):action>", methods=["GET", "POST"])
@login_required
def with_reason(dialogue_id: int, comment_id: int, action: str):
    """Flag (participants) or hide (moderators): both ask for a reason first."""
    dialogue, comment = _comment(dialogue_id, comment_id)
    require(services.REASON_RULES[action], dialogue, current_user)  # the form too, not only the change
    form = ReasonForm()
    service = services.flag if action == "flag" else services.hide
    message = _("Thank you. The moderators will look at it.") if action == "flag" \
        else _("The comment is hidden. Its author is told why.")
    return submit(form, lambda: service(dialogue, current_user, comment, form.reason.data),
                  done=lambda _result: go(safe_next(_thread_url(comment, anchor=action == "hide")), message),
                  again=lambda: render_template(
                      "comments/reason.html", dialogue=dialogue, action=action, form=form,
                      comment=services.serialize(comment, services.viewer_for(dialogue, current_user))))


_ACTIONS = {
    "unhide": lambda d, c: services.unhide(d, current_user, c),
    "pin": lambda d, c: services.set_pinned(d, current_user, c, True),
    "unpin": lambda d, c: services.set_pinned(d, current_user, c, False),
    "dismiss": lambda d, c: services.dismiss_flags(d, current_user, c),
}


@bp.post("/d/<int:dialogue_id>/comments/<int:comment_id>/<any(unhide, pin, unpin, dismiss):action>")
@login_required
def moderate(dialogue_id: int, comment_id: int, action: str):
    dialogue, comment = _comment(dialogue_id, comment_id)
    return button(ActionForm(), lambda: _ACTIONS[action](dialogue, comment), back_to=_thread_url(comment))


@bp.post("/d/<int:dialogue_id>/comments/<int:comment_id>/react")
@login_required
def react(dialogue_id: int, comment_id: int):
    dialogue, comment = _comment(dialogue_id, comment_id)
    form = ReactForm()
    return button(form, lambda: services.react(dialogue, current_user, comment, form.kind.data),
                  back_to=_thread_url(comment))


@bp.app_template_filter("iso_datetime")
def iso_datetime(value: str | None, tz: str = "UTC") -> str:
    """A serialized comment's ISO time, shown like every other date (see ``local_datetime``)."""
    return local_datetime(datetime.fromisoformat(value.removesuffix("Z")), tz) if value else ""


@bp.context_processor
def comment_globals():
    dialogue_id = g.get("dialogue_id")
    groups = db.session.scalars(select(StakeholderGroup).where(StakeholderGroup.dialogue_id == dialogue_id)) \
        if dialogue_id else []
    return {"reaction_kinds": list(ReactionKind), "group_names": {group.id: group.name for group in groups}}
