"""What an export produces: its format, language, which recommendations, with or without comments."""
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..config import LANGUAGES
from ..errors import InvalidInput

# Format key → (label, file extension, MIME type).
FORMATS = {
    "pdf": (_l("PDF document"), "pdf", "application/pdf"),
    "docx": (_l("Word document (DOCX)"), "docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": (_l("Markdown"), "md", "text/markdown; charset=utf-8"),
    "json": (_l("JSON data (whole dialogue)"), "json", "application/json"),
    "comments.csv": (_l("CSV: comments"), "comments.csv", "text/csv; charset=utf-8"),
    "recommendations.csv": (_l("CSV: recommendations"), "recommendations.csv", "text/csv; charset=utf-8"),
    "stances.csv": (_l("CSV: stances"), "stances.csv", "text/csv; charset=utf-8"),
    "participants.csv": (_l("CSV: participants (organizers only)"), "participants.csv", "text/csv; charset=utf-8"),
}
DOCUMENT_FORMATS = ("pdf", "docx", "md")
CSV_TABLES = ("comments", "recommendations", "stances", "participants")
ADOPTED, ALL = "adopted", "all"
SCOPES = {ADOPTED: _l("Adopted recommendations only"), ALL: _l("All recommendations")}


@dataclass(frozen=True)
class ExportOptions:
    format: str
    language: str = "es"
    scope: str = ADOPTED
    comments: bool = True

    @classmethod
    def parse(cls, data: dict) -> "ExportOptions":
        """Validated options from a form, the CLI or a stored job. Raises InvalidInput."""
        if data.get("format") not in FORMATS:
            raise InvalidInput(_("Choose one of the offered formats."), field="format")
        if data.get("language") not in LANGUAGES:
            raise InvalidInput(_("Choose one of the offered languages."), field="language")
        if data.get("scope", ADOPTED) not in SCOPES:
            raise InvalidInput(_("Choose which recommendations to include."), field="scope")
        return cls(format=data["format"], language=data["language"], scope=data.get("scope", ADOPTED),
                   comments=bool(data.get("comments", True)))

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def extension(self) -> str:
        return FORMATS[self.format][1]

    @property
    def mimetype(self) -> str:
        return FORMATS[self.format][2]

    @property
    def adopted_only(self) -> bool:
        return self.scope == ADOPTED
