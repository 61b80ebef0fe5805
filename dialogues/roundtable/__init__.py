"""Roundtable: dialogues, their stakeholder groups and organizations, registration, participants and room passes."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .pass_routes import bp as passes
    from .routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(passes)
