"""The document's HTML (for the PDF and the browser's print page), PDF and Markdown writers, from the data of
exports.document. The PDF runs in an export-job subprocess or the CLI, never in the process that serves
Socket.IO (a render burns CPU for seconds)."""
import gc
import re
import shutil
import subprocess
import zlib
from contextlib import contextmanager
from functools import cache

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from markupsafe import Markup

from ..roundtable.models import Dialogue
from . import labels
from .document import document
from .options import ExportOptions

STYLESHEET = "css/export.css"
# Pictographic emoji (and the joiners and selectors that compose them): left out of a PDF when no font of
# the machine draws them, rather than printed as empty boxes.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\U00002B50\U00002B55\U0000FE0F\U0000200D]+ ?")


@cache
def _emoji_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    # A real emoji font covers these; DejaVu Sans has a few emoticons but none of them.
    found = subprocess.run(["fc-list", ":charset=1f30d 1f44d 1f680 1f9d1", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def _without_emoji(value):
    if not isinstance(value, str):
        return value
    text = EMOJI.sub("", value)
    return Markup(text) if isinstance(value, Markup) else text


def _render(template: str, *, for_pdf: bool = False, **context) -> str:
    """Jinja without the app's context processors, which need a request (workers and the CLI have none)."""
    env = current_app.jinja_env
    if for_pdf and not _emoji_font():
        env = env.overlay(finalize=_without_emoji)
    return env.get_template(template).render(fmt=labels, **context)


def document_html(doc: dict, *, for_pdf: bool = False) -> str:
    """The one HTML template behind the PDF and the browser's print page."""
    stylesheet = None if for_pdf or not has_request_context() else url_for("static", filename=STYLESHEET)
    return _render("exports/document.html", for_pdf=for_pdf, doc=doc, stylesheet=stylesheet)


def print_html(dialogue: Dialogue, options: ExportOptions) -> str:
    with force_locale(options.language):
        return document_html(document(dialogue, options))


class _DefaultDeflate:
    """zlib as pydyf sees it, with the compression of each page's content (and font) stream at zlib's
    default level instead of pydyf's level 9: for the bench's document 0.08 s instead of 0.39 s of CPU,
    for a file 4 % larger (549 KB instead of 526 KB)."""
    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level=zlib.Z_DEFAULT_COMPRESSION):
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION)


@cache
def _weasyprint():
    """WeasyPrint's ``CSS`` and ``HTML``, imported once per process, with pydyf's page references kept
    between two pages: a tagged PDF asks for them once per structure element (22,000 in the bench's
    140-page document) and pydyf rebuilds the tuple of every page's reference each time, a tenth of the
    render. Pages are only ever appended to ``Kids``, so the tuple is rebuilt when their number changes.
    And pydyf deflates at zlib's default level (``_DefaultDeflate``)."""
    import pydyf
    from weasyprint import CSS, HTML

    rebuild = pydyf.PDF.page_references.fget

    def page_references(pdf_file):
        count = len(pdf_file.pages["Kids"])
        known = pdf_file.__dict__.get("_page_references")
        if known is None or known[0] != count:
            known = pdf_file.__dict__["_page_references"] = (count, rebuild(pdf_file))
        return known[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.zlib = _DefaultDeflate
    return CSS, HTML


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while WeasyPrint works. A render builds millions of objects that live
    until it ends (the element tree, styles, boxes of every page, the PDF's objects), and every full pass
    of the collector walks all of them again, in vain: about a fifth of a big document's render, for
    5–8 % more peak memory (the few cycles it leaves are collected once it is done)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def pdf(doc: dict) -> bytes:
    """A tagged PDF/UA-1 (structure for screen readers), with title, language and author in its metadata."""
    with _collector_paused():
        CSS, HTML = _weasyprint()  # noqa: N806 (WeasyPrint's class names)
        css = CSS(filename=f"{current_app.static_folder}/{STYLESHEET}")
        return HTML(string=document_html(doc, for_pdf=True)).write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1")


def markdown(doc: dict) -> bytes:
    env = current_app.jinja_env.overlay(finalize=labels.markdown_text)
    return env.get_template("exports/document.md").render(fmt=labels, doc=doc).encode()
