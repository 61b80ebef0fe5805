"""Real-time: the per-dialogue event log and the Socket.IO plumbing around it."""
import importlib

from flask import Flask

# Every area's Socket.IO handlers. Imported before ``socketio.init_app`` so that Flask-SocketIO
# keeps them in its handler list and binds them to each server it creates (one per app).
SOCKET_MODULES = (
    "dialogues.realtime.events",
    "dialogues.agenda.events",
    "dialogues.comments.events",
    "dialogues.recommendations.events",
    "dialogues.facilitation.events",
)


def register_socket_handlers() -> None:
    for module in SOCKET_MODULES:
        importlib.import_module(module)


def init_app(app: Flask) -> None:
    from ..security.limits import init_counters
    from .transport import ClosedSessionGuard

    app.wsgi_app = ClosedSessionGuard(app.wsgi_app)

    init_counters(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
