"""Small helpers shared by the HTTP handlers of every area."""
from urllib.parse import urlsplit

from flask import request
from flask_wtf import FlaskForm

from .errors import InvalidInput


class ActionForm(FlaskForm):
    """A form with nothing but the CSRF token, for buttons that POST."""


def attach_error(form: FlaskForm, exc: InvalidInput) -> None:
    """Show a service's InvalidInput next to the field it names, or above the form."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def status_for(form: FlaskForm) -> int:
    """400 for a re-rendered form with errors, so clients and tests can tell."""
    return 400 if form.form_errors or any(field.errors for field in form) else 200


def safe_next(default: str) -> str:
    """The ``next`` parameter if it points inside this site, else ``default``."""
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme:
        return target
    return default
