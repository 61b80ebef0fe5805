"""The document as DOCX with real headings, lists and tables, so organizers can edit it in Word."""
import io

from docx import Document
from docx.shared import Pt
from flask_babel import gettext as _

from . import labels

BAR_WIDTH = 10  # characters of the text bar beside each group's support share


def _table(doc, header: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = "" if value is None else str(value)


def _bullets(doc, lines) -> None:
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")


def _bar(pct: int | None) -> str:
    if pct is None:
        return "—"
    filled = round(pct * BAR_WIDTH / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {pct} %"


def _cover(doc, d: dict) -> None:
    doc.add_heading(d["title"], level=0)
    for line in labels.cover_lines(d):
        doc.add_paragraph(line)
    if d["description"]:
        doc.add_paragraph(d["description"])


def _figures(doc, figures: dict) -> None:
    doc.add_heading(_("Participation"), level=1)
    doc.add_paragraph(labels.totals_line(figures))
    for title, rows in ((_("By stakeholder group"), figures["by_group"]), (_("By gender"), figures["by_gender"])):
        doc.add_heading(title, level=2)
        _table(doc, [_("Group") if rows is figures["by_group"] else _("Gender"), _("Registered"), _("Attended")],
               [[r["name"], labels.count(r["registered"], figures["gender_min_cell"]),
                 labels.count(r["attended"], figures["gender_min_cell"])] for r in rows])


def _agenda(doc, items: list[dict], tz: str) -> None:
    doc.add_heading(_("Agenda"), level=1)
    if not items:
        doc.add_paragraph(_("No agenda items."))
        return
    _table(doc, [_("Item"), _("Planned"), _("Actual"), _("State")],
           [[i["title"], labels.span(i["planned_start"], i["planned_end"], tz),
             labels.span(i["actual_start"], i["actual_end"], tz), i["state_label"]] for i in items])


def _recommendation(doc, r: dict) -> None:
    doc.add_heading(f'{r["number"]}. {r["title"]}', level=2)
    doc.add_paragraph(f'{_("Status")}: {r["status_label"]} · {_("Consensus")}: {r["consensus"]["verdict_label"]}')
    for block in filter(None, (b.strip() for b in r["body"].split("\n\n"))):
        doc.add_paragraph(block)
    if r["actors"]:
        doc.add_heading(_("Addressed to"), level=3)
        _bullets(doc, r["actors"])
    doc.add_heading(_("Consensus by stakeholder group"), level=3)
    _table(doc, [_("Group"), *labels.stance_headers(), _("Support")],
           [[c["group"], *[c[k] for k in labels.STANCE_KEYS], _bar(c["support_pct"])] for c in r["consensus"]["groups"]])
    if r["objections"]:
        doc.add_heading(_("Reservations and objections"), level=3)
        _bullets(doc, [labels.objection_line(o) for o in r["objections"]])
    if r["sources"]:
        doc.add_heading(_("Comments it came from"), level=3)
        _bullets(doc, [f'{s["author"]}: {s["body"]}' for s in r["sources"]])


def write(d: dict) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = d["dialogue"]["title"]
    doc.core_properties.language = d["language"]
    _cover(doc, d["dialogue"])
    _figures(doc, d["figures"])
    _agenda(doc, d["agenda"], d["dialogue"]["timezone"])
    doc.add_heading(_("Recommendations"), level=1)
    if not d["recommendations"]:
        doc.add_paragraph(_("No recommendations."))
    for r in d["recommendations"]:
        _recommendation(doc, r)
    if d["follow_up"]:
        doc.add_heading(_("Follow-up commitments"), level=1)
        _table(doc, [_("Recommendation"), _("Responsible"), _("Due"), _("Status")],
               [[r["title"], r["follow_up"]["responsible_actor"], labels.day(r["follow_up"]["due_date"]),
                 r["follow_up"]["status_label"]] for r in d["follow_up"]])
    doc.add_heading(_("Annex: participants"), level=1)
    doc.add_paragraph(_("People who agreed to be listed."))
    _table(doc, [_("Name"), _("Organization"), _("Group")],
           [[p["name"], p["organization"], p["group"]] for p in d["participants"]])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
