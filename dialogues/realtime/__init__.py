"""Real-time: the per-dialogue event log and the Socket.IO plumbing around it."""
from flask import Flask


def init_app(app: Flask) -> None:
    from ..security.limits import init_counters
    from . import events  # noqa: F401  (joining a dialogue and catching up, before socketio.init_app)
    from .transport import ClosedSessionGuard

    app.wsgi_app = ClosedSessionGuard(app.wsgi_app)

    init_counters(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
