"""Domain errors raised by services, mapped once to HTTP responses and socket acks."""
import contextlib

from flask import Flask, g, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

# The largest id a database integer column holds (PostgreSQL ``integer``); larger numbers are refused
# where they enter (URLs, socket payloads), never sent to the database.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in URLs: at most MAX_ID, so a huge number is a 404, not a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)

from .extensions import db

DATABASE_FAULTS = (OperationalError, PoolTimeout)  # unreachable, or too busy to lend a connection in time


class DomainError(Exception):
    """A rule of the domain refused the operation; ``message`` is shown to the user. Each kind names
    its HTTP status and its acknowledgement's code where it is declared: ``class NotFound(DomainError,
    status=404, code="not_found")``."""

    status = 400
    code = "invalid"
    keeps_changes = False  # the door commits what the refused operation recorded (see WrongCredentials)

    def __init_subclass__(cls, status: int | None = None, code: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.status, cls.code = status or cls.status, code or cls.code

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_ack(self) -> dict:
        ack = {"ok": False, "error": self.code, "message": self.message}
        return {**ack, "field": self.field} if self.field else ack


class InvalidInput(DomainError, status=400, code="invalid_input"):
    """The request's content breaks a rule (a field too long, a choice that does not exist)."""


class WrongCredentials(InvalidInput):
    """A failed sign-in: refused, but its failure is kept on record (it makes the next attempts wait)."""

    keeps_changes = True


class NotAuthenticated(DomainError, status=401, code="not_authenticated"):
    """Sign in first."""


class NotPermitted(DomainError, status=403, code="forbidden"):
    """A permission rule refused this person (``permissions.require``)."""


class NotFound(DomainError, status=404, code="not_found"):
    """No such row, or not one this person may see (the same answer: nobody learns what exists)."""


class InvalidState(DomainError, status=409, code="invalid_state"):
    """Not now: the row is not in a state that allows this (a closed poll, an ended item)."""


class Conflict(DomainError, status=409, code="conflict"):
    """Someone else changed the row since this person read it."""


class Disconnected(DomainError, status=410, code="disconnected"):
    """The connection closed while its message waited (a dropped phone, a client that gave up): the
    acknowledgement reaches nobody, and it is no server error."""


class RateLimited(DomainError, status=429, code="rate_limited"):
    """Too many of these in too short a time; try again later."""


class Busy(DomainError, status=503, code="busy"):
    """The server is too busy to make this write in time (realtime/admission.py): nothing was stored,
    and the same write may be sent again."""


def out_of_range() -> str:
    return _("A number or a text in the request is out of range. Nothing was saved.")


def database_unreachable() -> str:
    return _("The database is not reachable; nothing was saved. Try again in a moment.")


def forget_database() -> None:
    """After the database refused or dropped a connection: end the transaction without failing
    again, and let the rest of this request (error page, locale, context processors) stop asking
    the database: no dialogue to look up, and an anonymous user unless one was already loaded."""
    g.pop("dialogue_id", None)
    if "_login_user" not in g:  # Flask-Login's per-request user: anonymous rather than another query
        g._login_user = AnonymousUserMixin()
    with contextlib.suppress(SQLAlchemyError):
        # The language of the answer, chosen now from what is known of the person: the rollback expires
        # them, and a socket's refusal then asked the database for their language (a traceback, no ack).
        get_locale()
        db.session.rollback()


def wants_json() -> bool:
    """JSON for API clients and fetch() calls that ask for it; the HTML page for browsers."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json" or request.path.startswith("/api/")


def _respond(status: int, code: str, message: str):
    if wants_json():
        return jsonify(ok=False, error=code, message=message), status
    return render_template("errors/error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        return _respond(exc.status, exc.code, exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        db.session.rollback()
        return _respond(400, "csrf", _("Your form expired or was sent from another site. Reload the page and try again."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)  # too busy to lend a connection in time: the same answer
    def database_down(exc: OperationalError | PoolTimeout):
        forget_database()
        app.logger.error("Database unreachable: %s", getattr(exc, "orig", None) or exc)
        return _respond(503, "database_unavailable", database_unreachable())

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def out_of_range_error(exc: Exception):
        """A value the database cannot store (a number too large for its column…) that got past the forms."""
        db.session.rollback()
        return _respond(400, "invalid_input", out_of_range())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        messages = {
            400: _("The request could not be understood."),
            403: _("You are not allowed to do that."),
            404: _("We could not find that page."),
            405: _("That action is not available here."),
            413: _("What you sent is too large."),
            429: _("Too many requests. Wait a moment and try again."),
        }
        status = exc.code or 500
        return _respond(status, exc.name.lower().replace(" ", "_"), messages.get(status, exc.description or ""))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return _respond(500, "server_error", _("Something went wrong on our side. Nothing was saved."))
