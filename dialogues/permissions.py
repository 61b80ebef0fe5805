"""One way to ask "may this person do this here": ``can(rule, dialogue, person)``.

The rules themselves live in the services of their area, as ``require_…`` functions that raise
NotPermitted (services call them before they change anything, whichever door the request came
through). Each registers itself here under a short name with ``@rule("moderate")``; routes,
socket handlers and templates ask by that name and never re-implement a rule.
"""
from typing import Callable

from .errors import NotPermitted

_RULES: dict[str, Callable] = {}


def rule(name: str):
    """Register a ``require_…(dialogue, person, *args)`` function as the rule ``name``."""

    def register(check: Callable) -> Callable:
        if name in _RULES:
            raise ValueError(f"permission rule {name!r} is defined twice")
        _RULES[name] = check
        return check

    return register


def require(name: str, dialogue, person, *args):
    """Apply the rule (raises NotPermitted); returns what the rule returns (usually the membership)."""
    return _RULES[name](dialogue, person, *args)


def can(name: str, dialogue, person, *args) -> bool:
    """Whether the rule lets ``person`` act on ``dialogue`` (and ``args``), without raising."""
    try:
        require(name, dialogue, person, *args)
    except NotPermitted:
        return False
    return True


def rules() -> list[str]:
    return sorted(_RULES)
