from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from .formats import FORMATS
from .models import LogoRole
from .options import PAPERS, SCOPES, languages


class ExportForm(FlaskForm):
    # Format and scope are checked by the service, which answers 403 for what this user may not export.
    format = RadioField(_l("Format"), validate_choice=False)
    language = RadioField(_l("Language of headings and labels"), validate_choice=False)
    paper = RadioField(_l("Paper size (PDF and DOCX)"), choices=list(PAPERS.items()))
    scope = RadioField(_l("Recommendations"), choices=list(SCOPES.items()), default="adopted",
                       validate_choice=False)
    comments = BooleanField(_l("Include the comments each recommendation came from"), default=True)

    def offer(self, formats: list[str], staff: bool) -> "ExportForm":
        """Only the formats (and, for non-staff, the scope) this user may export; each language in its own name."""
        self.format.choices = [(f, FORMATS[f].label) for f in formats]
        self.language.choices = [(code, Locale.parse(code).get_display_name(get_locale()).capitalize())
                                 for code in languages()]
        if not staff:
            self.scope.choices = [c for c in self.scope.choices if c[0] == "adopted"]
        return self


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Executive summary (Markdown: paragraphs, lists, bold, links)"))


class LogoForm(FlaskForm):
    file = FileField(_l("Logo (PNG, JPEG or SVG, at most 500 KB)"))
    role = RadioField(_l("Whose logo"), choices=LogoRole.choices(), default=LogoRole.ORGANIZER.value,
                      validate_choice=False)
    name = StringField(_l("Organization (the logo's text alternative)"))


class FinaliseForm(FlaskForm):
    """Finalising cannot be undone: the organizer ticks the box first (the service refuses otherwise)."""

    confirm = BooleanField(_l("I confirm this version is the agreed text. Once final, it cannot be changed."))
