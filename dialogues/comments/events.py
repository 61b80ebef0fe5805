"""Socket.IO writes on comment threads. Each ``@write`` names an event and the one service it calls,
above the payload it carries; the event log does the broadcast."""
from functools import partial

from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime import connections
from ..realtime.sockets import WritePayload, writer
from ..roundtable.services import get_visible_dialogue
from ..rows import load
from . import services
from .models import Comment

write = writer(get_visible_dialogue)


# Moderator → everyone: shown again, with the comment (comment.unhidden); pinned on top of the
# thread, or not any more (comment.pinned, comment.unpinned). Moderator → moderators only: its flags
# dismissed (comment.flags_dismissed).
@write("comment.unhide", services.unhide)
@write("comment.pin", partial(services.set_pinned, pinned=True))
@write("comment.unpin", partial(services.set_pinned, pinned=False))
@write("comment.dismiss_flags", services.dismiss_flags)
class CommentPayload(WritePayload):
    comment_id: int = Field(gt=0)
    rows = {"comment_id": ("comment", load, Comment)}


@write("comment.post", services.post_comment)  # Participant → everyone: a comment or reply (comment.posted)
class PostPayload(WritePayload):
    item_id: int = Field(gt=0)
    body: str
    parent_id: int | None = Field(default=None, gt=0)  # input: the service checks it
    anonymous: bool = False
    show_group: bool = True
    rows = {"item_id": ("item", connections.kept(load), AgendaItem)}  # only its id is used: kept


@write("comment.edit", services.edit_comment)  # Author → everyone: new words for their comment (comment.edited)
class EditPayload(CommentPayload):
    body: str


# Participant → everyone: toggle agree/disagree/important; everyone receives the counts (comment.reacted).
@write("comment.react", services.react)
class ReactPayload(CommentPayload):
    kind: str = Field(max_length=20)


# Participant → moderators only: please look (comment.flagged). Moderator → everyone: hidden with a
# reason, which only its author reads (comment.hidden).
@write("comment.flag", services.flag)
@write("comment.hide", services.hide)
class ReasonPayload(CommentPayload):
    reason: str = ""
