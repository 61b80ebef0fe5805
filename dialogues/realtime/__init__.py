"""Real-time: the per-dialogue event log and the Socket.IO plumbing around it."""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import events  # noqa: F401  (joining a dialogue and catching up, before socketio.init_app)
    from .sockets import init_limiter

    init_limiter(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
