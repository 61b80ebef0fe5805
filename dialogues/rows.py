"""The one loader: "this row of this dialogue (or of this recommendation), or not found".

Doors (routes and socket handlers) load the rows a request names and pass rows to services; this is
the only place that turns an id from outside into a row. Each model says what it belongs to
(``owner_key``, ``dialogue_id`` unless it says otherwise) and how a missing one is worded
(``missing``). An id of the wrong type or beyond a database integer is the same "not found" as a
row of another dialogue: nobody learns which ids exist elsewhere.
"""
from typing import TypeVar

from flask_babel import gettext as _

from .errors import MAX_ID, NotFound
from .extensions import db

T = TypeVar("T")


def is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def load(model: type[T], row_id: object, owner) -> T:
    """``model``'s row ``row_id`` if it belongs to ``owner`` (a dialogue, or the row named by the
    model's ``owner_key``). Raises NotFound with the model's own words."""
    row = db.session.get(model, row_id) if is_id(row_id) else None
    if row is None or getattr(row, getattr(model, "owner_key", "dialogue_id")) != owner.id:
        missing = getattr(model, "missing", None)
        raise NotFound(str(missing) if missing is not None else _("We could not find that page."))
    return row


def load_optional(model: type[T], row_id: object, owner) -> T | None:
    """Like ``load``, for a field that may be left empty (None or 0): None then."""
    return load(model, row_id, owner) if row_id else None


def arguments(values: dict, dialogue, names: dict[str, tuple]) -> dict:
    """A service's keyword arguments from what a payload or a form sent. ``names`` says which fields
    name a row, how it is loaded and under which argument it arrives: ``{"comment_id": ("comment",
    load, Comment)}`` (``load_optional`` where the field may be empty), with a fourth element when
    another of the rows owns it (``("amendment", load, Amendment, "recommendation")``), else the
    dialogue does. The other fields pass as they are."""
    found = {}
    for field, (argument, loader, model, *owner) in names.items():
        found[argument] = loader(model, values.get(field), found[owner[0]] if owner else dialogue)
    return {**{field: value for field, value in values.items() if field not in names}, **found}


def prefetch(values: dict, names: dict[str, tuple]) -> tuple:
    """The ``(Model, id)`` pairs of the dialogue's rows that ``values`` name, for ``get_dialogue(…, also=…)``."""
    return tuple((model, values[field]) for field, (_argument, _loader, model, *owner) in names.items()
                 if not owner and is_id(values.get(field)))


def reread(row: T) -> T:
    """The row as the database holds it now. A service that serializes its writes re-reads, after
    taking its lock, the rows the door loaded before it: they may have changed in between."""
    db.session.refresh(row)
    return row
