"""Every export format, named once: label, file extension, MIME type and writer. The export page (forms),
the CLI, the job runner (services.run_job) and ``render`` below all read this registry.

It sits at the top of the exports package: it imports the writers, and nothing below imports it."""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..roundtable.models import Dialogue
from . import docx_writer, render as documents, tables
from .document import document
from .options import ExportOptions


@dataclass(frozen=True)
class Format:
    key: str
    label: object  # lazy translated string
    extension: str
    mimetype: str
    # Documents (written from exports.document's data) are what a closed dialogue publishes;
    # data formats are written from the database by exports.tables.
    write: Callable
    document: bool = False
    organizer_only: bool = False

    @property
    def table(self) -> str | None:
        """The CSV table's name, for the CLI's ``--format csv --table NAME``."""
        return self.key.removesuffix(".csv") if self.key.endswith(".csv") else None


_CSV = "text/csv; charset=utf-8"
FORMATS = {f.key: f for f in (
    Format("pdf", _l("PDF document"), "pdf", "application/pdf", documents.pdf, document=True),
    Format("docx", _l("Word document (DOCX)"), "docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_writer.write, document=True),
    Format("md", _l("Markdown"), "md", "text/markdown; charset=utf-8", documents.markdown, document=True),
    Format("json", _l("JSON data (whole dialogue)"), "json", "application/json", tables.json_file),
    Format("comments.csv", _l("CSV: comments"), "comments.csv", _CSV, tables.comments_csv),
    Format("recommendations.csv", _l("CSV: recommendations"), "recommendations.csv", _CSV, tables.recommendations_csv),
    Format("stances.csv", _l("CSV: stances"), "stances.csv", _CSV, tables.stances_csv),
    Format("participants.csv", _l("CSV: participants (organizers only)"), "participants.csv", _CSV,
           tables.participants_csv, organizer_only=True),
)}
DOCUMENT_FORMATS = tuple(key for key, f in FORMATS.items() if f.document)
PRINT_FORMAT = "pdf"  # the print page is the PDF's HTML, and is allowed to whoever may have the PDF
CSV_TABLES = tuple(f.table for f in FORMATS.values() if f.table)
CLI_CSV = "csv"  # the CLI's --format for every CSV table, which --table names
CLI_FORMATS = tuple(key for key, f in FORMATS.items() if not f.table) + (CLI_CSV,)


def from_cli(format_: str, table: str | None) -> str:
    """The registry's key for the CLI's ``--format`` and ``--table``."""
    return f"{table}.csv" if format_ == CLI_CSV else format_


def parse(data: dict) -> ExportOptions:
    """Validated options for one of the registry's formats. Raises InvalidInput."""
    return ExportOptions.parse(data, FORMATS)


def of(options: ExportOptions) -> Format:
    return FORMATS[options.format]


def render(dialogue: Dialogue, options: ExportOptions, progress: Callable[[int], None] = lambda _p: None) -> bytes:
    """The file's bytes, labels in the export's language. ``progress`` receives percentages.
    Runs in an export-job subprocess or the CLI, never in the process that serves Socket.IO."""
    fmt = of(options)
    with force_locale(options.language):
        if fmt.document:
            doc = document(dialogue, options)
            progress(40)
            return fmt.write(doc)
        return fmt.write(dialogue, options)
