"""Joint-recommendation documents (PDF, DOCX, Markdown) and data exports (JSON, CSV)."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import export_command, export_job_command
    from .routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(export_command)
    app.cli.add_command(export_job_command)
