"""One consensus matrix: every recommendation (rows) against the stakeholder groups that took part
(columns), each cell the group's position in words and a symbol. Positions are read from the counts
recommendations.consensus already computed; groups with nobody registered are named in a note."""
from flask_babel import lazy_gettext as _l

from ..recommendations.consensus import Counts
from ..recommendations.services import Matrix

SUPPORTS, RESERVATIONS, OPPOSES, DIVIDED, ABSTAINED, NONE = (
    "supports", "reservations", "opposes", "divided", "abstained", "none")
# Position → (symbol, words). The symbols are in DejaVu Sans, the documents' font.
POSITIONS = {
    SUPPORTS: ("✓", _l("Supports")),
    RESERVATIONS: ("✓*", _l("Supports with reservations")),
    OPPOSES: ("✗", _l("Opposes")),
    DIVIDED: ("±", _l("Divided")),
    ABSTAINED: ("○", _l("Abstained")),
    NONE: ("—", _l("No stance")),
}


def position(counts: Counts) -> str:
    """A group's position: the majority of its stances (abstentions aside), "with reservations" when
    most of its support came with reservations."""
    if not counts.stances:
        return ABSTAINED if counts.abstain else NONE
    if counts.majority_oppose:
        return OPPOSES
    if counts.majority_support:
        return RESERVATIONS if 2 * counts.reservations > counts.supports else SUPPORTS
    return DIVIDED


def build(recommendations: list[dict], matrix: Matrix) -> dict:
    """Rows from the recommendations section; columns: the groups of ``matrix`` that took part."""
    return {
        "groups": [g.name for g in matrix.groups],
        "absent_groups": [g.name for g in matrix.absent],
        "legend": [{"position": key, "symbol": symbol, "label": str(label)} for key, (symbol, label) in POSITIONS.items()],
        "rows": [{"number": r["number"], "title": r["title"], "status_label": r["status_label"],
                  "verdict_label": r["consensus"]["verdict_label"],
                  "cells": [{"group": c["group"], "position": c["position"], "symbol": POSITIONS[c["position"]][0],
                             "label": str(POSITIONS[c["position"]][1])} for c in r["consensus"]["groups"]]}
                 for r in recommendations],
    }
