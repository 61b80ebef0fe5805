"""Socket.IO writes on comment threads. Each calls one service; the event log does the broadcast."""
from functools import partial

from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime.sockets import WritePayload, writes
from ..roundtable.services import get_visible_dialogue
from . import services
from .models import Comment


class CommentPayload(WritePayload):
    comment_id: int = Field(gt=0)
    rows = {"comment_id": ("comment", Comment)}


class PostPayload(WritePayload):
    item_id: int = Field(gt=0)
    body: str
    parent_id: int | None = Field(default=None, gt=0)
    anonymous: bool = False
    show_group: bool = True
    rows = {"item_id": ("item", AgendaItem)}  # the parent comment is input: the service checks it


class EditPayload(CommentPayload):
    body: str


class ReactPayload(CommentPayload):
    kind: str = Field(max_length=20)


class ReasonPayload(CommentPayload):
    reason: str = ""


EVENTS = {
    # Participant → everyone: a comment or reply (comment.posted).
    "comment.post": (PostPayload, services.post_comment),
    # Author → everyone: new words for their comment (comment.edited).
    "comment.edit": (EditPayload, services.edit_comment),
    # Participant → everyone: toggle agree/disagree/important, the new counts (comment.reacted).
    "comment.react": (ReactPayload, services.react),
    # Participant → moderators only: please look at this comment (comment.flagged).
    "comment.flag": (ReasonPayload, services.flag),
    # Moderator → everyone: hidden, with a reason everyone else does not receive (comment.hidden).
    "comment.hide": (ReasonPayload, services.hide),
    # Moderator → everyone: shown again, with the comment (comment.unhidden).
    "comment.unhide": (CommentPayload, services.unhide),
    # Moderator → everyone: pinned on top of the thread, or not any more (comment.pinned / comment.unpinned).
    "comment.pin": (CommentPayload, partial(services.set_pinned, pinned=True)),
    "comment.unpin": (CommentPayload, partial(services.set_pinned, pinned=False)),
}
writes(EVENTS, dialogue=get_visible_dialogue)
