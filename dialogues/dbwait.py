"""How a server process waits for PostgreSQL under gevent: briefly without yielding, then cooperatively.

Once gevent has patched ``select``, psycopg waits cooperatively: every round trip, however short,
hands the process to every other ready greenlet before the caller resumes. A comment makes four
round trips while earlier comments are being sent to the room, and waited behind those sends at
each of them (docs/performance.md, issue 18). Here a round trip first waits up to ``BRIEF_WAIT_MS``
without yielding (a nearby database answers a short statement in a fraction of that); only a slower
answer (a lock wait, a heavy query, a distant database) lets the other greenlets run meanwhile. This
cannot freeze the process: a statement waiting for a lock held by a suspended greenlet of this
process stops blocking after ``BRIEF_WAIT_MS``, and that greenlet runs (``tests/test_dbwait.py``).
"""
from gevent.monkey import get_original, is_module_patched
from psycopg import waiting

BRIEF_WAIT_MS = 2
_unpatched_poll = get_original("select", "poll")
_cooperative = waiting.wait
_IN, _OUT = waiting.select.POLLIN, waiting.select.POLLOUT
_MASKS = {waiting.WAIT_R: _IN, waiting.WAIT_W: _OUT, waiting.WAIT_RW: _IN | _OUT}


def wait_briefly(gen, fileno: int, interval: float = 0.0, timeout: float | None = None):
    """psycopg's ``waiting.wait``, with a blocking start bounded by ``BRIEF_WAIT_MS``."""
    if timeout is not None:
        return _cooperative(gen, fileno, interval=interval, timeout=timeout)
    poll = _unpatched_poll()
    try:
        state = next(gen)
        while True:
            poll.register(fileno, _MASKS[state])
            events = poll.poll(BRIEF_WAIT_MS)
            ready = events and ((waiting.READY_R if events[0][1] & _IN else 0)
                                | (waiting.READY_W if events[0][1] & _OUT else 0))
            if not ready:  # slow, or an error on the socket, which psycopg's own wait reports
                return _cooperative(_resuming(state, gen), fileno, interval=interval)
            state = gen.send(ready)
    except StopIteration as done:
        return done.value


def _resuming(state, gen):
    """``gen`` as a fresh generator whose first wait is ``state``, the one given up on above."""
    ready = yield state
    while True:
        try:
            state = gen.send(ready)
        except StopIteration as done:
            return done.value
        ready = yield state


def install() -> None:
    """For a server process, once gevent has patched it (``serve.py``, ``wsgi.py``)."""
    if is_module_patched("select"):
        waiting.wait = wait_briefly
