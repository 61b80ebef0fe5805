"""Socket.IO handlers of the log itself: joining a dialogue's room and catching up."""
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room, leave_room
from pydantic import Field

from ..errors import Disconnected
from ..extensions import socketio
from ..permissions import can
from ..roundtable import services as roundtable
from . import log
from .sockets import DATABASE_FAULTS, Payload, on_read, unavailable


class JoinPayload(Payload):
    last_seq: int = Field(default=0, ge=0)
    token: str | None = Field(default=None, max_length=64)  # a draft's secret projector link


def _reader(dialogue_id: int, token: str | None):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user, token)
    return dialogue, can("moderate", dialogue, current_user)


def _catch_up(dialogue_id: int, after: int, moderator: bool) -> dict:
    events = log.events_after(dialogue_id, after, moderator=moderator)
    return {"events": events, "more": len(events) == log.REPLAY_PAGE}


@socketio.on("connect")
def connect(auth=None):
    """Browser → server on connecting: a signed-in connection enters its person's room at once,
    so that signing out closes it even before it joins a dialogue (see connections.py).

    Finding the person asks the database: if it cannot answer (down, or a busy process with no
    connection free in time), the connection is refused with the reason, and the page tries again
    (live.js), instead of a traceback and a connection left waiting for an answer that never comes."""
    try:
        signed_in = current_user.is_authenticated
    except DATABASE_FAULTS as exc:
        refusal = unavailable("connect", exc)
        raise ConnectionRefusedError(refusal["message"], refusal)  # the client's error: its message and data
    if signed_in:
        join_room(log.user_room(current_user.id))


@on_read("join", JoinPayload)
def join(payload: JoinPayload) -> dict:
    """Any page of a dialogue → server: enter its room, then receive every event after ``last_seq``.

    The room is joined before the log is read, so an event committed in between arrives twice
    (once live, once here) rather than never; clients drop the duplicate by seq.
    """
    dialogue, moderator = _reader(payload.dialogue_id, payload.token)
    try:
        leave_room(log.room(dialogue.id, moderators=not moderator))
        join_room(log.room(dialogue.id, moderators=moderator))
    except (KeyError, ValueError):  # python-socketio no longer knows the connection: it closed meanwhile
        raise Disconnected(_("The connection closed before it joined the dialogue."))
    me = roundtable.membership(dialogue, current_user)
    return {
        **_catch_up(dialogue.id, payload.last_seq, moderator),
        "me": {
            "participant_id": me.id if me else None,
            "can_contribute": bool(me and me.can_contribute),
            "can_moderate": moderator,
        },
    }


@on_read("sync", JoinPayload)
def sync(payload: JoinPayload) -> dict:
    """Client → server when it sees a gap in seq: the missing events, in order (answered in the ack)."""
    dialogue, moderator = _reader(payload.dialogue_id, payload.token)
    return _catch_up(dialogue.id, payload.last_seq, moderator)


@socketio.on("*")
def unknown(event, data=None):
    """Any event nobody handles gets an error acknowledgement instead of silence."""
    return {"ok": False, "error": "unknown_event", "message": _("Unknown event “%(name)s”.", name=str(event)[:40])}
