"""Data exports: the whole dialogue as JSON (schema: docs/export-schema.json) and CSV tables."""
import csv
import io
import json
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem
from ..extensions import db
from ..roundtable.models import Dialogue, Participant
from . import labels
from .document import document, json_default
from .options import ExportOptions
from .recommendation_section import recommendations_table, stances_table
from .sections import comments

SCHEMA_VERSION = 2
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def whole_dialogue(dialogue: Dialogue, options: ExportOptions) -> dict:
    """The document's data (logos by name only) and, with comments, every visible comment."""
    data = {"schema_version": SCHEMA_VERSION, **document(dialogue, options)}
    data["outcome"] = {**data["outcome"], "logos": [{"name": logo["name"], "role": logo["role"]}
                                                    for logo in data["outcome"]["logos"]]}
    data["comments"] = comments(dialogue) if options.comments else []
    return data


def json_file(dialogue: Dialogue, options: ExportOptions) -> bytes:
    return json.dumps(whole_dialogue(dialogue, options), default=json_default, ensure_ascii=False, indent=2).encode()


def _cell(value) -> str:
    """Plain text for a spreadsheet; a leading formula character is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = json_default(value) if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet programs read UTF-8


def comments_csv(dialogue: Dialogue, options: ExportOptions) -> bytes:
    items = dict(db.session.execute(select(AgendaItem.id, AgendaItem.title).where(AgendaItem.dialogue_id == dialogue.id)).all())
    return to_csv([_("Identifier"), _("Agenda item"), _("In reply to"), _("Author"), _("Anonymous"), _("Written at"),
                   _("Text")],
                  ([c["id"], items.get(c["item_id"], ""), c["parent_id"], c["author"], labels.yes_no(c["anonymous"]),
                    c["created_at"], c["body"]] for c in comments(dialogue)))


def participants_csv(dialogue: Dialogue, options: ExportOptions) -> bytes:
    """The registration list for organizers: no e-mail, no gender."""
    people = db.session.scalars(
        select(Participant).where(Participant.dialogue_id == dialogue.id)
        .options(selectinload(Participant.organization), selectinload(Participant.group)).order_by(Participant.name))
    return to_csv([_("Name"), _("Organization"), _("Stakeholder group"), _("Role"), _("Registration"), _("Attended"),
                   _("Listed publicly")],
                  ([p.name, p.organization.name if p.organization else "", p.group.name if p.group else "",
                    p.role.label, p.state.label, labels.yes_no(p.checked_in_at is not None),
                    labels.yes_no(p.consent_listed)] for p in people))


def recommendations_csv(dialogue: Dialogue, options: ExportOptions) -> bytes:
    return to_csv(*recommendations_table(document(dialogue, options)["recommendations"]))


def stances_csv(dialogue: Dialogue, options: ExportOptions) -> bytes:
    return to_csv(*stances_table(dialogue))
