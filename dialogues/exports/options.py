"""What an export produces: its format, language, paper, which recommendations, with or without comments.

The formats themselves are named in exports.formats (the registry); this module is the bottom of the
exports package and imports nothing from it."""
import unicodedata
from collections.abc import Collection
from dataclasses import asdict, dataclass
from functools import cache

from babel import Locale
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..config import Config
from ..errors import InvalidInput

ADOPTED, ALL = "adopted", "all"
SCOPES = {ADOPTED: _l("Adopted recommendations only"), ALL: _l("All recommendations")}
A4, LETTER = "a4", "letter"
PAPERS = {A4: _l("A4 (210 × 297 mm)"), LETTER: _l("Letter (8.5 × 11 in)")}
# Countries whose offices print on US Letter; everywhere else, A4.
LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CO", "VE", "CL", "CR", "GT", "SV", "HN", "NI", "PA", "DO", "PR", "BZ"}


def languages() -> tuple[str, ...]:
    """The languages an export can be written in: those of the application."""
    return tuple(current_app.config["LANGUAGES"]) if current_app else Config.LANGUAGES


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


@cache
def _country_codes() -> dict[str, str]:
    """A country's name in any of the application's languages (accents and case ignored) → its code."""
    return {_fold(name): code for language in Config.LANGUAGES
            for code, name in Locale.parse(language).territories.items() if code.isalpha()}


def default_paper(country: str) -> str:
    """Letter where the dialogue's country prints on it (its name or ISO code), else A4."""
    code = country.strip().upper() if len(country.strip()) == 2 else _country_codes().get(_fold(country), "")
    return LETTER if code in LETTER_COUNTRIES else A4


@dataclass(frozen=True)
class ExportOptions:
    format: str
    language: str = "es"
    scope: str = ADOPTED
    comments: bool = True
    paper: str = A4

    @classmethod
    def parse(cls, data: dict, formats: Collection[str]) -> "ExportOptions":
        """Validated options from a form, the CLI or a stored job; ``formats`` are the known format keys
        (exports.formats.parse passes its registry's). Raises InvalidInput."""
        if data.get("format") not in formats:
            raise InvalidInput(_("Choose one of the offered formats."), field="format")
        if data.get("language") not in languages():
            raise InvalidInput(_("Choose one of the offered languages."), field="language")
        if data.get("scope", ADOPTED) not in SCOPES:
            raise InvalidInput(_("Choose which recommendations to include."), field="scope")
        if data.get("paper", A4) not in PAPERS:
            raise InvalidInput(_("Choose A4 or Letter."), field="paper")
        return cls(format=data["format"], language=data["language"], scope=data.get("scope", ADOPTED),
                   comments=bool(data.get("comments", True)), paper=data.get("paper", A4))

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def adopted_only(self) -> bool:
        return self.scope == ADOPTED
