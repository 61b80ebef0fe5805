"""Socket.IO handlers of the agenda timer. Moderators send them; every page of the dialogue receives
the resulting ``agenda.*`` event through the log (see realtime/log.py)."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, on_write
from ..roundtable.services import get_dialogue
from ..rows import load
from . import services
from .models import AgendaItem
from .services import MAX_EXTEND_MINUTES


class ItemPayload(WritePayload):
    item_id: int = Field(gt=0)


class ExtendPayload(ItemPayload):
    minutes: int = Field(default=5, ge=1, le=MAX_EXTEND_MINUTES)


class NextPayload(WritePayload):
    item_id: int | None = Field(default=None, gt=0)  # the item the moderator saw as current
    waiting: Literal["carry", "clear"] | None = None  # people still on the list of speakers


def _item(payload: ItemPayload):
    dialogue = get_dialogue(payload.dialogue_id)
    return dialogue, load(AgendaItem, payload.item_id, dialogue)


@on_write("agenda.start", ItemPayload)
def start(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_started`` (after ``agenda.item_ended`` for the item it replaces)."""
    dialogue, item = _item(payload)
    services.start_item(dialogue, user, item, client_id=payload.client_id)


@on_write("agenda.pause", ItemPayload)
def pause(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_paused``."""
    dialogue, item = _item(payload)
    services.pause_item(dialogue, user, item, client_id=payload.client_id)


@on_write("agenda.resume", ItemPayload)
def resume(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_resumed``."""
    dialogue, item = _item(payload)
    services.resume_item(dialogue, user, item, client_id=payload.client_id)


@on_write("agenda.end", ItemPayload)
def end(payload: ItemPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_ended``."""
    dialogue, item = _item(payload)
    services.end_item(dialogue, user, item, client_id=payload.client_id)


@on_write("agenda.extend", ExtendPayload)
def extend(payload: ExtendPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_extended``."""
    dialogue, item = _item(payload)
    services.extend_item(dialogue, user, item, payload.minutes, client_id=payload.client_id)


@on_write("agenda.next", NextPayload)
def next_(payload: NextPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_ended`` for the current item, ``agenda.item_started`` for the next."""
    services.next_item(get_dialogue(payload.dialogue_id), user, payload.item_id, waiting=payload.waiting,
                       client_id=payload.client_id)
