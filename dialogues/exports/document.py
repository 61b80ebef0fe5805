"""The document as plain data, built once and shared by every format (HTML/PDF, DOCX, Markdown, JSON).

Call inside ``force_locale(language)``: labels are translated while the data is built. The privacy rules
for people live in exports.sections."""
import hashlib
import json
from datetime import date, datetime

from ..clock import iso
from ..recommendations.services import consensus_for_dialogue
from ..roundtable.models import Dialogue
from . import matrix_section, outcome_section, poll_section, recommendation_section, sections, signature_section
from .options import ExportOptions


def document(dialogue: Dialogue, options: ExportOptions) -> dict:
    matrix = consensus_for_dialogue(dialogue)
    figures = sections.figures(dialogue)
    recommendations = recommendation_section.build(dialogue, options, matrix)
    doc = {
        "language": options.language,
        "options": options.as_dict(),
        "dialogue": sections.cover(dialogue),
        "outcome": outcome_section.build(dialogue, matrix),
        "figures": figures,
        "matrix": matrix_section.build(recommendations, matrix),
        "agenda": sections.agenda(dialogue),
        "recommendations": recommendations,
        "follow_up": [r for r in recommendations if r["follow_up"]],
        "polls": poll_section.build(dialogue),
        "participants": sections.annex(dialogue),
        "signatures": signature_section.build(recommendations),
    }
    doc["checksum"] = checksum(doc)
    return doc


def json_default(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def checksum(doc: dict) -> str:
    """SHA-256 of the document's content (its data, not one file's bytes, and not the date a draft was
    exported): printed in every format of a version, so that a reader can tell two copies say the same."""
    content = {k: v for k, v in doc.items() if k not in ("options", "checksum")}
    content["outcome"] = {k: v for k, v in doc["outcome"].items() if k != "date"}  # a draft's is "now"
    return hashlib.sha256(json.dumps(content, default=json_default, sort_keys=True).encode()).hexdigest()
