"""Figures safe to show: counts about people, with small cells hidden (any area may use them)."""
from flask import current_app


def min_cell() -> int:
    """The smallest count of people shown as a number (``GENDER_MIN_CELL``, 3 by default)."""
    return current_app.config["GENDER_MIN_CELL"]


def suppress_small_cells(rows: list[tuple]) -> list[tuple]:
    """``(label, count)`` rows with every count below ``min_cell()`` replaced by None ("fewer than N").

    Zero is hidden too: next to a total, an exact zero would reveal what the hidden cells hold.
    """
    minimum = min_cell()
    return [(label, n if n >= minimum else None) for label, n in rows]
