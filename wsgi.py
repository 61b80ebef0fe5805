"""Entry point: ``flask --app wsgi …`` for the CLI, ``python wsgi.py`` for the one-process server."""
import os

from dialogues import create_app, freeze_startup_heap
from dialogues.extensions import socketio
from dialogues.mail import outbox

app = create_app()

if __name__ == "__main__":
    freeze_startup_heap()
    outbox.worker(app).start()  # mails left unsent by the last run go out now
    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")),
                 allow_unsafe_werkzeug=True)
