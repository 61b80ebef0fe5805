"""Reaching one person's live connections: telling them their registration changed, and ending
them at once on sign-out, a decline, a loss of rights, deletion, a revoked pass, or any other
change to their account.

A connection knows its person: the account it was opened as is loaded once, on connecting, and
kept with the connection (``person``), so an event costs no query for "who is asking". What could
make that knowledge wrong is a change to what it decides with (the session token, administrator
rights, the pass's dialogue) or the account's deletion, and every such change closes the person's
connections after commit (``accounts.services``); a new connection knows who they are now.

A connection also knows, for its writes, the dialogues it wrote to and its person's place in them
(registration, role): ``known_dialogue``, remembered the first time a write loads them, with the
rows its writes name of which they use only what never changes (``kept``: a comment's item). A write
decides with that copy instead of loading it again, and the copy is checked as the write commits:
the statement that numbers its events (``log._write_pending``), which locks the dialogue's row
anyway, runs only if the dialogue's and the participation's ``version`` are still the ones the
copy was read at. Every change to either row bumps its version (``_bump_versions``), whatever
made it; a write that finds its copy out of date, or that the copy would refuse, is rolled back
and made again with both read afresh (``sockets.on_write``), and the connection remembers those.
So a rights change takes effect on the person's next write, as before, at the price of one
write made twice after each change. Reads and the HTTP door always load afresh.

A Socket.IO connection keeps the session it was opened with, so it would go on receiving (and
sending) as that person. Every signed-in connection is in ``log.user_room(user_id)``; closing that
room disconnects each connection in it. Rooms are per server process, so the close travels over
the message queue like any broadcast: the client managers below make every process disconnect its
own members of a closing user room (python-socketio publishes ``close_room`` to all hosts).
"""
from typing import Callable, NamedTuple

import socketio as python_socketio
from flask import g, request, session
from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from ..extensions import db, socketio
from ..roundtable.models import Dialogue, Participant
from . import log

NAMESPACE = "/"
PENDING = "realtime_close_users"
TELL = "realtime_tell_users"
PERSON = "dialogues.person"  # in the connection's WSGI environ: (the session's user id, a detached copy)
KNOWN = "dialogues.known"  # in the connection's WSGI environ: dialogue id → Known
RELIED = "dialogues_relied_on_knowledge"  # in ``g``: this event's write decided with a Known
VERSIONED = (Dialogue, Participant)


class Known(NamedTuple):
    """What a connection knows of one dialogue for its writes: detached copies, and the ``kept`` rows
    by ``(model, id)``."""
    user_id: int
    dialogue: Dialogue
    participant: Participant
    rows: dict


class _ClosingUserRooms:
    """Closing a user room disconnects its members (namespace and transport: no rejoin with the old session)."""

    def basic_close_room(self, room, namespace):
        if log.is_user_room(room):
            for sid, eio_sid in list(self.get_participants(namespace, room)):
                # No event may run as the person known before the change (one in flight finishes as it began).
                self.server.environ.get(eio_sid, {}).pop(PERSON, None)
                self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
                # Closing the transport waits for its queue to drain: not in the caller's request.
                self.server.start_background_task(self.server.eio.disconnect, eio_sid)
        super().basic_close_room(room, namespace)


class LocalManager(_ClosingUserRooms, python_socketio.Manager):
    """One process, no message queue."""


class RedisManager(_ClosingUserRooms, python_socketio.RedisManager):
    """Several processes sharing a Redis message queue."""


class KombuManager(_ClosingUserRooms, python_socketio.KombuManager):
    """Several processes sharing another queue (RabbitMQ…), as Flask-SocketIO would pick."""


def client_manager(config) -> python_socketio.Manager:
    """The manager for ``SOCKETIO_MESSAGE_QUEUE`` (none: this process only)."""
    url = config.get("SOCKETIO_MESSAGE_QUEUE")
    if not url:
        return LocalManager()
    channel = config.get("SOCKETIO_CHANNEL", "flask-socketio")
    manager = RedisManager if url.startswith(("redis://", "rediss://")) else KombuManager
    return manager(url, channel=channel)


def person(user_id: str, load: Callable[[], object]):
    """The signed-in person of this request: for a Socket.IO event, the one its connection was
    opened as, without a query (``load()`` once per connection); for HTTP, ``load()``.

    ``user_id`` is what the session holds (``User.get_id()``, id and session token); each event
    gets its own copy of the person in its own database session, so no event sees another's changes.
    """
    sid = getattr(request, "sid", None)  # set by Flask-SocketIO for an event of a connection
    if sid is None:
        return load()
    known = request.environ.get(PERSON)
    if known is not None and known[0] == user_id:
        return db.session.merge(known[1], load=False)
    user = load()
    if user is not None:
        request.environ[PERSON] = (user_id, _detached_copy(user))
    return user


def known_person() -> None:
    """For an event of a connection that knows its person: make them this event's signed-in user
    directly, without Flask-Login's per-request work (reading the session, hashing the client's
    address and agent for its session protection: all fixed for a connection, and done once when
    it connected). The socket door calls it before each handler."""
    known = request.environ.get(PERSON)
    if known is not None and "_login_user" not in g and session.get("_user_id") == known[0]:
        g._login_user = db.session.merge(known[1], load=False)


def known_dialogue(dialogue_id: int, user) -> tuple[Dialogue, Participant] | None:
    """For a write of a connection: the dialogue and the person's participation as the connection
    last read them, in this event's session, each to be checked against its version at commit; or
    None (nothing known yet, or not an event of a connection)."""
    if getattr(request, "sid", None) is None:
        return None
    known = request.environ.get(KNOWN, {}).get(dialogue_id)
    if known is None or known.user_id != user.id:
        return None
    dialogue, participant = (db.session.merge(row, load=False) for row in (known.dialogue, known.participant))
    db.session.info.setdefault(log.GUARD, {})[dialogue_id] = [dialogue.version, participant.id, participant.version]
    g.setdefault(RELIED, True)
    return dialogue, participant


def relied_on_knowledge() -> bool:
    """Whether this event's write decided with what its connection knew (and forget that it did)."""
    return g.pop(RELIED, False)


def remember_dialogue(dialogue: Dialogue, participant: Participant | None) -> None:
    """Keep what a write of a connection just read of the dialogue and its person's participation
    (a person with none is read afresh each time: their writes are refused anyway)."""
    if getattr(request, "sid", None) is not None and participant is not None:
        request.environ.setdefault(KNOWN, {})[dialogue.id] = Known(
            participant.user_id, _detached_copy(dialogue), _detached_copy(participant), {})


def kept(load: Callable) -> Callable:
    """A row loader (``rows.load``'s signature) for a row of which a write uses only what never
    changes, its id and its dialogue (the item a comment is posted on): the connection keeps the row
    with its dialogue, and its copy serves whenever the dialogue's does. A row deleted meanwhile
    fails the write's foreign key, and the write is made again afresh (``sockets.on_write``)."""

    def load_kept(model, row_id, owner):
        known = request.environ.get(KNOWN, {}).get(owner.id) if getattr(request, "sid", None) else None
        copy = known.rows.get((model, row_id)) if known is not None and g.get(RELIED) else None
        if copy is not None:
            return db.session.merge(copy, load=False)
        row = load(model, row_id, owner)
        if known is not None:
            known.rows[(model, row_id)] = _detached_copy(row)
        return row

    return load_kept


def forget_dialogue(dialogue_id: int) -> None:
    if getattr(request, "sid", None) is not None:
        request.environ.get(KNOWN, {}).pop(dialogue_id, None)


@sa_event.listens_for(Session, "before_flush")
def _bump_versions(session: Session, _context, _instances) -> None:
    """Every change to a dialogue's or a participation's columns bumps its version, in the UPDATE
    itself (``version + 1``: concurrent changes each count). A write that changes a row it knows
    from its connection expects the version it bumps."""
    guard = session.info.get(log.GUARD, {})
    for row in session.dirty:
        if isinstance(row, VERSIONED) and session.is_modified(row, include_collections=False):
            row.version = type(row).version + 1
            expected = guard.get(row.id if isinstance(row, Dialogue) else row.dialogue_id)
            if expected is None:
                continue
            if isinstance(row, Dialogue):
                expected[0] += 1
            elif row.id == expected[1]:
                expected[2] += 1


def _detached_copy(row):
    """A copy of ``row``'s columns that belongs to no session (merged into each event's session)."""
    mapper = inspect(row).mapper
    copy = mapper.class_(**{attr.key: getattr(row, attr.key) for attr in mapper.column_attrs})
    make_transient_to_detached(copy)
    return copy


def close_user_connections(user_id: int) -> None:
    """Disconnect every live connection of this person, in every server process."""
    socketio.close_room(log.user_room(user_id), namespace=NAMESPACE)


def close_after_commit(user_id: int, session: Session | None = None) -> None:
    """Close the person's connections once the current transaction (of ``session``, by default the
    app's) commits; never on rollback."""
    (session or db.session).info.setdefault(PENDING, set()).add(user_id)


def tell_after_commit(user_id: int, data: dict) -> None:
    """Send ``data`` as a ``me`` message to every live connection of this person once the current
    transaction commits (their registration changed: approved, declined, a new role). Sent before
    any close of the same commit, so a declined person's page learns why it goes quiet."""
    db.session.info.setdefault(TELL, []).append((user_id, data))


@sa_event.listens_for(Session, "after_commit")
def _close_pending(session: Session) -> None:
    for user_id, data in session.info.pop(TELL, ()):
        socketio.emit("me", data, to=log.user_room(user_id), namespace=NAMESPACE)
    for user_id in session.info.pop(PENDING, ()):
        close_user_connections(user_id)


@sa_event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(TELL, None)
