"""The agenda: building it (organizers and moderators) and running its timer live.

Rules:
- Organizers and moderators edit the agenda until the dialogue is closed; timer actions need a live dialogue.
- A dialogue has at most one current item (running or paused); starting another ends the current one.
- Only items never started can be removed: a started item is part of the record (comments hang off it).
- A done item can be started again (the moderator returns to it); its timer continues from where it ended.
Every change appends an ``agenda.*`` event whose payload carries the item's public fields and timer.
"""
from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..clock import utcnow
from ..errors import Conflict, InvalidInput, InvalidState
from ..extensions import db
from ..facilitation import speakers
from ..locks import hold
from ..rows import reread
from ..realtime import log
from ..roundtable.models import Dialogue, DialogueStatus
from ..roundtable.services import require_moderator
from ..security.limits import limited
from .current import CURRENT, current_item
from .models import AgendaItem, ItemState

LIMITS = {"title": 200, "presenter": 200, "description": 5000}
MAX_PLANNED_MINUTES = 600
MAX_EXTEND_MINUTES = 120
MAX_ITEMS = 100


# --- the timer ------------------------------------------------------------------

@dataclass(frozen=True)
class Timer:
    elapsed: int  # seconds the item has run so far
    allowed: int  # planned plus extensions, in seconds
    running: bool

    @property
    def remaining(self) -> int:
        """Seconds left; negative once the item runs over its time."""
        return self.allowed - self.elapsed


def timer(item: AgendaItem, now: datetime | None = None) -> Timer:
    """The item's timer at ``now`` (naive UTC)."""
    now = now or utcnow()
    elapsed = item.elapsed_seconds
    if item.state == ItemState.RUNNING and item.running_since is not None:
        elapsed += max(0, int((now - item.running_since).total_seconds()))
    return Timer(elapsed=elapsed, allowed=item.planned_minutes * 60 + item.extra_seconds,
                 running=item.state == ItemState.RUNNING)


def clock(seconds: int) -> str:
    """``mm:ss``, with a minus sign once over time (the same format agenda.js shows)."""
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def epoch_ms(value: datetime | None) -> int | None:
    return None if value is None else int(value.replace(tzinfo=timezone.utc).timestamp() * 1000)


def item_data(item: AgendaItem, now: datetime | None = None) -> dict:
    """An item's public fields and timer, as event payloads and pages carry them.

    ``timer.elapsed`` is counted up to ``timer.server_time`` (epoch ms); while running, a client adds
    the time since then, measured on the server's clock (the page tells it the offset).
    """
    now = now or utcnow()
    t = timer(item, now)
    return {
        "id": item.id, "position": item.position, "title": item.title, "description": item.description,
        "presenter": item.presenter, "planned_minutes": item.planned_minutes, "state": item.state.value,
        "started_at": epoch_ms(item.started_at), "ended_at": epoch_ms(item.ended_at),
        "timer": {"elapsed": t.elapsed, "allowed": t.allowed, "running": t.running, "server_time": epoch_ms(now)},
    }


# --- reading --------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaView:
    items: list[AgendaItem]
    now: datetime
    clock = staticmethod(clock)

    @property
    def current(self) -> AgendaItem | None:
        return next((i for i in self.items if i.state in CURRENT), None)

    @property
    def planned_minutes(self) -> int:
        return sum(i.planned_minutes for i in self.items)

    @property
    def actual_seconds(self) -> int:
        return sum(self.timer(i).elapsed for i in self.items)

    def timer(self, item: AgendaItem) -> Timer:
        return timer(item, self.now)

    def data(self, item: AgendaItem) -> dict:
        return item_data(item, self.now)

    @property
    def now_ms(self) -> int:
        return epoch_ms(self.now)


def _ordered(dialogue_id: int):
    return select(AgendaItem).where(AgendaItem.dialogue_id == dialogue_id).order_by(AgendaItem.position,
                                                                                    AgendaItem.id)


def agenda_view(dialogue: Dialogue) -> AgendaView:
    """Every item of the dialogue in order, read in one query, with the time they were read at."""
    return AgendaView(items=list(db.session.scalars(_ordered(dialogue.id))), now=utcnow())


# --- building the agenda --------------------------------------------------------

def _text(data: dict, field: str, *, required: bool = False) -> str:
    value = data.get(field)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_("This field must be text."), field=field)
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > LIMITS[field]:
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=LIMITS[field]), field=field)
    return value


def _minutes(value, field: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("Give a whole number of minutes."), field=field)
    if not 1 <= value <= maximum:
        raise InvalidInput(_("Give between 1 and %(n)d minutes.", n=maximum), field=field)
    return value


def _fields(data: dict) -> dict:
    return {
        "title": _text(data, "title", required=True),
        "description": _text(data, "description"),
        "presenter": _text(data, "presenter"),
        "planned_minutes": _minutes(data.get("planned_minutes"), "planned_minutes", MAX_PLANNED_MINUTES),
    }


def _require_editor(dialogue: Dialogue, user: User | None) -> None:
    require_moderator(dialogue, user)
    if dialogue.status == DialogueStatus.CLOSED:
        raise InvalidState(_("This dialogue is closed; its agenda is part of the record."))


def _lock(dialogue: Dialogue) -> None:
    """Serialize agenda writes of one dialogue (see locks.py)."""
    hold(Dialogue, dialogue.id)


def _append(item: AgendaItem, type_: str, payload: dict, user: User, client_id: str | None = None):
    log.append(item.dialogue_id, type_, payload, client_id=client_id, object_id=item.id, actor_user_id=user.id)


def add_item(dialogue: Dialogue, user: User, data: dict, *, client_id: str | None = None) -> AgendaItem:
    """Append an item at the end of the agenda. Raises NotPermitted, InvalidState, InvalidInput."""
    _require_editor(dialogue, user)
    fields = _fields(data)
    _lock(dialogue)
    count, last = db.session.execute(
        select(func.count(AgendaItem.id), func.max(AgendaItem.position)).where(AgendaItem.dialogue_id == dialogue.id)
    ).one()
    if count >= MAX_ITEMS:
        raise InvalidState(_("An agenda has at most %(n)d items.", n=MAX_ITEMS))
    item = AgendaItem(dialogue_id=dialogue.id, position=(last + 1) if last is not None else 0, **fields)
    db.session.add(item)
    db.session.flush()
    _append(item, "agenda.item_added", {"item": item_data(item)}, user, client_id)
    return item


def update_item(dialogue: Dialogue, user: User, item: AgendaItem, data: dict, *,
                client_id: str | None = None) -> AgendaItem:
    """Change an item's title, description, presenter or planned duration (in any state)."""
    _require_editor(dialogue, user)
    for name, value in _fields(data).items():
        setattr(item, name, value)
    db.session.flush()
    _append(item, "agenda.item_updated", {"item": item_data(item)}, user, client_id)
    return item


def move_item(dialogue: Dialogue, user: User, item: AgendaItem, *, direction: str | None = None,
              to: int | None = None, client_id: str | None = None) -> AgendaItem:
    """Move an item one place ``up``/``down``, or ``to`` a place counted from 1 as people number the list.

    Moving past either end stays put (and broadcasts nothing). Raises InvalidInput for anything else.
    """
    _require_editor(dialogue, user)
    _lock(dialogue)
    items = list(db.session.scalars(_ordered(dialogue.id)))
    index = items.index(item)
    if direction in ("up", "down") and to is None:
        target = max(0, min(len(items) - 1, index + (-1 if direction == "up" else 1)))
    elif direction is None and isinstance(to, int) and not isinstance(to, bool) and 1 <= to <= len(items):
        target = to - 1
    else:
        raise InvalidInput(_("Move an item up, down, or to a place between 1 and %(n)d.", n=len(items)),
                           field="to")
    items.insert(target, items.pop(index))
    changed = [i for position, i in enumerate(items) if i.position != position]
    for position, i in enumerate(items):
        i.position = position
    db.session.flush()
    if changed:
        _append(item, "agenda.reordered", {"order": [i.id for i in items]}, user, client_id)
    return item


def remove_item(dialogue: Dialogue, user: User, item: AgendaItem, *, client_id: str | None = None) -> None:
    """Remove an item that was never started. Raises InvalidState for a started one."""
    _require_editor(dialogue, user)
    _lock(dialogue)
    item = reread(item)
    if item.state != ItemState.PENDING or item.started_at is not None:
        raise InvalidState(_("This item has started: it stays on the agenda as part of the record."))
    _append(item, "agenda.item_removed", {"item_id": item.id}, user, client_id)
    db.session.delete(item)
    db.session.flush()
    for position, rest in enumerate(db.session.scalars(_ordered(dialogue.id))):
        rest.position = position


# --- running the agenda live ----------------------------------------------------

def _require_live(dialogue: Dialogue, user: User | None) -> None:
    require_moderator(dialogue, user)
    if dialogue.status != DialogueStatus.LIVE:
        raise InvalidState(_("The timer only runs while the dialogue is live."))
    _lock(dialogue)


def _fold(item: AgendaItem, now: datetime) -> None:
    """Add the current run to the elapsed seconds and stop counting."""
    item.elapsed_seconds = timer(item, now).elapsed
    item.running_since = None


def _end(item: AgendaItem, user: User, now: datetime, client_id: str | None = None) -> None:
    _fold(item, now)
    item.state = ItemState.DONE
    item.ended_at = now
    db.session.flush()
    _append(item, "agenda.item_ended", {"item": item_data(item, now)}, user, client_id)


def _start(dialogue: Dialogue, item: AgendaItem, user: User, client_id: str | None) -> AgendaItem:
    now = utcnow()
    current = current_item(dialogue)
    if current is not None and current.id != item.id:
        _end(current, user, now)
    item.state = ItemState.RUNNING
    item.running_since = now
    item.started_at = item.started_at or now
    item.ended_at = None
    db.session.flush()
    _append(item, "agenda.item_started", {"item": item_data(item, now)}, user, client_id)
    return item


def _in_state(item: AgendaItem, *states: ItemState) -> AgendaItem:
    if item.state not in states:
        raise InvalidState(_("This item is “%(state)s”: that is not possible now.", state=item.state.label))
    return item


@limited()
def start_item(dialogue: Dialogue, user: User, item: AgendaItem, *, client_id: str | None = None) -> AgendaItem:
    """Make an item the current one and start its timer, ending the item that was current."""
    _require_live(dialogue, user)
    item = reread(item)
    if item.state in CURRENT:  # another moderator (or a second click) started it meanwhile
        raise Conflict(_("This item is the current one already."))
    item = _in_state(item, ItemState.PENDING, ItemState.DONE)
    return _start(dialogue, item, user, client_id)


@limited()
def pause_item(dialogue: Dialogue, user: User, item: AgendaItem, *, client_id: str | None = None) -> AgendaItem:
    _require_live(dialogue, user)
    item = _in_state(reread(item), ItemState.RUNNING)
    now = utcnow()
    _fold(item, now)
    item.state = ItemState.PAUSED
    db.session.flush()
    _append(item, "agenda.item_paused", {"item": item_data(item, now)}, user, client_id)
    return item


@limited()
def resume_item(dialogue: Dialogue, user: User, item: AgendaItem, *, client_id: str | None = None) -> AgendaItem:
    _require_live(dialogue, user)
    item = _in_state(reread(item), ItemState.PAUSED)
    now = utcnow()
    item.state = ItemState.RUNNING
    item.running_since = now
    db.session.flush()
    _append(item, "agenda.item_resumed", {"item": item_data(item, now)}, user, client_id)
    return item


@limited()
def extend_item(dialogue: Dialogue, user: User, item: AgendaItem, minutes, *,
                client_id: str | None = None) -> AgendaItem:
    """Give the current item more time. Raises InvalidInput for 0, negative or more than two hours."""
    _require_live(dialogue, user)
    minutes = _minutes(minutes, "minutes", MAX_EXTEND_MINUTES)
    item = _in_state(reread(item), *CURRENT)
    item.extra_seconds += minutes * 60
    db.session.flush()
    _append(item, "agenda.item_extended", {"item": item_data(item), "minutes": minutes}, user, client_id)
    return item


@limited()
def end_item(dialogue: Dialogue, user: User, item: AgendaItem, *, client_id: str | None = None) -> AgendaItem:
    _require_live(dialogue, user)
    item = _in_state(reread(item), *CURRENT)
    _end(item, user, utcnow(), client_id)
    return item


@limited()
def next_item(dialogue: Dialogue, user: User, item_id: int | None = None, *, waiting: str | None = None,
              client_id: str | None = None) -> AgendaItem | None:
    """End the current item and start the first pending item after it (or the first pending one).

    ``item_id`` is the item the moderator saw as current (None: none was); if another moderator
    moved on meanwhile, this raises Conflict instead of skipping an item. ``waiting`` ("carry" or
    "clear") says what becomes of people still on the list of speakers (see speakers.hand_over).
    Returns the started item, or None when the agenda is finished.
    """
    _require_live(dialogue, user)
    current = current_item(dialogue)
    if (current.id if current else None) != item_id:
        raise Conflict(_("The current item changed meanwhile. Look at the agenda again."))
    items = list(db.session.scalars(_ordered(dialogue.id)))
    after = items[items.index(current) + 1:] if current else items
    following = next((i for i in after if i.state == ItemState.PENDING), None)
    speakers.hand_over(dialogue, user, current, following, waiting)
    if following is not None:
        return _start(dialogue, following, user, client_id)
    if current is None:
        raise InvalidState(_("No item is left to start."))
    _end(current, user, utcnow(), client_id)
    return None
