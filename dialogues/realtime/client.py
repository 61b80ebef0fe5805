"""A reference client of the live protocol (docs/realtime.md), for bots, kiosks, benchmarks and tests.

It does what every client must: applies events in ``seq`` order exactly once, asks for missed events
as soon as it sees a gap, re-joins with its last ``seq`` after a reconnect, and sends each write with a
client id that it reuses on retry, so a write is stored once however often it is sent.
"""
import threading
import uuid
from typing import Callable

import socketio


class InOrder:
    """The order every client keeps, without any I/O (the threaded client below and bench/soak.py's
    asyncio people share it): events applied in ``seq`` order exactly once, a gap answered by one
    sync at a time, and another sync as soon as that one is answered if an event beyond a gap
    arrived meanwhile. Without that last rule, events broadcast while a sync was in flight were
    dropped by the gap check and never asked for again: the client stayed behind until the next
    event, and after the last one for good (the soak's "lost" at the end of a run)."""

    def __init__(self, on_event: Callable[[dict], None] | None = None):
        self.last_seq = 0
        self.applied: list[dict] = []
        self.on_event = on_event
        self.syncing = False
        self.behind = False  # an event beyond a gap arrived while a sync was in flight

    def receive(self, message: dict) -> bool:
        """A live broadcast: applied if it is the next seq, ignored if already applied; True for a gap."""
        if message["seq"] <= self.last_seq:
            return False
        if message["seq"] == self.last_seq + 1:
            self._apply(message)
            return False
        return True

    def start_sync(self) -> int | None:
        """The seq to ask after, or None while a sync is in flight (it is sent again once answered)."""
        if self.syncing:
            self.behind = True
            return None
        self.syncing, self.behind = True, False
        return self.last_seq

    def answered(self, ack: dict) -> bool:
        """A sync's acknowledgement; True if another sync must follow."""
        again = bool(ack.get("ok") and (ack.get("more") or self.behind))
        self.syncing = self.behind = False
        if ack.get("ok"):
            self.apply_all(ack["events"])
        return again

    def stopped(self) -> None:
        """Disconnected: a sync in flight is never answered; the re-join catches up instead."""
        self.syncing = self.behind = False

    def apply_all(self, messages: list[dict]) -> None:
        for message in messages:
            if message["seq"] == self.last_seq + 1:
                self._apply(message)

    def _apply(self, message: dict) -> None:
        self.last_seq = message["seq"]
        if message["type"] != "skip":
            self.applied.append(message)
            if self.on_event:
                self.on_event(message)


class DialogueClient:
    def __init__(self, url: str, dialogue_id: int, *, http_session=None, transports=None,
                 on_event: Callable[[dict], None] | None = None, reconnection: bool = True):
        self.url = url
        self.dialogue_id = dialogue_id
        self.transports = transports
        self.order = InOrder(on_event)
        self.me: dict = {}
        self._lock = threading.Condition()
        self._joined = threading.Event()
        self.sio = socketio.Client(reconnection=reconnection, http_session=http_session)
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("event", self.receive)

    @property
    def last_seq(self) -> int:
        return self.order.last_seq

    @property
    def applied(self) -> list[dict]:
        return self.order.applied

    # --- connection -------------------------------------------------------------------------

    def connect(self, timeout: float = 10) -> "DialogueClient":
        self.sio.connect(self.url, transports=self.transports, wait_timeout=timeout)
        if not self._joined.wait(timeout):
            raise TimeoutError("join was not acknowledged")
        return self

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()

    def _on_disconnect(self, *args) -> None:
        self._joined.clear()
        with self._lock:
            self.order.stopped()

    def _on_connect(self) -> None:
        self.sio.emit("join", {"dialogue_id": self.dialogue_id, "last_seq": self.last_seq}, callback=self._on_joined)

    def _on_joined(self, ack: dict) -> None:
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        self.me = ack.get("me", {})
        with self._lock:
            self.order.apply_all(ack["events"])
            self._lock.notify_all()
        if ack.get("more"):
            self.sync()
        self._joined.set()

    # --- receiving in order -----------------------------------------------------------------

    def receive(self, message: dict) -> None:
        """A live broadcast: applied if it is the next seq, ignored if already applied, else a gap."""
        self._apply(self.order.receive, message)

    def _apply(self, step, value) -> None:
        """``step(value)`` on the order under the lock; then ask for what it found missing."""
        with self._lock:
            missing = step(value)
            self._lock.notify_all()
        if missing:
            self.sync()

    def sync(self) -> None:
        """Ask for every event after our last seq (the answer comes in the acknowledgement)."""
        with self._lock:
            after = self.order.start_sync()
        if after is None:
            return
        try:
            self.sio.emit("sync", {"dialogue_id": self.dialogue_id, "last_seq": after}, callback=self._on_synced)
        except socketio.exceptions.SocketIOError:  # disconnected meanwhile: the re-join catches up
            with self._lock:
                self.order.stopped()

    def _on_synced(self, ack: dict) -> None:
        self._apply(self.order.answered, ack)

    def wait_for_seq(self, seq: int, timeout: float = 10) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: self.last_seq >= seq, timeout)

    # --- writing ----------------------------------------------------------------------------

    def write(self, event: str, payload: dict, *, attempts: int = 3, timeout: float = 10) -> dict:
        """Send a write until it is acknowledged; every attempt carries the same client id.

        A connection lost before the acknowledgement (the server restarted, the phone lost its
        signal) is waited out: the write is sent again once the client has re-joined, and the
        server answers a write it already stored with the first acknowledgement.
        """
        message = {"dialogue_id": self.dialogue_id, "client_id": uuid.uuid4().hex, **payload}
        for attempt in range(attempts):
            try:
                if not self._joined.wait(timeout):
                    raise socketio.exceptions.TimeoutError()
                return self.sio.call(event, message, timeout=timeout)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                    socketio.exceptions.DisconnectedError):
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")
