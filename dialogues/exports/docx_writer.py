"""The document as DOCX with real headings, lists and tables, so organizers can edit it in Word: the same
paper size as the PDF, a running header and page numbers (a PAGE field), and core properties from the
dialogue."""
import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run
from flask_babel import gettext as _

from ..templating import colon, listed
from . import labels
from .matrix_section import POSITIONS
from .options import LETTER

BAR_WIDTH = 10  # characters of the text bar beside each group's support share
STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")
PAPER = {"a4": (Mm(210), Mm(297)), LETTER: (Mm(215.9), Mm(279.4))}


class Writer:
    """A python-docx Document that sets styles by id, looked up once.

    python-docx resolves a style given by name on every paragraph by scanning all styles (about 2 ms
    each: most of the time of a long document), and fills table cells one ``add_row`` at a time. Here
    paragraphs get the style id directly and a table is made with all its rows at once.
    """

    def __init__(self) -> None:
        self.doc = Document()
        self.style_ids = {name: self.doc.styles[name].style_id for name in STYLES}
        for name in STYLES[:4]:  # no heading alone at the foot of a page
            self.doc.styles[name].paragraph_format.keep_with_next = True

    def paragraph(self, text: str, style: str | None = None):
        paragraph = self.doc.add_paragraph(text)
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        paragraph = self.paragraph(text, "Title" if level == 0 else f"Heading {level}")
        if new_page:
            paragraph.paragraph_format.page_break_before = True

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
        trs[0].get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
        for tr, row in zip(trs[1:], rows):
            for tc, value in zip(tr.tc_lst, row):
                if value not in (None, ""):
                    tc.p_lst[0].add_r().text = str(value)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(w: Writer, d: dict, doc: dict) -> None:
    section = w.doc.sections[0]
    section.page_width, section.page_height = PAPER[doc["options"]["paper"]]
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(20)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = f'{d["title"]} · {labels.version_line(doc)}'
    header.runs[0].font.size = Pt(7.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centred
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _properties(w: Writer, doc: dict) -> None:
    d, props = doc["dialogue"], w.doc.core_properties
    props.title = d["title"]
    props.subject = _("Joint recommendations")
    props.author = props.last_modified_by = d["author"]
    props.language = doc["language"]
    props.keywords = ", ".join(filter(None, (_("Joint recommendations"), d["country"])))
    props.comments = labels.version_line(doc)
    props.version = str(doc["outcome"]["version"])
    props.created = props.modified = doc["outcome"]["date"]


def _bar(pct: int | None) -> str:
    if pct is None:
        return "—"
    filled = round(pct * BAR_WIDTH / 100)
    return labels.percent(pct) + " " + "█" * filled + "░" * (BAR_WIDTH - filled)


def _cover(w: Writer, doc: dict) -> None:
    d = doc["dialogue"]
    for role, title in (("organizer", None), ("supporter", _("With the support of"))):
        logos = [logo for logo in doc["outcome"]["logos"] if logo["role"] == role]
        if not logos:
            continue
        if title:
            w.paragraph(title)
        run = w.paragraph("").add_run()
        for logo in logos:
            height = Mm(18 if role == "organizer" else 12)
            width = min(Mm(50), int(height * logo["width"] / logo["height"]))
            run.add_picture(io.BytesIO(logo["png"]), width=width)
            run.add_text("   ")
    w.paragraph(_("Joint recommendations").upper())
    w.heading(d["title"], 0)
    for line in labels.cover_lines(d):
        w.paragraph(line)
    if d["description"]:
        w.paragraph(d["description"])
    w.paragraph(labels.version_line(doc)).runs[0].bold = True
    w.paragraph(labels.checksum_line(doc)).runs[0].font.size = Pt(7)


def _summary(w: Writer, doc: dict) -> None:
    w.heading(_("Executive summary"), 1, new_page=True)
    for block in filter(None, (b.strip() for b in doc["outcome"]["summary"].split("\n\n"))):
        w.paragraph(block)
    figures = doc["figures"]
    w.heading(_("Key figures"), 2)
    w.paragraph(f'{labels.totals_line(figures)} {labels.tallies_line(doc)}')
    for title, first, rows in ((_("Participants by stakeholder group"), _("Group"),
                                [r for r in figures["by_group"] if r["registered"]]),
                               (_("Participants by gender"), _("Gender"), figures["by_gender"])):
        w.heading(title, 3)
        w.table([first, _("Registered"), _("Attended")],
                [[r["name"], labels.count(r["registered"]), labels.count(r["attended"])] for r in rows])
    w.paragraph(_("Counts by gender under %(n)d people are not shown, nor, where needed, the next smallest, so that nobody can be singled out.", n=figures["gender_min_cell"]))


def _matrix(w: Writer, matrix: dict) -> None:
    w.heading(_("Consensus matrix"), 1, new_page=True)
    w.paragraph(_("Where each stakeholder group stands on each recommendation: the position of the majority of "
                  "its stances."))
    w.table([_("Recommendation"), *matrix["groups"], _("Overall")],
            [[f'{row["number"]}. {row["title"]}', *[f'{c["symbol"]} {c["label"]}' for c in row["cells"]],
              row["verdict_label"]] for row in matrix["rows"]])
    w.paragraph(colon(_("Legend")) + " " + " · ".join(f'{symbol} {label}' for symbol, label in POSITIONS.values()))
    if matrix["absent_groups"]:
        w.paragraph(labels.absent_groups_line(matrix))


def _agenda(w: Writer, items: list[dict], tz: str) -> None:
    w.heading(_("Agenda"), 1)
    if not items:
        w.paragraph(_("No agenda items."))
        return
    w.table([_("Item"), _("Planned"), _("Actual"), _("State")],
            [[i["title"], labels.span(i["planned_start"], i["planned_end"], tz),
              labels.span(i["actual_start"], i["actual_end"], tz), i["state_label"]] for i in items])


def _recommendation(w: Writer, r: dict, tz: str) -> None:
    w.heading(f'{r["number"]}. {r["title"]}', 2)
    w.paragraph(_("Status") + f': {r["status_label"]} · ' + _("Consensus") + f': {r["consensus"]["verdict_label"]}')
    for block in filter(None, (b.strip() for b in r["body"].split("\n\n"))):
        w.paragraph(block)
    if r["actors"]:
        w.heading(_("Addressed to"), 3)
        w.bullets(r["actors"])
    w.heading(_("Stances by stakeholder group"), 3)
    w.table([_("Group"), *labels.stance_headers(), _("Support share")],
            [[c["group"], *[labels.number(c[k]) for k in labels.STANCE_KEYS], _bar(c["support_pct"])]
             for c in r["consensus"]["groups"]])
    sources = [colon(s["author"]) + " " + s["body"] for s in r["sources"]]
    for title, lines in labels.recommendation_lists(r, tz) + ([(_("Comments it came from"), sources)] if sources else []):
        w.heading(title, 3)
        w.bullets(lines)
    if r["follow_up"]:
        f = r["follow_up"]
        w.heading(_("Follow-up"), 3)
        w.paragraph(labels.follow_up_line(f))
        w.bullets([labels.note_line(n) for n in f["notes"]])


def _polls(w: Writer, polls: list[dict]) -> None:
    w.heading(_("Poll results"), 1)
    for p in polls:
        w.heading(p["question"], 2)
        w.paragraph(f'{p["kind_label"]} · {labels.poll_status(p)}')
        if not p["results"]:
            w.paragraph(_("The results are shown once the poll is closed."))
            continue
        w.table([_("Option"), _("Votes"), "%"],
                [[o["label"], labels.number(o["count"]), labels.percent(o["percent"])] for o in p["results"]["options"]])
        if p["results"]["groups"] or p["results"]["withheld"]:
            w.paragraph(_("By stakeholder group"))
            hidden = [_("not shown")] * (len(p["results"]["options"]) + 1)
            w.table(labels.poll_header(p), [[g["name"], *g["counts"], g["voters"]] for g in p["results"]["groups"]]
                    + [[name, *hidden] for name in p["results"]["withheld"]])


def _annex(w: Writer, participants: list[dict]) -> None:
    w.heading(_("Annex: participants"), 1, new_page=True)
    w.paragraph(_("People who agreed to be listed, by stakeholder group and organization."))
    for group, organizations in labels.annex_groups(participants):
        w.heading(group, 2)
        w.table([_("Organization"), _("Name")],
                [[organization or _("No organization"), listed(names)] for organization, names in organizations])


def _signatures(w: Writer, blocks: list[dict], organizers: list[str], tz: str) -> None:
    """The organizers sign first, always; then each organization that endorsed."""
    w.heading(_("Signatures"), 1, new_page=True)
    w.heading(_("For the organizers"), 2)
    if organizers:
        w.paragraph(listed(organizers))
    _sign_lines(w)
    if blocks:
        w.paragraph(_("The organizations below endorsed these recommendations in the application. Their "
                      "representatives sign here."))
    else:
        w.paragraph(_("No organization endorsed these recommendations in the application."))
    for b in blocks:
        w.heading(b["organization"], 2)
        for line in labels.signature_lines(b, tz):
            w.paragraph(line)
        _sign_lines(w)


def _sign_lines(w: Writer) -> None:
    for label in (_("Signature"), _("Name and position"), _("Place and date")):
        blank = w.paragraph("")
        blank.add_run().add_break(WD_BREAK.LINE)
        blank.add_run("_" * 45 + "  " + label)


def write(doc: dict) -> bytes:
    w = Writer()
    w.doc.styles["Normal"].font.name = "DejaVu Sans"
    w.doc.styles["Normal"].font.size = Pt(10)
    tz = doc["dialogue"]["timezone"]
    _page_setup(w, doc["dialogue"], doc)
    _properties(w, doc)
    _cover(w, doc)
    _summary(w, doc)
    _matrix(w, doc["matrix"])
    _agenda(w, doc["agenda"], tz)
    w.heading(_("Recommendations"), 1, new_page=True)
    if not doc["recommendations"]:
        w.paragraph(_("No recommendations."))
    for r in doc["recommendations"]:
        _recommendation(w, r, tz)
    if doc["polls"]:
        _polls(w, doc["polls"])
    if doc["follow_up"]:
        w.heading(_("Follow-up commitments"), 1)
        w.table([_("Recommendation"), _("Responsible"), _("Due"), _("Status")],
                [[f'{r["number"]}. {r["title"]}', r["follow_up"]["responsible_actor"],
                  labels.day(r["follow_up"]["due_date"]), r["follow_up"]["status_label"]] for r in doc["follow_up"]])
    _annex(w, doc["participants"])
    _signatures(w, doc["signatures"], doc["dialogue"]["organizers"], tz)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
