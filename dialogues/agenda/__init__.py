"""Agenda: the items of a dialogue and the live timer of the current one."""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import events  # noqa: F401  (its socket handlers, before socketio.init_app)
    from .routes import bp

    app.register_blueprint(bp)
