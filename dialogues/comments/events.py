"""Socket.IO writes on comment threads. Each calls one service; the event log does the broadcast."""
from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime.sockets import WritePayload, on_write
from ..roundtable import services as roundtable
from ..rows import load
from . import services
from .models import Comment


class CommentPayload(WritePayload):
    comment_id: int = Field(gt=0)


class PostPayload(WritePayload):
    item_id: int = Field(gt=0)
    body: str
    parent_id: int | None = Field(default=None, gt=0)
    anonymous: bool = False
    show_group: bool = True


class EditPayload(CommentPayload):
    body: str


class ReactPayload(CommentPayload):
    kind: str = Field(max_length=20)


class ReasonPayload(CommentPayload):
    reason: str = ""


def _load(payload: CommentPayload, user):
    dialogue = roundtable.get_visible_dialogue(payload.dialogue_id, user, also=((Comment, payload.comment_id),))
    return dialogue, load(Comment, payload.comment_id, dialogue)


@on_write("comment.post", PostPayload)
def post(payload: PostPayload, user) -> None:
    """Participant → server: a comment or reply; everyone in the dialogue receives ``comment.posted``."""
    dialogue = roundtable.get_visible_dialogue(payload.dialogue_id, user, also=((AgendaItem, payload.item_id),))
    services.post_comment(dialogue, user, load(AgendaItem, payload.item_id, dialogue), payload.body,
                          parent_id=payload.parent_id, anonymous=payload.anonymous, show_group=payload.show_group,
                          client_id=payload.client_id)


@on_write("comment.edit", EditPayload)
def edit(payload: EditPayload, user) -> None:
    """Author → server: new words for their comment; everyone receives ``comment.edited``."""
    dialogue, comment = _load(payload, user)
    services.edit_comment(dialogue, user, comment, payload.body, client_id=payload.client_id)


@on_write("comment.react", ReactPayload)
def react(payload: ReactPayload, user) -> None:
    """Participant → server: toggle agree/disagree/important; everyone receives the counts (``comment.reacted``)."""
    dialogue, comment = _load(payload, user)
    services.react(dialogue, user, comment, payload.kind, client_id=payload.client_id)


@on_write("comment.flag", ReasonPayload)
def flag(payload: ReasonPayload, user) -> None:
    """Participant → server: ask moderators to look; only moderators receive ``comment.flagged``."""
    dialogue, comment = _load(payload, user)
    services.flag(dialogue, user, comment, payload.reason, client_id=payload.client_id)


@on_write("comment.hide", ReasonPayload)
def hide(payload: ReasonPayload, user) -> None:
    """Moderator → server: hide with a reason; everyone receives ``comment.hidden`` (without the reason)."""
    dialogue, comment = _load(payload, user)
    services.hide(dialogue, user, comment, payload.reason, client_id=payload.client_id)


@on_write("comment.unhide", CommentPayload)
def unhide(payload: CommentPayload, user) -> None:
    """Moderator → server: show again; everyone receives ``comment.unhidden`` with the comment."""
    dialogue, comment = _load(payload, user)
    services.unhide(dialogue, user, comment, client_id=payload.client_id)


@on_write("comment.pin", CommentPayload)
def pin(payload: CommentPayload, user) -> None:
    """Moderator → server: pin on top of the thread; everyone receives ``comment.pinned``."""
    dialogue, comment = _load(payload, user)
    services.set_pinned(dialogue, user, comment, True, client_id=payload.client_id)


@on_write("comment.unpin", CommentPayload)
def unpin(payload: CommentPayload, user) -> None:
    """Moderator → server: unpin; everyone receives ``comment.unpinned``."""
    dialogue, comment = _load(payload, user)
    services.set_pinned(dialogue, user, comment, False, client_id=payload.client_id)
