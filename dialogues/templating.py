"""Jinja filters and globals: dates in the dialogue's time zone, numbers and percentages in the page's
language, the language switcher."""
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent
from flask import Flask, request
from flask_babel import get_locale

from .accounts.forms import LanguageForm
from .platform.services import may_create_dialogues


def local_datetime(value: datetime | None, tz: str = "UTC", fmt: str = "medium") -> str:
    """A naive-UTC datetime, shown in ``tz`` and the page's language."""
    if value is None:
        return ""
    return format_datetime(value.replace(tzinfo=ZoneInfo("UTC")), fmt, tzinfo=ZoneInfo(tz), locale=get_locale())


def percent(value: int | None) -> str:
    """A whole percentage (0–100) as the page's language writes it (45 %, 45%); "—" for none."""
    return "—" if value is None else format_percent(value / 100, locale=get_locale())


def decimal(value: float | None, places: int = 2) -> str:
    """A number with ``places`` decimals in the page's language (0,83 / 0.83); "—" for none."""
    return "—" if value is None else format_decimal(value, format="0." + "0" * places, locale=get_locale())


def register_templating(app: Flask) -> None:
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["may_create_dialogues"] = may_create_dialogues
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def globals_():
        # formdata=None: this form is only drawn here (reading the body would fail again on a 413 page).
        return {"language_form": LanguageForm(formdata=None, lang=str(get_locale())),
                "current_locale": str(get_locale()), "current_path": request.full_path.rstrip("?")}
