"""A refused socket payload worded for its sender: pydantic's error types mapped to our own
translated sentences (pydantic's ``msg`` is English whatever the reader speaks)."""
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic_core import ErrorDetails

# pydantic error type → sentence; ``%(n)s`` is the limit from the error's context, when it has one.
_SENTENCES = {
    "missing": _l("This field is required."),
    "extra_forbidden": _l("This field is not expected here."),
    "int_type": _l("Give a whole number."),
    "int_parsing": _l("Give a whole number."),
    "int_from_float": _l("Give a whole number."),
    "string_type": _l("This field must be text."),
    "bool_type": _l("Give true or false."),
    "list_type": _l("Give a list."),
    "literal_error": _l("Choose one of the allowed values."),
    "string_pattern_mismatch": _l("This value has characters that are not allowed."),
    "string_too_short": _l("This text is too short (at least %(n)s characters)."),
    "string_too_long": _l("This text is too long (at most %(n)s characters)."),
    "too_short": _l("Give at least %(n)s items."),
    "too_long": _l("Give at most %(n)s items."),
    "greater_than": _l("Give a number greater than %(n)s."),
    "greater_than_equal": _l("Give a number of at least %(n)s."),
    "less_than": _l("Give a number less than %(n)s."),
    "less_than_equal": _l("Give a number of at most %(n)s."),
    "out_of_range": _l("This number is too large."),
}
# Which context entry holds the limit, per error type.
_LIMITS = {"string_too_short": "min_length", "string_too_long": "max_length", "too_short": "min_length",
           "too_long": "max_length", "greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt",
           "less_than_equal": "le"}


def field_of(error: ErrorDetails) -> str:
    """The field a problem is about, e.g. ``option_ids.0``; the whole payload when it has no place."""
    return ".".join(str(part) for part in error["loc"]) or "payload"


def sentence(error: ErrorDetails) -> str:
    """What is wrong with one field, in the reader's language."""
    wording = _SENTENCES.get(error["type"])
    if wording is None:
        return _("This value is not valid.")
    limit = (error.get("ctx") or {}).get(_LIMITS.get(error["type"], ""))
    return str(wording) if limit is None else str(wording) % {"n": format_decimal(limit)}
