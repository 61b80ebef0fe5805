"""Turn an export's options into the bytes of its file. Runs in an export-job subprocess or the CLI, never in
the process that serves Socket.IO (a PDF render burns CPU for seconds)."""
from collections.abc import Callable

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale

from ..roundtable.models import Dialogue
from . import docx_writer, labels, tables
from .options import ExportOptions
from .sections import document

STYLESHEET = "css/export.css"


def _render(template: str, **context) -> str:
    """Jinja without the app's context processors, which need a request (workers and the CLI have none)."""
    return current_app.jinja_env.get_template(template).render(fmt=labels, **context)


def document_html(doc: dict, *, for_pdf: bool = False) -> str:
    """The one HTML template behind the PDF and the browser's print page."""
    stylesheet = None if for_pdf or not has_request_context() else url_for("static", filename=STYLESHEET)
    return _render("exports/document.html", doc=doc, stylesheet=stylesheet)


def print_html(dialogue: Dialogue, options: ExportOptions) -> str:
    with force_locale(options.language):
        return document_html(document(dialogue, options))


def pdf(doc: dict) -> bytes:
    from weasyprint import CSS, HTML

    css = CSS(filename=f"{current_app.static_folder}/{STYLESHEET}")
    return HTML(string=document_html(doc, for_pdf=True)).write_pdf(stylesheets=[css])


def markdown(doc: dict) -> bytes:
    env = current_app.jinja_env.overlay(finalize=labels.markdown_text)
    return env.get_template("exports/document.md").render(fmt=labels, doc=doc).encode()


DOCUMENTS: dict[str, Callable[[dict], bytes]] = {"pdf": pdf, "docx": docx_writer.write, "md": markdown}


def render(dialogue: Dialogue, options: ExportOptions, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    """The file's bytes, labels in the export's language. ``progress`` receives percentages."""
    with force_locale(options.language):
        if options.format in DOCUMENTS:
            doc = document(dialogue, options)
            progress(40)
            return DOCUMENTS[options.format](doc)
        return tables.write(dialogue, options)
