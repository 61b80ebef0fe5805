"""Entry point: ``flask --app wsgi …`` for the CLI, ``python wsgi.py`` for the one-process server.

The one-process server (``make run``, the embedded default) serves with gevent, as production's
gunicorn worker does (``SOCKETIO_ASYNC_MODE=threading`` keeps the older threaded server). One
loop on one core: a broadcast to the room is a loop over its sockets instead of waking one thread
per connection, and SQLite's writes, which never yield, follow each other without contending for
its lock (docs/performance.md, "Soak"). The monkey patching must come before anything imports
``socket`` or ``threading``, so it is the first thing the server does; the CLI never patches.
"""
import os

if __name__ == "__main__" and os.environ.setdefault("SOCKETIO_ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from dialogues import create_app, dbwait, freeze_startup_heap  # noqa: E402
from dialogues.extensions import socketio  # noqa: E402
from dialogues.mail import outbox  # noqa: E402

app = create_app()

if __name__ == "__main__":
    dbwait.install()
    freeze_startup_heap()
    outbox.worker(app).start()  # mails left unsent by the last run go out now
    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")),
                 allow_unsafe_werkzeug=True)
