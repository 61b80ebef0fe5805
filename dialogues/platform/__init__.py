"""The platform: settings that are nobody's dialogue (who may create dialogues), and its administrators' page."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)
