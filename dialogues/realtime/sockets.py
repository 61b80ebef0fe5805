"""The plumbing every Socket.IO handler shares: validation, permission errors, rate limits, acks.

Each area names its writes above the payloads they carry, ``@write("comment.edit",
services.edit_comment)`` (``writer``): a grep for an event's name finds its service on that line and
its payload under it. Handlers stay thin: ``on_write`` parses the payload with a pydantic model, calls one service
function, commits once and acknowledges ``{ok: true, id, seq}``; a retried write (same
``client_id`` from the same person) gets the first write's acknowledgement and stores nothing; the
same id from someone else is their own write (the log keeps ``log.client_key`` of the two). Any refusal becomes
``{ok: false, error, message}`` with the transaction rolled back. A write decides with what its
connection knows of the dialogue and of its person's place in it (``connections.known_dialogue``);
when that may have been out of date, it is made once more with both read afresh, and still commits
once.

Retries are rare, so a write is not looked up before it is made: a retry fails on the log's unique
``(dialogue_id, client_id)`` (or on a rule the first write changed, or the rate limit), and only
then is the first write looked up and acknowledged again. The usual write costs no lookup at all.
"""
import functools
from typing import Callable, ClassVar

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.exc import DataError, IntegrityError

from ..errors import (DATABASE_FAULTS, MAX_ID, Conflict, DomainError, InvalidInput, InvalidState, NotAuthenticated,
                      NotFound, NotPermitted, database_unreachable, forget_database, out_of_range)
from ..extensions import db, socketio
from ..rows import arguments, prefetch
from ..security import limits
from . import admission, connections, log, problems


class Payload(BaseModel):
    """Every client message names its dialogue. Unknown fields are refused, types are strict."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)
    dialogue_id: int = Field(gt=0)

    @field_validator("*", mode="after")
    @classmethod
    def ids_fit_the_database(cls, value, info: ValidationInfo):
        """No number (an id, a list of ids…) beyond what a database integer holds reaches a service;
        the error names the field it is in."""
        for number in value if isinstance(value, list) else [value]:
            if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_ID:
                raise PydanticCustomError("out_of_range", "{field} is out of range", {"field": info.field_name})
        return value


class WritePayload(Payload):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    # The fields that name a row, and the service's argument the row arrives as (``rows.arguments``).
    rows: ClassVar[dict[str, tuple]] = {}


def _check_rate(name: str, rate: str | None) -> None:
    """Reads count per person; anonymous readers per connection (one shared bucket would refuse a full room)."""
    if rate:
        limits.check(name, rate, f"user:{current_user.id}" if current_user.is_authenticated else f"sid:{request.sid}")


def _parse(model: type[BaseModel], data) -> BaseModel:
    if not isinstance(data, dict):
        raise InvalidInput(_("The message must be an object."))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = problems.field_of(first)
        problem = problems.sentence(first)
        raise InvalidInput(_("Invalid field “%(field)s”: %(problem)s", field=where, problem=problem), field=where)


def unavailable(name: str, exc: Exception) -> dict:
    """The refusal for a handler the database failed: one log line, the transaction ended quietly."""
    forget_database()
    current_app.logger.error("socket handler %s: database unreachable: %s", name, getattr(exc, "orig", None) or exc)
    return {"ok": False, "error": "database_unavailable", "message": database_unreachable()}


def _guarded(name: str, fn: Callable[[], dict]) -> dict:
    connections.known_person()  # who is asking, as the connection learned on connecting: no query
    try:
        return fn()
    except DomainError as exc:
        db.session.rollback()
        return exc.as_ack()
    except (DataError, OverflowError):
        db.session.rollback()
        return {"ok": False, "error": "invalid_input", "message": out_of_range()}
    except DATABASE_FAULTS as exc:
        return unavailable(name, exc)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("socket handler %s failed", name)
        return {"ok": False, "error": "server_error", "message": _("Something went wrong on our side. Nothing was saved.")}


def on_read(name: str, model: type[Payload], rate: str | None = "60/10seconds"):
    """Register a handler that answers without writing: ``fn(payload) -> dict`` merged into the ack."""

    def register(fn):
        @functools.wraps(fn)
        def handler(data=None):
            def run():
                _check_rate(name, rate)
                return {"ok": True, **fn(_parse(model, data))}

            return _guarded(name, run)

        socketio.on_event(name, handler)
        return fn

    return register


def on_write(name: str, model: type[WritePayload]):
    """Register a write: ``fn(payload, user)`` calls one service, which appends an event with the client id.
    The service carries the action's rate limit (``security.limits.limited``), shared with its form."""

    def register(fn):
        @functools.wraps(fn)
        def handler(data=None):
            def run():
                payload = _parse(model, data)
                if not current_user.is_authenticated:
                    raise NotAuthenticated(_("Sign in first."))
                payload = payload.model_copy(
                    update={"client_id": log.client_key(current_user.id, payload.client_id)})
                with admission.turn(payload.dialogue_id):  # before any pooled connection is taken
                    try:
                        ack = _write_with_knowledge(fn, payload)
                    except (DomainError, IntegrityError):
                        db.session.rollback()
                        earlier = log.find_by_client_id(payload.dialogue_id, payload.client_id)
                        if earlier is None:
                            raise
                        return {"ok": True, "id": earlier.object_id, "seq": earlier.seq}
                return {"ok": True, **ack}

            return _guarded(name, run)

        socketio.on_event(name, handler)
        return fn

    return register


# What a write decided with an out-of-date copy of its dialogue or participation may end in (not a
# rate limit, a busy database or a closed connection: the same again would end the same).
_OUT_OF_DATE = (InvalidInput, NotPermitted, NotFound, InvalidState, Conflict, IntegrityError, log.OutOfDate)


def _write_with_knowledge(fn: Callable, payload: WritePayload) -> dict:
    """The write, deciding with what the connection knows of the dialogue (``connections``); made
    again with everything read afresh if it ended in a way that knowledge may have caused."""
    try:
        return _write(fn, payload, known=True)
    except _OUT_OF_DATE:
        if not connections.relied_on_knowledge():
            raise
        db.session.rollback()
        connections.forget_dialogue(payload.dialogue_id)
        limits.repeating()
        return _write(fn, payload, known=False)


def _write(fn: Callable, payload: WritePayload, *, known: bool) -> dict:
    """One attempt at the write, committed; ``known``: deciding with what the connection knows."""
    log.acknowledge_first()
    fn(payload, current_user._get_current_object(), known=known)  # the person, not the proxy: no lookup per use
    db.session.commit()
    return log.written(payload.client_id) or {"id": None, "seq": None}


def writer(find_dialogue: Callable):
    """An area's way to register its socket writes: ``write = writer(get_dialogue)``, then
    ``@write("agenda.start", services.start_item)`` above the payload the event carries. The handler
    finds the dialogue with ``find_dialogue(id, person, also=…)`` (the rows the payload names come in
    the same query), loads those rows (``rows.arguments``) and calls ``service(dialogue, person,
    **the payload's fields and rows, client_id=…)``."""

    def write(name: str, service: Callable):
        def register(model: type[WritePayload]) -> type[WritePayload]:
            on_write(name, model)(_call(service, find_dialogue))
            return model

        return register

    return write


def _call(service: Callable, find_dialogue: Callable):
    def write(payload: WritePayload, user, known: bool) -> None:
        values = payload.model_dump(exclude={"dialogue_id", "client_id"})
        dialogue = find_dialogue(payload.dialogue_id, user, also=prefetch(values, payload.rows), known=known)
        service(dialogue, user, **arguments(values, dialogue, payload.rows), client_id=payload.client_id)

    write.__name__ = getattr(service, "__name__", "write")
    return write
