"""Real-time: the per-dialogue event log and the Socket.IO plumbing around it."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Start the app's Socket.IO server, once every area has imported its handlers (this area is the
    last in ``dialogues.AREAS``), and guard its transport."""
    from ..extensions import socketio
    from ..security.limits import init_counters
    from . import events  # noqa: F401  (joining a dialogue and catching up)
    from .connections import client_manager
    from .transport import ConnectionSessions, Transport

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=client_manager(app.config),  # reads SOCKETIO_MESSAGE_QUEUE
        cors_allowed_origins=app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"],
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
    )
    app.wsgi_app = Transport(app.wsgi_app)  # around Flask-SocketIO's middleware
    app.session_interface = ConnectionSessions()
    init_counters(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
