from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from ..config import LANGUAGES
from .options import FORMATS, SCOPES


class ExportForm(FlaskForm):
    # Format and scope are checked by the service, which answers 403 for what this user may not export.
    format = RadioField(_l("Format"), validate_choice=False)
    language = RadioField(_l("Language of headings and labels"), choices=list(LANGUAGES.items()))
    scope = RadioField(_l("Recommendations"), choices=list(SCOPES.items()), default="adopted",
                       validate_choice=False)
    comments = BooleanField(_l("Include the comments each recommendation came from"), default=True)

    def offer(self, formats: list[str], staff: bool) -> "ExportForm":
        """Only the formats (and, for non-staff, the scope) this user may export."""
        self.format.choices = [(f, FORMATS[f][0]) for f in formats]
        if not staff:
            self.scope.choices = [c for c in self.scope.choices if c[0] == "adopted"]
        return self
