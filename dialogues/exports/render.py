"""Turn an export's options into the bytes of its file. Runs in a worker process or the CLI, never in
the process that serves Socket.IO (a PDF render burns CPU for seconds)."""
from collections.abc import Callable

from flask import render_template
from flask_babel import force_locale

from ..roundtable.models import Dialogue
from . import docx_writer, labels, tables
from .options import ExportOptions
from .sections import document

STYLESHEET = "css/export.css"


def document_html(doc: dict, *, for_pdf: bool = False) -> str:
    """The one HTML template behind the PDF and the browser's print page."""
    return render_template("exports/document.html", doc=doc, fmt=labels, for_pdf=for_pdf)


def print_html(dialogue: Dialogue, options: ExportOptions) -> str:
    with force_locale(options.language):
        return document_html(document(dialogue, options))


def pdf(doc: dict) -> bytes:
    from flask import current_app
    from weasyprint import CSS, HTML

    css = CSS(filename=f"{current_app.static_folder}/{STYLESHEET}")
    return HTML(string=document_html(doc, for_pdf=True)).write_pdf(stylesheets=[css])


def markdown(doc: dict) -> bytes:
    return render_template("exports/document.md", doc=doc, fmt=labels).encode()


DOCUMENTS: dict[str, Callable[[dict], bytes]] = {"pdf": pdf, "docx": docx_writer.write, "md": markdown}


def render(dialogue: Dialogue, options: ExportOptions, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    """The file's bytes, labels in the export's language. ``progress`` receives percentages."""
    with force_locale(options.language):
        if options.format in DOCUMENTS:
            doc = document(dialogue, options)
            progress(40)
            return DOCUMENTS[options.format](doc)
        return tables.write(dialogue, options)
