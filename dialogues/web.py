"""The HTTP door: the one way a page's form or button writes, twin of the socket door (realtime/sockets.py).

Every write route has the same shape: load the rows it names (``rows.load``), then hand the form and
one service call to ``submit`` (a form page) or ``button`` (a button on a page). The door validates,
calls the service, commits once (or rolls back) and answers: a redirect, the form again with the
refusal next to its field, or JSON for clients that ask for it. Routes never commit themselves
(tests/test_architecture.py keeps it so).
"""
from typing import Callable
from urllib.parse import urlsplit

from flask import Response, flash, jsonify, redirect, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from .errors import Conflict, DomainError, InvalidInput, InvalidState, RateLimited
from .extensions import db

# What the rules refuse about the request's content or the moment: shown to the person, not a fault.
REFUSALS = (InvalidInput, InvalidState, Conflict)


class ActionForm(FlaskForm):
    """A form with nothing but the CSRF token, for buttons that POST."""


def attach_error(form: FlaskForm, exc: DomainError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def status_for(form: FlaskForm) -> int:
    """400 for a re-rendered form with errors (409 for a conflict), so clients and tests can tell."""
    refusal = getattr(form, "refusal", None)
    if refusal is not None:
        return refusal.status
    return 400 if form.form_errors or any(field.errors for field in form) else 200


def _safe(target: str | None) -> str | None:
    parts = urlsplit(target or "")
    if target and target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme:
        return target
    return None


def safe_next(default: str) -> str:
    """Where to go after signing in or up: the ``next`` parameter if it points inside this site."""
    return _safe(request.args.get("next") or request.form.get("next")) or default


def came_from() -> str | None:
    """The page of this site the request was sent from, if the browser said so."""
    referrer = request.referrer
    return referrer if referrer and referrer.startswith(request.host_url) else None


def back(default: str) -> str:
    """Return to the page the person came from: ``next`` if given, else the referring page, else ``default``."""
    return safe_next("") or came_from() or default


def asks_for_json() -> bool:
    """A script (``fetch`` with ``Accept: application/json``, or a JSON body) rather than a page: it
    gets ``{ok, id}`` or ``{ok: false, error, message}`` instead of a redirect or a page."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def form_values(form: FlaskForm) -> dict:
    """What a form sent, by field name (an empty field: its default), as a service's keyword
    arguments; with ``rows.arguments`` the ids in it become rows, as a socket payload's do."""
    return {field.name: field.default if field.data is None else field.data for field in form
            if field.name != "csrf_token"}


def go(url: str, message: str | None = None, category: str = "success"):
    """After a write: show ``message`` on the next page and go to ``url``."""
    if message:
        flash(message, category)
    return redirect(url)


def _first_error(form: FlaskForm) -> str:
    errors = [*form.form_errors, *(error for field in form for error in field.errors)]
    return errors[0] if errors else _("The form expired. Reload the page and try again.")


def submit(form: FlaskForm, change: Callable[[], object], *, done: Callable[[object], object],
           again: Callable[[], str]):
    """A form page's write: when the form is sent and valid, ``change()`` (one service call) is
    committed and ``done(result)`` answers (usually a redirect). Otherwise ``again()`` renders the
    form page, with the service's refusal (InvalidInput, a Conflict or a RateLimited, kept as
    ``form.refusal``) next to its field, answered with the refusal's status (400, 409, 429).
    ``again`` may instead answer with a redirect, which is sent as it is."""
    if form.validate_on_submit():
        try:
            result = change()
        except (InvalidInput, Conflict, RateLimited) as exc:
            if exc.keeps_changes:
                db.session.commit()
            else:
                db.session.rollback()
            attach_error(form, exc)
            form.refusal = exc
        else:
            db.session.commit()
            return jsonify(ok=True, id=getattr(result, "id", None)) if asks_for_json() else done(result)
    if asks_for_json() and request.method == "POST":
        return jsonify(ok=False, error="invalid_input", message=_first_error(form)), status_for(form)
    page = again()
    return page if isinstance(page, Response) else (page, status_for(form))


def button(form: FlaskForm, change: Callable[[], object], *, back_to: str,
           message: str | Callable[[object], str] | None = None, leave: bool = False):
    """A button's write: the form must be valid (a 400 names what is wrong), ``change()`` is
    committed, ``message`` (or ``message(result)``) is shown, and the person returns to the page
    they pressed it on (``back``), or to ``back_to`` itself when the button ``leave``s the page
    (signing out). A refusal of the rules is shown on that page when there is one
    (two moderators may press at once), else answered as an error page with its status."""
    if not form.validate_on_submit():
        raise InvalidInput(_first_error(form))
    try:
        result = change()
    except REFUSALS as exc:
        page = came_from()
        if page is None or asks_for_json():
            raise
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(page)
    db.session.commit()
    if asks_for_json():
        return jsonify(ok=True, id=getattr(result, "id", None))
    return go(back_to if leave else back(back_to), message(result) if callable(message) else message)
