"""Services for the list of speakers: every rule and permission check, one event per change.

Order: ``position`` is the single truth for the waiting entries. A point of order goes in after
the other points of order; with "first-time speakers first" a person who has not spoken yet in
this dialogue goes in ahead of those who have. The moderator may still move anyone anywhere.
"""
from flask_babel import gettext as _, ngettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..clock import utcnow
from ..agenda.current import current_item
from ..agenda.models import AgendaItem, ItemState
from ..errors import Conflict, InvalidInput, InvalidState
from ..extensions import db
from ..locks import hold
from ..realtime import log
from ..rows import reread
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, Gender, Participant
from ..security.limits import limited
from .models import RequestKind, RequestState, SpeakerRequest, SpeakerSettings

OPEN_STATES = (RequestState.WAITING, RequestState.SPEAKING)
MAX_SECONDS = 3600
NAME_LIMIT = 120


# --- reading ------------------------------------------------------------------------------------

def settings(dialogue: Dialogue) -> SpeakerSettings:
    return db.session.get(SpeakerSettings, dialogue.id) or SpeakerSettings(
        dialogue_id=dialogue.id, default_seconds=0, first_timers_first=False)


def queue(item: AgendaItem | None) -> list[SpeakerRequest]:
    """The speaking entry first, then the waiting ones in order; names and groups loaded with them."""
    if item is None:
        return []
    return list(db.session.scalars(
        select(SpeakerRequest).where(SpeakerRequest.item_id == item.id, SpeakerRequest.state.in_(OPEN_STATES))
        .options(selectinload(SpeakerRequest.participant).selectinload(Participant.group))
        .order_by(case((SpeakerRequest.state == RequestState.SPEAKING, 0), else_=1), SpeakerRequest.position,
                  SpeakerRequest.id)))


def speakers_so_far(dialogue: Dialogue) -> set[int]:
    """Ids of the participants who have had the floor in this dialogue."""
    return set(db.session.scalars(select(SpeakerRequest.participant_id).distinct().where(
        SpeakerRequest.dialogue_id == dialogue.id, SpeakerRequest.started_at.is_not(None))))


def balance(dialogue: Dialogue, user: User) -> dict:
    """Turns taken per stakeholder group and per gender, aggregate only. Moderators only."""
    roundtable.require_moderator(dialogue, user)
    turns = (SpeakerRequest.dialogue_id == dialogue.id, SpeakerRequest.started_at.is_not(None))

    def grouped(column):
        return dict(db.session.execute(
            select(column, func.count()).select_from(SpeakerRequest)
            .join(Participant, Participant.id == SpeakerRequest.participant_id)
            .where(*turns).group_by(column)).all())

    by_group, by_gender = grouped(Participant.group_id), grouped(Participant.gender)
    return {
        "total": sum(by_group.values()),
        "by_group": [(g.name, by_group.get(g.id, 0)) for g in dialogue.groups] +
                    ([(_("No group"), by_group[None])] if by_group.get(None) else []),
        "by_gender": [(g.label, by_gender.get(g, 0)) for g in Gender] + [(_("Not given"), by_gender.get(None, 0))],
    }


# --- helpers ------------------------------------------------------------------------------------

def _item(dialogue: Dialogue, item: AgendaItem | None) -> AgendaItem:
    """The item named (loaded by the door), or the current one when none is named."""
    if item is None:
        item = current_item(dialogue)
        if item is None:
            raise InvalidState(_("No agenda item is under discussion right now."))
        return item
    if item.state == ItemState.DONE:
        raise InvalidState(_("This agenda item is finished."))
    return item


def _kind(value: str) -> RequestKind:
    try:
        return RequestKind(value)
    except ValueError:
        raise InvalidInput(_("Unknown kind of request."), field="kind")


def _seconds(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_SECONDS:
        raise InvalidInput(_("Give a speaking time between 0 and %(n)d seconds.", n=MAX_SECONDS), field="seconds")
    return value


def _live(dialogue: Dialogue) -> None:
    if dialogue.status.value == "closed":
        raise InvalidState(_("This dialogue is closed."))
    _lock(dialogue)


def _lock(dialogue: Dialogue) -> None:
    """One change to a dialogue's lists of speakers at a time (see locks.py), taken before the list is read."""
    hold(Dialogue, dialogue.id)


def _waiting(item_id: int) -> list[SpeakerRequest]:
    return list(db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.item_id == item_id, SpeakerRequest.state == RequestState.WAITING)
        .order_by(SpeakerRequest.position, SpeakerRequest.id)))


def _renumber(entries: list[SpeakerRequest]) -> None:
    for position, entry in enumerate(entries, start=1):
        entry.position = position


def _insert(dialogue: Dialogue, entry: SpeakerRequest) -> None:
    """Put a new entry where the rules say (see the module docstring) and renumber the queue."""
    waiting = [e for e in _waiting(entry.item_id) if e is not entry]
    index = len(waiting)
    have_spoken = speakers_so_far(dialogue) if settings(dialogue).first_timers_first else None
    if entry.kind == RequestKind.POINT_OF_ORDER:
        index = sum(1 for e in waiting if e.kind == RequestKind.POINT_OF_ORDER)
    elif have_spoken is not None and entry.participant_id not in have_spoken:
        index = next((i for i, e in enumerate(waiting)
                      if e.kind == RequestKind.NORMAL and e.participant_id in have_spoken), len(waiting))
    waiting.insert(index, entry)
    _renumber(waiting)


def _new_entry(dialogue: Dialogue, item: AgendaItem, person: Participant, kind: str) -> SpeakerRequest:
    entry = SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant=person, kind=_kind(kind),
                           state=RequestState.WAITING, requested_at=utcnow())
    db.session.add(entry)
    return entry


def _changed(dialogue: Dialogue, user: User, type_: str, entry: SpeakerRequest | None, item_id: int,
             client_id: str | None) -> None:
    """Tell every page of the dialogue; pages re-read the queue. The name only with consent, never gender."""
    db.session.flush()
    payload = {"item_id": item_id}
    if entry is not None:
        payload |= {"request_id": entry.id, "state": entry.state.value, "kind": entry.kind.value,
                    "name": entry.participant.name if entry.participant.consent_listed else None}
    log.append(dialogue.id, type_, payload, client_id=client_id, object_id=entry.id if entry else None,
               actor_user_id=user.id)


# --- participants -------------------------------------------------------------------------------

@limited()
def raise_hand(dialogue: Dialogue, user: User, *, kind: str = "normal", item: AgendaItem | None = None,
               client_id: str | None = None) -> SpeakerRequest:
    """Ask for the floor on the current item. Raises NotPermitted, InvalidState (no item, already asked)."""
    participant = roundtable.require_contributor(dialogue, user)
    _live(dialogue)
    item = _item(dialogue, item)
    already = db.session.scalar(select(SpeakerRequest.id).where(
        SpeakerRequest.item_id == item.id, SpeakerRequest.participant_id == participant.id,
        SpeakerRequest.state.in_(OPEN_STATES)))
    if already is not None:
        raise InvalidState(_("You are already on the list of speakers."))
    entry = _new_entry(dialogue, item, participant, kind)
    _insert(dialogue, entry)
    _changed(dialogue, user, "speakers.raised", entry, item.id, client_id)
    return entry


@limited()
def withdraw(dialogue: Dialogue, user: User, entry: SpeakerRequest, *,
             client_id: str | None = None) -> SpeakerRequest:
    """Lower one's own hand (a moderator may take anyone off the list)."""
    _lock(dialogue)
    entry = reread(entry)
    me = roundtable.membership(dialogue, user)
    if me is None or me.id != entry.participant_id:
        roundtable.require_moderator(dialogue, user)
    if entry.state != RequestState.WAITING:
        raise InvalidState(_("Only a waiting request can be withdrawn."))
    entry.state, entry.ended_at = RequestState.WITHDRAWN, utcnow()
    _renumber(_waiting(entry.item_id))
    _changed(dialogue, user, "speakers.withdrawn", entry, entry.item_id, client_id)
    return entry


# --- moderators ---------------------------------------------------------------------------------

def _walk_in(dialogue: Dialogue, user: User, name: str) -> Participant:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Choose a participant or type the name of the person."), field="participant_id")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=NAME_LIMIT), field="name")
    return roundtable.admit_walk_in(dialogue, user, name)


@limited()
def add_speaker(dialogue: Dialogue, user: User, *, person: Participant | None = None, name: str = "",
                kind: str = "normal", item: AgendaItem | None = None, client_id: str | None = None) -> SpeakerRequest:
    """Put someone on the list: a registered participant, or a person in the room known only by name."""
    roundtable.require_moderator(dialogue, user)
    _live(dialogue)
    item = _item(dialogue, item)
    if person is not None:
        if not person.can_contribute:
            raise InvalidState(_("This person cannot take the floor in this dialogue."))
        if db.session.scalar(select(SpeakerRequest.id).where(
                SpeakerRequest.item_id == item.id, SpeakerRequest.participant_id == person.id,
                SpeakerRequest.state.in_(OPEN_STATES))) is not None:
            raise InvalidState(_("%(name)s is already on the list of speakers.", name=person.name))
    else:
        person = _walk_in(dialogue, user, name)
    entry = _new_entry(dialogue, item, person, kind)
    _insert(dialogue, entry)
    _changed(dialogue, user, "speakers.added", entry, item.id, client_id)
    return entry


@limited()
def move(dialogue: Dialogue, user: User, entry: SpeakerRequest, to_index: int, *,
         client_id: str | None = None) -> SpeakerRequest:
    """Move a waiting entry to ``to_index`` (0 = next to speak) among the waiting ones."""
    roundtable.require_moderator(dialogue, user)
    _lock(dialogue)
    entry = reread(entry)
    if entry.state != RequestState.WAITING:
        raise InvalidState(_("Only a waiting request can be moved."))
    waiting = [e for e in _waiting(entry.item_id) if e.id != entry.id]
    waiting.insert(max(0, min(to_index, len(waiting))), entry)
    _renumber(waiting)
    _changed(dialogue, user, "speakers.moved", entry, entry.item_id, client_id)
    return entry


def _end(entry: SpeakerRequest) -> None:
    entry.state, entry.ended_at = RequestState.DONE, utcnow()


@limited()
def give_floor(dialogue: Dialogue, user: User, entry: SpeakerRequest | None = None, *,
               seconds: int | None = None, item: AgendaItem | None = None,
               client_id: str | None = None) -> SpeakerRequest:
    """Give the floor to an entry (default: the next waiting one); whoever was speaking is done."""
    roundtable.require_moderator(dialogue, user)
    _live(dialogue)
    if entry is None:
        waiting = _waiting(_item(dialogue, item).id)
        if not waiting:
            raise InvalidState(_("Nobody is waiting to speak."))
        entry = waiting[0]
    else:
        entry = reread(entry)  # as it is under the lock: another moderator may have given it meanwhile
    if entry.state == RequestState.SPEAKING:  # another moderator (or a second click) gave it meanwhile
        raise Conflict(_("This person has the floor already."))
    if entry.state != RequestState.WAITING:
        raise InvalidState(_("This person is not waiting to speak."))
    for speaking in db.session.scalars(select(SpeakerRequest).where(
            SpeakerRequest.item_id == entry.item_id, SpeakerRequest.state == RequestState.SPEAKING)):
        _end(speaking)
    allotted = _seconds(seconds) if seconds is not None else settings(dialogue).default_seconds
    entry.state, entry.started_at, entry.allotted_seconds = RequestState.SPEAKING, utcnow(), allotted or None
    _renumber(_waiting(entry.item_id))
    _changed(dialogue, user, "speakers.floor", entry, entry.item_id, client_id)
    return entry


@limited()
def end_turn(dialogue: Dialogue, user: User, entry: SpeakerRequest | None = None, *,
             item: AgendaItem | None = None, client_id: str | None = None) -> SpeakerRequest:
    """End the current speaker's turn (or that of ``entry``)."""
    roundtable.require_moderator(dialogue, user)
    _lock(dialogue)
    if entry is not None:
        entry = reread(entry)
    else:
        entry = db.session.scalar(select(SpeakerRequest).where(
            SpeakerRequest.item_id == _item(dialogue, item).id, SpeakerRequest.state == RequestState.SPEAKING))
    if entry is None or entry.state != RequestState.SPEAKING:
        raise InvalidState(_("Nobody has the floor."))
    _end(entry)
    _changed(dialogue, user, "speakers.ended", entry, entry.item_id, client_id)
    return entry


WAITING_CHOICES = ("carry", "clear")


def hand_over(dialogue: Dialogue, user: User, ending: AgendaItem | None, starting: AgendaItem | None,
              choice: str | None) -> None:
    """What becomes of the people still waiting when ``ending`` gives way to ``starting``: "carry"
    moves them, in their order, to the end of the next item's list; "clear" withdraws them. Without
    a choice the move is refused (InvalidInput on ``waiting``), so nobody is dropped silently."""
    waiting = _waiting(ending.id) if ending is not None else []
    if not waiting:
        return
    if choice not in WAITING_CHOICES:
        raise InvalidInput(ngettext(
            "%(num)d person is waiting to speak. Choose whether to carry the list over to the next item "
            "or clear it, then move on again.",
            "%(num)d people are waiting to speak. Choose whether to carry the list over to the next item "
            "or clear it, then move on again.", len(waiting)), field="waiting")
    if choice == "carry" and starting is None:
        raise InvalidInput(_("No item follows this one: the list of speakers can only be cleared."), field="waiting")
    if choice == "carry":
        already = _waiting(starting.id)
        for entry in waiting:
            entry.item_id = starting.id
        _renumber(already + waiting)
    else:
        for entry in waiting:
            entry.state, entry.ended_at = RequestState.WITHDRAWN, utcnow()
    db.session.flush()
    log.append(dialogue.id, f"speakers.{'carried' if choice == 'carry' else 'cleared'}",
               {"item_id": ending.id, "to_item_id": starting.id if choice == "carry" else None,
                "count": len(waiting)}, object_id=ending.id, actor_user_id=user.id)


@limited()
def update_settings(dialogue: Dialogue, user: User, *, default_seconds: int, first_timers_first: bool,
                    client_id: str | None = None) -> SpeakerSettings:
    """Set the default speaking time and the first-time-speakers-first rule (applied to the queue now)."""
    roundtable.require_moderator(dialogue, user)
    row = db.session.get(SpeakerSettings, dialogue.id)
    if row is None:
        row = SpeakerSettings(dialogue_id=dialogue.id)
        db.session.add(row)
    row.default_seconds = _seconds(default_seconds) or 0
    switched_on = first_timers_first and not row.first_timers_first
    row.first_timers_first = bool(first_timers_first)
    item = current_item(dialogue)
    if switched_on and item is not None:
        have_spoken = speakers_so_far(dialogue)
        waiting = _waiting(item.id)
        _renumber(sorted(waiting, key=lambda e: (e.kind != RequestKind.POINT_OF_ORDER,
                                                 e.participant_id in have_spoken)))  # stable: keeps order within
    db.session.flush()
    log.append(dialogue.id, "speakers.settings",
               {"default_seconds": row.default_seconds, "first_timers_first": row.first_timers_first,
                "item_id": item.id if item else None},
               client_id=client_id, object_id=dialogue.id, actor_user_id=user.id)
    return row
