"""Socket.IO handlers of the agenda timer. Moderators send them; every page of the dialogue receives
the resulting ``agenda.*`` event through the log (see realtime/log.py). Every moderator's write goes
to everyone; the table below says which event each one sends out."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, writes
from ..roundtable.services import get_dialogue
from . import services
from .models import AgendaItem
from .services import MAX_EXTEND_MINUTES


class ItemPayload(WritePayload):
    item_id: int = Field(gt=0)
    rows = {"item_id": ("item", AgendaItem)}


class ExtendPayload(ItemPayload):
    minutes: int = Field(default=5, ge=1, le=MAX_EXTEND_MINUTES)


class NextPayload(WritePayload):
    item_id: int | None = Field(default=None, gt=0)  # the item the moderator saw as current
    waiting: Literal["carry", "clear"] | None = None  # people still on the list of speakers


EVENTS = {
    # Moderator → everyone: agenda.item_started (after agenda.item_ended for the item it replaces).
    "agenda.start": (ItemPayload, services.start_item),
    "agenda.pause": (ItemPayload, services.pause_item),  # → agenda.item_paused
    "agenda.resume": (ItemPayload, services.resume_item),  # → agenda.item_resumed
    "agenda.end": (ItemPayload, services.end_item),  # → agenda.item_ended
    "agenda.extend": (ExtendPayload, services.extend_item),  # → agenda.item_extended
    # Moderator → everyone: agenda.item_ended for the current item, agenda.item_started for the next.
    "agenda.next": (NextPayload, services.next_item),
}
writes(EVENTS, dialogue=get_dialogue)
