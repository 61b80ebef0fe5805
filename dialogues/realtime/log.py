"""The per-dialogue event log: append in the writer's transaction, publish after commit, replay.

``append`` takes the next ``seq`` with one ``UPDATE … RETURNING`` on the dialogue row, which also
locks that row until commit: concurrent writers to one dialogue get strictly increasing seqs and
commit in that order. Every writer of the dialogue waits for that lock, so it is held as briefly as
possible: on PostgreSQL the seq and the event row are one statement (the update as a CTE of the
insert), and once it has run the writer does not yield to other greenlets until the commit. Messages are
queued on the session and emitted only once it commits, so nothing is broadcast that a rollback
would undo. An event for everyone is one emit addressed to both rooms (one message on the queue); a
moderators-only event is two: the full event to the moderators' room, its seq stub to the public room.
"""
import hashlib

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from .. import dbwait
from ..clock import iso, utcnow
from ..extensions import db, socketio
from ..roundtable.models import Dialogue
from .models import Event

ALL = "all"
MODERATORS = "moderators"
REPLAY_PAGE = 500
OUTBOX = "realtime_outbox"
ACKS = "realtime_acks"
ACK_FIRST = "realtime_ack_first"


def room(dialogue_id: int, moderators: bool = False) -> str:
    """Each connection joins exactly one of the two rooms of a dialogue."""
    return f"dialogue:{dialogue_id}:{'moderators' if moderators else 'public'}"


USER_ROOM_PREFIX = "user:"


def user_room(user_id: int) -> str:
    """Every signed-in connection of one person (closing it disconnects them: see connections.py)."""
    return f"{USER_ROOM_PREFIX}{user_id}"


def is_user_room(room) -> bool:
    return isinstance(room, str) and room.startswith(USER_ROOM_PREFIX)


def message(event: Event, *, for_moderators: bool = True) -> dict:
    """What a client receives; a stub keeps the seq for those who may not read the event."""
    if event.audience != ALL and not for_moderators:
        return {"seq": event.seq, "type": "skip"}
    return {"seq": event.seq, "type": event.type, "data": event.payload,
            "at": iso(event.created_at)}


def append(dialogue_id: int, type_: str, payload: dict, *, audience: str = ALL, client_id: str | None = None,
           object_id: int | None = None, actor_user_id: int | None = None) -> int:
    """Add an event to the current transaction and return its seq; it is broadcast after commit."""
    row = {"dialogue_id": dialogue_id, "type": type_, "payload": payload, "audience": audience,
           "client_id": client_id, "object_id": object_id, "actor_user_id": actor_user_id, "created_at": utcnow()}
    seq = _insert_with_next_seq(dialogue_id, row)
    event = Event(**row, seq=seq)  # only to build the messages: the row is inserted already
    full = message(event)
    public = None if audience == ALL else message(event, for_moderators=False)
    db.session.info.setdefault(OUTBOX, []).append((dialogue_id, full, public))
    if client_id is not None:
        db.session.info.setdefault(ACKS, {})[client_id] = {"id": object_id, "seq": seq}
    return seq


def _insert_with_next_seq(dialogue_id: int, row: dict) -> int:
    if db.session.get_bind().dialect.name == "postgresql":
        params = {**{f"event_{name}": value for name, value in row.items()}, "bumped_id": dialogue_id}
        seq = db.session.execute(_SEQ_AND_EVENT, params).scalar_one()  # may wait for the row lock: yields
        # Every writer of the dialogue, in every process, now waits for this one's commit: none of its
        # round trips until then waits for other greenlets. Never before it holds the lock: another
        # greenlet of this process may hold it and be waiting for its turn (a list of speakers or the
        # agenda take it first with ``locks.hold``, then make more round trips), and a wait that did
        # not yield never let it run: the whole process froze until gunicorn killed it (the soak,
        # docs/performance.md). The dialogue's row is the last lock a writer takes (``hold`` comes
        # before the append), so nothing it waits for afterwards is held by a greenlet of its process.
        dbwait.without_yielding_until_transaction_ends(db.session)
        return seq
    seq = db.session.execute(_NEXT_SEQ, {"bumped_id": dialogue_id}).scalar_one()  # SQLite has no UPDATE inside WITH
    db.session.execute(insert(Event.__table__), {**row, "seq": seq})
    return seq


# Built once, with bound parameters: building them on every append cost more CPU than running them.
# Every parameter is named explicitly (``event_…``): an execution's parameter named like a column of
# the dialogue (``created_at``) would otherwise be added to the update's SET clause.
_NEXT_SEQ = (update(Dialogue.__table__).where(Dialogue.__table__.c.id == bindparam("bumped_id"))
             .values(event_seq=Dialogue.__table__.c.event_seq + 1).returning(Dialogue.__table__.c.event_seq))
_BUMPED = _NEXT_SEQ.cte("bumped")
_SEQ_AND_EVENT = (insert(Event.__table__).add_cte(_BUMPED)
                  .values(seq=select(_BUMPED.c.event_seq).scalar_subquery(),
                          **{c.name: bindparam(f"event_{c.name}", type_=c.type)
                             for c in Event.__table__.c if c.name not in ("id", "seq")})
                  .returning(Event.__table__.c.seq))


def written(client_id: str) -> dict | None:
    """``{id, seq}`` of the event this transaction appended for ``client_id``: plain values, so the
    acknowledgement needs no reload after commit."""
    return db.session.info.get(ACKS, {}).get(client_id)


def client_key(user_id: int, client_id: str) -> str:
    """What the log stores for a person's ``client_id``: the id scoped to its author (the same id from
    someone else is their own write, never answered with this one), keyed with the secret so that the
    stored value ties no anonymous comment to its author. 64 hex digits."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hashlib.blake2b(f"{user_id}:{client_id}".encode(), key=secret[:64], digest_size=32).hexdigest()


def find_by_client_id(dialogue_id: int, client_id: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.dialogue_id == dialogue_id, Event.client_id == client_id))


def events_after(dialogue_id: int, after_seq: int, *, moderator: bool, limit: int = REPLAY_PAGE) -> list[dict]:
    """Every event with a seq above ``after_seq``, in order, as this reader may see it."""
    rows = db.session.scalars(
        select(Event).where(Event.dialogue_id == dialogue_id, Event.seq > after_seq).order_by(Event.seq).limit(limit))
    return [message(e, for_moderators=moderator) for e in rows]


def last_seq(dialogue_id: int) -> int:
    return db.session.scalar(select(Dialogue.event_seq).where(Dialogue.id == dialogue_id)) or 0


def acknowledge_first() -> None:
    """Broadcast this transaction's events only once its writer has been answered (the socket door).

    Sent from the writer's own handler, the broadcast queued a packet for everyone in the room before
    the acknowledgement, and the handler's next round trip (the queue's ``PUBLISH``) let every
    connection send it first: the writer's "saved" waited for the whole room, 5 ms at 100 people and
    more in a bigger room (docs/performance.md). Here the committed events go to a task of their own,
    started at the commit, which lets the handler queue its acknowledgement before it broadcasts: the
    writer hears "saved" first, then receives the event like everyone else (``live.js`` and
    ``comments.js`` take them in either order). Tasks start and resume in commit order, so under
    gevent a process still broadcasts its events in seq order; a reader who sees a gap asks for it
    anyway (``sync``)."""
    db.session.info[ACK_FIRST] = True


@sa_event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    session.info.pop(ACKS, None)
    outbox = session.info.pop(OUTBOX, ())
    if session.info.pop(ACK_FIRST, False) and outbox:
        socketio.start_background_task(_broadcast_after_ack, outbox)
    else:
        _broadcast(outbox)


def _broadcast_after_ack(outbox) -> None:
    socketio.sleep(0)  # the handler's acknowledgement is queued meanwhile, and goes out first
    _broadcast(outbox)


def _broadcast(outbox) -> None:
    for dialogue_id, full, public in outbox:
        if public is None:
            socketio.emit("event", full, to=[room(dialogue_id, moderators=True), room(dialogue_id)])
        else:
            socketio.emit("event", full, to=room(dialogue_id, moderators=True))
            socketio.emit("event", public, to=room(dialogue_id))


@sa_event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(OUTBOX, None)
    session.info.pop(ACKS, None)
    session.info.pop(ACK_FIRST, None)
