"""Socket.IO handlers of the agenda timer. Moderators send them; every page of the dialogue receives
the resulting ``agenda.*`` event through the log (see realtime/log.py)."""
from typing import Literal

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
    waiting: Literal["carry", "clear"] | None = None  # people still on the list of speakers


def _item_action(name: str, service, broadcast: str) -> None:
    def handler(payload: ItemPayload, user) -> None:
        service(get_dialogue(payload.dialogue_id), user, payload.item_id, client_id=payload.client_id)

    handler.__name__ = name.replace(".", "_")
    handler.__doc__ = f"Moderator → everyone: {broadcast}."
    on_write(name, ItemPayload)(handler)


_item_action("agenda.start", services.start_item,
             "agenda.item_started (after agenda.item_ended for the item it replaces)")
_item_action("agenda.pause", services.pause_item, "agenda.item_paused")
_item_action("agenda.resume", services.resume_item, "agenda.item_resumed")
_item_action("agenda.end", services.end_item, "agenda.item_ended")


@on_write("agenda.extend", ExtendPayload)
def extend(payload: ExtendPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_extended``."""
    services.extend_item(get_dialogue(payload.dialogue_id), user, payload.item_id, payload.minutes,
                         client_id=payload.client_id)


@on_write("agenda.next", NextPayload)
def next_(payload: NextPayload, user) -> None:
    """Moderator → everyone: ``agenda.item_ended`` for the current item, ``agenda.item_started`` for the next."""
    services.next_item(get_dialogue(payload.dialogue_id), user, payload.item_id, waiting=payload.waiting,
                       client_id=payload.client_id)
