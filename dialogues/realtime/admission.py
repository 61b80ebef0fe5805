"""Writers of one dialogue take their turn here, in order, before they touch the database.

Every write to a dialogue takes the dialogue's row lock for its seq (log.py), so its writers run one
after another anyway. Under overload they used to queue inside PostgreSQL instead, each holding one
of the pool's connections while waiting for that lock; a writer granted the lock ran only once every
ready greenlet had run (a lock convoy), the pool emptied, and writes, joins, syncs and new
connections waited DATABASE_POOL_TIMEOUT for a connection and were refused ``database_unavailable``
(the soak, docs/performance.md). Here a writer waits for its turn before it checks out a connection:
at most ``WRITERS_PER_DIALOGUE`` writers of one dialogue run at once in this process (the next ones'
reads overlap the locked section of the current one), the others wait holding nothing, first come
first served, and readers still find connections. A writer not let in within
``WRITE_QUEUE_TIMEOUT`` seconds is refused with ``Busy``: nothing was stored, and the same write
(same client id) may be sent again.

The turns are per process (several processes' writers still meet at the row lock, each process
sending at most ``WRITERS_PER_DIALOGUE``). The socket door takes them (sockets.py), where live pages
write. The HTTP door (web.py) does not: by the time a form reaches its write, its request holds a
connection already (the person and the rows it names are loaded first), so a turn would be waited
for holding one. ``threading``'s primitives are gevent's once it has patched them: a waiting
greenlet blocks nobody else.
"""
import threading
from collections import deque
from contextlib import contextmanager

from flask import current_app
from flask_babel import gettext as _

from ..errors import Busy


class Turns:
    """``slots`` writers at once; the rest wait in arrival order, and a leaving writer hands its slot
    to the first of them directly (nobody arriving later takes it meanwhile)."""

    def __init__(self, slots: int):
        self.slots = self.free = slots
        self.waiting: deque[threading.Event] = deque()

    def idle(self) -> bool:
        return self.free == self.slots and not self.waiting


_lock = threading.Lock()  # guards every dialogue's Turns (held for a few instructions, never across a wait)
_turns: dict[int, Turns] = {}


def _enter(dialogue_id: int, slots: int, timeout: float) -> bool:
    with _lock:
        turns = _turns.setdefault(dialogue_id, Turns(slots))
        if turns.free and not turns.waiting:
            turns.free -= 1
            return True
        ticket = threading.Event()
        turns.waiting.append(ticket)
    try:
        ticket.wait(timeout)
    except BaseException:  # stopped while waiting: a slot handed over meanwhile goes to the next writer
        if _stop_waiting(dialogue_id, turns, ticket):
            _leave(dialogue_id)
        raise
    return _stop_waiting(dialogue_id, turns, ticket)


def _stop_waiting(dialogue_id: int, turns: Turns, ticket: threading.Event) -> bool:
    """True if the ticket was handed a slot (perhaps just as its wait ended); else it leaves the line."""
    with _lock:
        if ticket.is_set():
            return True
        turns.waiting.remove(ticket)
        if turns.idle():
            del _turns[dialogue_id]
        return False


def _leave(dialogue_id: int) -> None:
    with _lock:
        turns = _turns[dialogue_id]
        if turns.waiting:
            turns.waiting.popleft().set()
        else:
            turns.free += 1
            if turns.idle():
                del _turns[dialogue_id]  # nothing is kept for a dialogue nobody is writing to


@contextmanager
def turn(dialogue_id: int):
    """Run the block as one of this dialogue's writers. Raises Busy when no turn came in time."""
    config = current_app.config
    if not _enter(dialogue_id, config["WRITERS_PER_DIALOGUE"], config["WRITE_QUEUE_TIMEOUT"]):
        raise Busy(_("Many people are writing at this moment; nothing was saved. Try again in a moment."))
    try:
        yield
    finally:
        _leave(dialogue_id)


def waiting(dialogue_id: int) -> int:
    """How many writers of this dialogue wait for their turn in this process (for tests and figures)."""
    with _lock:
        turns = _turns.get(dialogue_id)
        return len(turns.waiting) if turns else 0
