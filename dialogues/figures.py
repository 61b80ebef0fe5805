"""Figures safe to show: counts about people, with small cells hidden (any area may use them)."""
from flask import current_app


def min_cell() -> int:
    """The smallest count of people shown as a number (``GENDER_MIN_CELL``, 3 by default)."""
    return current_app.config["GENDER_MIN_CELL"]


def suppress_small_cells(rows: list[tuple]) -> list[tuple]:
    """``(label, count)`` rows with the counts that could single someone out replaced by None ("not shown").

    Every count below ``min_cell()`` is hidden, zero included. The rows always stand beside a total
    (of voters, of participants), and the total minus the shown counts is what the hidden ones hold
    together: while that is one or two people, the smallest shown count is hidden too, and so on, so
    that subtracting never tells fewer than ``min_cell()`` people apart.
    """
    minimum = min_cell()
    hidden = {place for place, (_label, n) in enumerate(rows) if n < minimum}
    shown = sorted((n, place) for place, (_label, n) in enumerate(rows) if place not in hidden)
    while shown and 0 < sum(rows[place][1] for place in hidden) < minimum:
        hidden.add(shown.pop(0)[1])
    return [(label, None if place in hidden else n) for place, (label, n) in enumerate(rows)]
