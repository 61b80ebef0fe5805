"""The per-dialogue event log: append in the writer's transaction, publish after commit, replay.

``append`` queues an event on the transaction; as it commits, its events are numbered with one
``UPDATE … RETURNING`` on the dialogue row, which also locks that row until commit: concurrent
writers to one dialogue get strictly increasing seqs and commit in that order. Every writer of the
dialogue waits for that lock, so it is held as briefly as possible: the events are the transaction's
last statement, and on PostgreSQL the seq, the event rows and the ``COMMIT`` go in one round trip
(the update as a CTE of the inserts). Messages are emitted only once the transaction commits, so
nothing is broadcast that a rollback would undo, and a process emits its events in seq order
(``ordering.py``). An event for everyone is one emit addressed to both
rooms (one message on the queue); a moderators-only event is two: the full event to the moderators'
room, its seq stub to the public room.
"""
import hashlib

from flask import current_app
from psycopg import ClientCursor
from psycopg.types.json import Json
from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from ..clock import iso, utcnow
from ..extensions import db, socketio
from ..roundtable.models import Dialogue
from .models import Event
from .ordering import CommitOrder

ALL = "all"
MODERATORS = "moderators"
REPLAY_PAGE = 500
PENDING = "realtime_pending"
OUTBOX = "realtime_outbox"
ACKS = "realtime_acks"
ACK_FIRST = "realtime_ack_first"
# dialogue id → [dialogue version, participant id, participant version] a write decided with
# (connections.known_dialogue): its events are written only if the rows are still at those versions.
GUARD = "realtime_guard"
_COMMIT_ORDER = CommitOrder()


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
           object_id: int | None = None, actor_user_id: int | None = None) -> None:
    """Add an event to the current transaction: it is numbered and written as the transaction commits
    (``_write_pending``), and broadcast once it has."""
    db.session.info.setdefault(PENDING, []).append(
        {"dialogue_id": dialogue_id, "type": type_, "payload": payload, "audience": audience, "client_id": client_id,
         "object_id": object_id, "actor_user_id": actor_user_id, "created_at": utcnow()})


@sa_event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    """Number the transaction's events and write them, last of all its statements; queue their messages."""
    if session.in_nested_transaction() or not session.info.get(PENDING):
        return
    pending = session.info.pop(PENDING)
    session.flush()  # everything else first: on PostgreSQL the transaction ends with the events
    guard = session.info.pop(GUARD, {})
    if session.get_bind().dialect.name == "postgresql":
        dialogue_ids = {row["dialogue_id"] for row in pending}
        token, entries = _COMMIT_ORDER.sent(dialogue_ids), []
        try:
            entries = _entries(pending, _insert_numbered_and_commit(session, pending, guard))
        finally:
            released = _COMMIT_ORDER.returned(token, dialogue_ids, entries)
            if not entries:  # failed: what waited for this script goes now (no commit will follow)
                _broadcast(released)
        session.info[OUTBOX] = released
    else:  # SQLite has no UPDATE inside WITH, and serialises its writers itself (nor does its commit yield)
        entries = _entries(pending, [_insert_numbered(session, row, guard) for row in pending])
        session.info[OUTBOX] = entries
    session.info[ACKS] = {row["client_id"]: {"id": row["object_id"], "seq": seq}
                          for row, (_dialogue_id, seq, *_messages) in zip(pending, entries)
                          if row["client_id"] is not None}


def _entries(pending: list[dict], seqs: list[int]) -> list[tuple]:
    """``(dialogue_id, seq, message, its stub or None)`` of each event, as ``_broadcast`` sends them."""
    entries = []
    for row, seq in zip(pending, seqs):
        event = Event(**row, seq=seq)  # only to build the messages: the row is inserted already
        entries.append((row["dialogue_id"], seq, message(event),
                        None if row["audience"] == ALL else message(event, for_moderators=False)))
    return entries


class OutOfDate(Exception):
    """What a write decided with has changed since its connection read it (``GUARD``): nothing was written."""


def _insert_numbered(session: Session, row: dict, guard: dict) -> int:
    expected = guard.get(row["dialogue_id"])
    if expected is None:
        seq = session.execute(_NEXT_SEQ, {"bumped_id": row["dialogue_id"]}).scalar()
    else:
        seq = session.execute(_NEXT_SEQ_IF_CURRENT, {"bumped_id": row["dialogue_id"], **_versions(expected)}).scalar()
    if seq is None:
        raise OutOfDate()
    session.execute(insert(Event.__table__), {**row, "seq": seq})
    return seq


def _versions(expected: list[int]) -> dict:
    return dict(zip(("dialogue_version", "participant_id", "participant_version"), expected))


_IF_CURRENT = ("version = %(dialogue_version)s AND EXISTS (SELECT 1 FROM participant "
               "WHERE id = %(participant_id)s AND version = %(participant_version)s)")


_COLUMNS = ("type", "payload", "audience", "client_id", "object_id", "actor_user_id", "created_at")


def _insert_numbered_and_commit(session: Session, pending: list[dict], guard: dict) -> list[int]:
    """Number and insert the events with one statement, and send the ``COMMIT`` with it.

    Taking the seq locks the dialogue's row until commit, and every writer of the dialogue, in every
    process, waits for that lock. Were the ``COMMIT`` a round trip of its own, the lock would be held
    until the writer's process got round to sending it: under load, behind the sends of earlier
    events to the room, several milliseconds in which no other write of the dialogue could proceed
    (docs/performance.md). Sent together, the two run in PostgreSQL without waiting for the writer,
    which reads the seqs afterwards. A statement with parameters cannot carry a second one, so the
    script is rendered with psycopg's own quoting (``ClientCursor.mogrify``) and sent without
    parameters; psycopg then sees the transaction ended, and SQLAlchemy's commit has nothing left to
    send. Each dialogue's events take consecutive seqs: ``bumped`` is the last of them. A dialogue
    deleted meanwhile, or not at the versions of the ``guard``, bumps nothing: its events' seq is
    null, the insert fails, and the ``COMMIT`` is never run."""
    groups: dict[int, list[int]] = {}  # dialogue id → its events' places in ``pending``, in order
    for place, row in enumerate(pending):
        groups.setdefault(row["dialogue_id"], []).append(place)
    ctes, lasts, params, before_last = [], [], {}, [0] * len(pending)
    for k, (dialogue_id, places) in enumerate(groups.items()):
        params[f"d{k}"] = dialogue_id
        condition = ""
        if dialogue_id in guard:
            params.update({f"{name}{k}": value for name, value in _versions(guard[dialogue_id]).items()})
            condition = " AND " + _IF_CURRENT.replace(")s", f"{k})s")
        ctes.append(f"bumped{k} AS (UPDATE dialogue SET event_seq = event_seq + {len(places)} "
                    f"WHERE id = %(d{k})s{condition} RETURNING id, event_seq)")
        rows = []
        for n, place in enumerate(places):
            before_last[place] = len(places) - 1 - n
            params.update({f"e{place}_{c}": pending[place][c] for c in _COLUMNS})
            params[f"e{place}_payload"] = Json(pending[place]["payload"])
            values = ", ".join(f"%(e{place}_{c})s" for c in _COLUMNS)
            rows.append(f"(%(d{k})s, (SELECT event_seq FROM bumped{k}) - {before_last[place]}, {values})")
        # One insert per dialogue, its rows in order: their ids follow their seqs.
        ctes.append(f"events{k} AS (INSERT INTO event (dialogue_id, seq, {', '.join(_COLUMNS)}) "
                    f"VALUES {', '.join(rows)})")
        lasts.append(f"SELECT id, event_seq FROM bumped{k}")
    connection = session.connection()
    script = ClientCursor(connection.connection.driver_connection).mogrify(
        f"WITH {', '.join(ctes)} {' UNION ALL '.join(lasts)}", params) + "; COMMIT"
    last = dict(connection.exec_driver_sql(script.replace("%", "%%")).all())  # no parameters: % stands for itself
    return [last[row["dialogue_id"]] - before for row, before in zip(pending, before_last)]


# Built once, with bound parameters: building it on every append cost more CPU than running it.
_NEXT_SEQ = (update(Dialogue.__table__).where(Dialogue.__table__.c.id == bindparam("bumped_id"))
             .values(event_seq=Dialogue.__table__.c.event_seq + 1).returning(Dialogue.__table__.c.event_seq))
_NEXT_SEQ_IF_CURRENT = _NEXT_SEQ.where(text(_IF_CURRENT.replace("%(", ":").replace(")s", "")))


def written(client_id: str) -> dict | None:
    """``{id, seq}`` of the event the last commit wrote for ``client_id``: plain values, so the
    acknowledgement needs no reload."""
    return db.session.info.pop(ACKS, {}).get(client_id)


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
    ``comments.js`` take them in either order). The events reach this point in seq order
    (``ordering.py``), and tasks start and resume in the order they are started, so under gevent a
    process still broadcasts its events in seq order; a reader who sees a gap asks for it anyway
    (``sync``)."""
    db.session.info[ACK_FIRST] = True


@sa_event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    outbox = session.info.pop(OUTBOX, ())
    if session.info.pop(ACK_FIRST, False) and outbox:
        socketio.start_background_task(_broadcast_after_ack, outbox)
    else:
        _broadcast(outbox)


def _broadcast_after_ack(outbox) -> None:
    socketio.sleep(0)  # the handler's acknowledgement is queued meanwhile, and goes out first
    _broadcast(outbox)


def _broadcast(outbox) -> None:
    for dialogue_id, _seq, full, public in outbox:
        if public is None:
            socketio.emit("event", full, to=[room(dialogue_id, moderators=True), room(dialogue_id)])
        else:
            socketio.emit("event", full, to=room(dialogue_id, moderators=True))
            socketio.emit("event", public, to=room(dialogue_id))


@sa_event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(GUARD, None)
    session.info.pop(OUTBOX, None)
    session.info.pop(ACKS, None)
    session.info.pop(ACK_FIRST, None)
