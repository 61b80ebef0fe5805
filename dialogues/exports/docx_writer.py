"""The document as DOCX with real headings, lists and tables, so organizers can edit it in Word."""
import io

from docx import Document
from docx.shared import Pt
from docx.text.run import Run
from flask_babel import gettext as _

from ..templating import percent
from . import labels

BAR_WIDTH = 10  # characters of the text bar beside each group's support share
STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")


class Writer:
    """A python-docx Document that sets styles by id, looked up once.

    python-docx resolves a style given by name on every paragraph by scanning all styles (about 2 ms
    each: most of the time of a long document), and fills table cells one ``add_row`` at a time. Here
    paragraphs get the style id directly and a table is made with all its rows at once.
    """

    def __init__(self) -> None:
        self.doc = Document()
        self.style_ids = {name: self.doc.styles[name].style_id for name in STYLES}

    def paragraph(self, text: str, style: str | None = None) -> None:
        paragraph = self.doc.add_paragraph(text)
        if style:
            paragraph._p.style = self.style_ids[style]

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def bullets(self, lines) -> None:
        for line in lines:
            self.paragraph(line, "List Bullet")

    def table(self, header: list[str], rows: list[list]) -> None:
        table = self.doc.add_table(rows=len(rows) + 1, cols=len(header))
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        trs = table._tbl.tr_lst
        for tc, text in zip(trs[0].tc_lst, header):
            run = Run(tc.p_lst[0].add_r(), table)
            run.text, run.bold = str(text), True
        for tr, row in zip(trs[1:], rows):
            for tc, value in zip(tr.tc_lst, row):
                if value not in (None, ""):
                    tc.p_lst[0].add_r().text = str(value)


def _bar(pct: int | None) -> str:
    if pct is None:
        return "—"
    filled = round(pct * BAR_WIDTH / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + " " + percent(pct)


def _cover(w: Writer, d: dict) -> None:
    w.heading(d["title"], 0)
    for line in labels.cover_lines(d):
        w.paragraph(line)
    if d["description"]:
        w.paragraph(d["description"])


def _figures(w: Writer, figures: dict) -> None:
    w.heading(_("Participation"), 1)
    w.paragraph(labels.totals_line(figures))
    for title, rows in ((_("By stakeholder group"), figures["by_group"]), (_("By gender"), figures["by_gender"])):
        w.heading(title, 2)
        w.table([_("Group") if rows is figures["by_group"] else _("Gender"), _("Registered"), _("Attended")],
               [[r["name"], labels.count(r["registered"], figures["gender_min_cell"]),
                 labels.count(r["attended"], figures["gender_min_cell"])] for r in rows])


def _agenda(w: Writer, items: list[dict], tz: str) -> None:
    w.heading(_("Agenda"), 1)
    if not items:
        w.paragraph(_("No agenda items."))
        return
    w.table([_("Item"), _("Planned"), _("Actual"), _("State")],
           [[i["title"], labels.span(i["planned_start"], i["planned_end"], tz),
             labels.span(i["actual_start"], i["actual_end"], tz), i["state_label"]] for i in items])


def _recommendation(w: Writer, r: dict) -> None:
    w.heading(f'{r["number"]}. {r["title"]}', 2)
    w.paragraph(_("Status") + f': {r["status_label"]} · ' + _("Consensus") + f': {r["consensus"]["verdict_label"]}')
    for block in filter(None, (b.strip() for b in r["body"].split("\n\n"))):
        w.paragraph(block)
    if r["actors"]:
        w.heading(_("Addressed to"), 3)
        w.bullets(r["actors"])
    w.heading(_("Consensus by stakeholder group"), 3)
    w.table([_("Group"), *labels.stance_headers(), _("Support")],
           [[c["group"], *[c[k] for k in labels.STANCE_KEYS], _bar(c["support_pct"])] for c in r["consensus"]["groups"]])
    if r["objections"]:
        w.heading(_("Reservations and objections"), 3)
        w.bullets([labels.objection_line(o) for o in r["objections"]])
    if r["sources"]:
        w.heading(_("Comments it came from"), 3)
        w.bullets([f'{s["author"]}: {s["body"]}' for s in r["sources"]])


def _polls(w: Writer, polls: list[dict]) -> None:
    w.heading(_("Poll results"), 1)
    for p in polls:
        w.heading(p["question"], 2)
        w.paragraph(f'{p["kind_label"]} · {labels.poll_status(p)}')
        if not p["results"]:
            w.paragraph(_("The results are shown once the poll is closed."))
            continue
        w.table([_("Option"), _("Votes"), "%"],
                [[o["label"], o["count"], percent(o["percent"])] for o in p["results"]["options"]])
        if p["results"]["groups"]:
            w.paragraph(_("By stakeholder group"))
            w.table(labels.poll_header(p), [[g["name"], *g["counts"], g["voters"]] for g in p["results"]["groups"]])


def write(d: dict) -> bytes:
    w = Writer()
    w.doc.styles["Normal"].font.size = Pt(10.5)
    w.doc.core_properties.title = d["dialogue"]["title"]
    w.doc.core_properties.language = d["language"]
    _cover(w, d["dialogue"])
    _figures(w, d["figures"])
    _agenda(w, d["agenda"], d["dialogue"]["timezone"])
    w.heading(_("Recommendations"), 1)
    if not d["recommendations"]:
        w.paragraph(_("No recommendations."))
    for r in d["recommendations"]:
        _recommendation(w, r)
    if d["polls"]:
        _polls(w, d["polls"])
    if d["follow_up"]:
        w.heading(_("Follow-up commitments"), 1)
        w.table([_("Recommendation"), _("Responsible"), _("Due"), _("Status")],
               [[r["title"], r["follow_up"]["responsible_actor"], labels.day(r["follow_up"]["due_date"]),
                 r["follow_up"]["status_label"]] for r in d["follow_up"]])
    w.heading(_("Annex: participants"), 1)
    w.paragraph(_("People who agreed to be listed."))
    w.table([_("Name"), _("Organization"), _("Group")],
           [[p["name"], p["organization"], p["group"]] for p in d["participants"]])
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
