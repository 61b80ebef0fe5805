"""Socket.IO handlers of the agenda timer. Moderators send them; every page of the dialogue receives
the resulting ``agenda.*`` event through the log (see realtime/log.py)."""
from pydantic import Field

from ..realtime.sockets import WritePayload, on_write
from ..roundtable.services import get_dialogue
from . import services
from .services import MAX_EXTEND_MINUTES


class ItemPayload(WritePayload):
    item_id: int = Field(gt=0)


class ExtendPayload(ItemPayload):
    minutes: int = Field(default=5, ge=1, le=MAX_EXTEND_MINUTES)


class NextPayload(WritePayload):
    item_id: int | None = Field(default=None, gt=0)  # the item the moderator saw as current


@on_write("agenda.start", ItemPayload)
def start(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_started`` (and ``agenda.item_ended`` for the item it replaces)."""
    services.start_item(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)


@on_write("agenda.pause", ItemPayload)
def pause(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_paused``."""
    services.pause_item(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)


@on_write("agenda.resume", ItemPayload)
def resume(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_resumed``."""
    services.resume_item(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)


@on_write("agenda.extend", ExtendPayload)
def extend(payload: ExtendPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_extended``."""
    services.extend_item(get_dialogue(payload.dialogue_id), user, payload.item_id, payload.minutes,
                         client_id=payload.client_id)


@on_write("agenda.end", ItemPayload)
def end(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_ended``."""
    services.end_item(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)


@on_write("agenda.next", NextPayload)
def next_(payload: NextPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_ended`` for the current item, ``agenda.item_started`` for the next."""
    services.next_item(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)
