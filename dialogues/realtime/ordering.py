"""A process broadcasts the events it committed in seq order, whichever of its writers runs first.

On PostgreSQL a write's seq and its ``COMMIT`` travel in one round trip (log.py), so several writers
of one process may be waiting for their answers at once, and gevent resumes them in whatever order
their sockets are noticed, not in the order they committed: the writer of seq 4 could broadcast
before the writer of seq 3, and every reader would see a gap and ask for it (``sync``). So each
script in flight is known here. A writer that comes back holds its events until every script of the
same dialogue that was in flight when it came back has come back too (those may have committed
before it; they are answered already and only wait for their turn to run), and what is released
goes out lowest seq first. A script that was still waiting for the lock then delays an earlier
event by about one commit, never longer: a script sent later is not waited for.

Per process: events written by another process reach this one's readers through the message queue,
in no particular order against these (a reader asks for a gap, as ever).
"""
import itertools
import threading


class CommitOrder:
    def __init__(self):
        self._lock = threading.Lock()  # held for a few instructions, never across a wait
        self._tokens = itertools.count()
        self._in_flight: dict[int, set[int]] = {}  # dialogue → its scripts in flight
        self._held: dict[int, list[list]] = {}  # dialogue → [seq, scripts it waits for, entry], by seq

    def sent(self, dialogue_ids) -> int:
        """A script writing events of these dialogues is about to be sent: its token."""
        with self._lock:
            token = next(self._tokens)
            for dialogue_id in dialogue_ids:
                self._in_flight.setdefault(dialogue_id, set()).add(token)
            return token

    def returned(self, token: int, dialogue_ids, entries: list) -> list:
        """Script ``token`` came back with ``entries`` (``(dialogue_id, seq, …)``, none if it failed):
        what may be broadcast now, in order."""
        released = []
        with self._lock:
            for dialogue_id in dialogue_ids:
                flying = self._in_flight[dialogue_id]
                flying.discard(token)
                held = self._held.setdefault(dialogue_id, [])
                for waiting in held:
                    waiting[1].discard(token)
                held.extend([entry[1], set(flying), entry] for entry in entries if entry[0] == dialogue_id)
                held.sort(key=lambda waiting: waiting[0])
                while held and not held[0][1]:
                    released.append(held.pop(0)[2])
                if not flying:
                    del self._in_flight[dialogue_id]
                if not held:
                    del self._held[dialogue_id]
        return released
