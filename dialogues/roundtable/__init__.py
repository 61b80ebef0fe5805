"""Roundtable: dialogues, their stakeholder groups and organizations, registration and participants."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)
