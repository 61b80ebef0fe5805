"""Joint recommendations: drafting, revisions, amendments, stances, endorsements, follow-up."""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import events  # noqa: F401  (its socket handlers, before socketio.init_app)
    from .routes import bp

    app.register_blueprint(bp)
