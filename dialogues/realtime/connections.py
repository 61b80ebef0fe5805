"""Reaching one person's live connections: telling them their registration changed, and ending
them at once on sign-out, a decline, a loss of rights, deletion, a revoked pass.

A Socket.IO connection keeps the session it was opened with, so it would go on receiving (and
sending) as that person. Every signed-in connection is in ``log.user_room(user_id)``; closing that
room disconnects each connection in it. Rooms are per server process, so the close travels over
the message queue like any broadcast: the client managers below make every process disconnect its
own members of a closing user room (python-socketio publishes ``close_room`` to all hosts).
"""
import socketio as python_socketio
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ..extensions import db, socketio
from . import log

NAMESPACE = "/"
PENDING = "realtime_close_users"
TELL = "realtime_tell_users"


class _ClosingUserRooms:
    """Closing a user room disconnects its members (namespace and transport: no rejoin with the old session)."""

    def basic_close_room(self, room, namespace):
        if log.is_user_room(room):
            for sid, eio_sid in list(self.get_participants(namespace, room)):
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


def close_user_connections(user_id: int) -> None:
    """Disconnect every live connection of this person, in every server process."""
    socketio.close_room(log.user_room(user_id), namespace=NAMESPACE)


def close_after_commit(user_id: int) -> None:
    """Close the person's connections once the current transaction commits (never on rollback)."""
    db.session.info.setdefault(PENDING, set()).add(user_id)


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
