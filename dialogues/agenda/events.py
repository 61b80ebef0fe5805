"""Socket.IO writes of the agenda timer. Moderators send them; every page of the dialogue receives
the resulting ``agenda.*`` event through the log (see realtime/log.py). Each ``@write`` names an
event and the service it calls, above the payload it carries."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, writer
from ..roundtable.services import get_dialogue
from ..rows import load
from . import services
from .models import AgendaItem
from .services import MAX_EXTEND_MINUTES

write = writer(get_dialogue)


@write("agenda.start", services.start_item)  # → agenda.item_started (after agenda.item_ended for the one it replaces)
@write("agenda.pause", services.pause_item)  # → agenda.item_paused
@write("agenda.resume", services.resume_item)  # → agenda.item_resumed
@write("agenda.end", services.end_item)  # → agenda.item_ended
class ItemPayload(WritePayload):
    item_id: int = Field(gt=0)
    rows = {"item_id": ("item", load, AgendaItem)}


@write("agenda.extend", services.extend_item)  # → agenda.item_extended
class ExtendPayload(ItemPayload):
    minutes: int = Field(default=5, ge=1, le=MAX_EXTEND_MINUTES)


@write("agenda.next", services.next_item)  # → agenda.item_ended for the current item, agenda.item_started for the next
class NextPayload(WritePayload):
    item_id: int | None = Field(default=None, gt=0)  # the item the moderator saw as current
    waiting: Literal["carry", "clear"] | None = None  # people still on the list of speakers
