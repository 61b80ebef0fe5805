"""The outcome document a ministry signs, read back from the files in every language of the application:
cover, summary, one consensus matrix, amendments, endorsements, progress notes, the annex by stakeholder
group, signature blocks; PDF metadata and tags; DOCX page size and page-number field."""
import io
import json

import pytest
from docx import Document
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader

from dialogues.config import Config
from dialogues.exports import formats, labels
from dialogues.exports.document import document

from .conftest import (ACCEPTED_AMENDMENT, ACCEPTED_REASON, ADOPTED_2_TITLE, ADOPTED_TITLE, ENDORSEMENT_STATEMENT,
                       OPEN_AMENDMENT, OPEN_TITLE, PROGRESS_NOTE, REJECTED_AMENDMENT, REJECTED_DECISION)
from .helpers import docx_text, pdf_text

LANGUAGES = Config.LANGUAGES  # French joins these tests when it joins the application
PAGE_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def _produce(dialogue, fmt: str, language: str, **options) -> bytes:
    return formats.render(dialogue, formats.parse({"format": fmt, "language": language, "scope": "all", **options}))


def _expected(dialogue, language: str) -> dict:
    """What the document must say, worded by the application itself in ``language``."""
    with force_locale(language):
        doc = document(dialogue, formats.parse({"format": "pdf", "language": language, "scope": "all"}))
        return {"dates": labels.dates_line(doc["dialogue"]), "version": labels.version_line(doc),
                "headings": [_("Executive summary"), _("Consensus matrix"), _("Signatures")], "overall": _("Overall"),
                "groups": [g["name"] for g in doc["figures"]["by_group"] if g["registered"] and g["id"]],
                "absent": labels.absent_groups_line(doc["matrix"]), "doc": doc,
                "private_endorser": _("A participant from %(group)s", group=doc["figures"]["by_group"][0]["name"])}


def _assert_private(text: str) -> None:
    assert "@" not in text  # no e-mail address
    assert "Efraín Reservado" not in text  # did not consent to be listed


QUOTED = {"es": "«{}»", "en": "“{}”", "fr": "«\u00a0{}\u00a0»"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_reads_as_the_signed_outcome(signed, language):
    content = _produce(signed.dialogue, "pdf", language)
    text, want = pdf_text(content), _expected(signed.dialogue, language)
    assert "Diálogos del Oro – La Paz" in text and " ".join(want["dates"].split()) in text
    assert want["version"] in text and want["doc"]["checksum"] in text.replace(" ", "")  # may wrap
    assert "dejar el mercurio" in text  # the organizer's summary, Markdown rendered
    for heading in want["headings"]:
        assert heading in text
    assert " ".join(want["absent"].split()) in text  # groups with nobody folded into a note (French: no-break space)
    for title in (ADOPTED_TITLE, ADOPTED_2_TITLE, OPEN_TITLE):
        assert text.count(title) >= 2  # a matrix row and its own section
    for line in (ENDORSEMENT_STATEMENT, ACCEPTED_AMENDMENT, ACCEPTED_REASON, REJECTED_AMENDMENT, REJECTED_DECISION,
                 PROGRESS_NOTE, want["private_endorser"]):
        assert line in text
    assert OPEN_AMENDMENT not in text  # only decided amendments
    # The annex by stakeholder group, in the dialogue's order.
    annex = text[text.rindex(want["headings"][2]) - 2000:]
    positions = [annex.find(group) for group in want["groups"]]
    assert -1 not in positions and positions == sorted(positions)
    _assert_private(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_metadata_and_tags(signed, language):
    reader = PdfReader(io.BytesIO(_produce(signed.dialogue, "pdf", language, paper="letter")))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Diálogos del Oro – La Paz"
    assert reader.metadata.author == "Cumbre del Sajama"  # the organizing organization
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged for screen readers
    assert {(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages} == {PAGE_POINTS["letter"]}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_docx_reads_as_the_signed_outcome(signed, language, paper):
    content = _produce(signed.dialogue, "docx", language, paper=paper)
    doc, want = Document(io.BytesIO(content)), _expected(signed.dialogue, language)
    section = doc.sections[0]
    assert (round(section.page_width.pt), round(section.page_height.pt)) == PAGE_POINTS[paper]
    assert 'w:instr="PAGE"' in section.footer._element.xml
    assert "Diálogos del Oro – La Paz" in section.header.paragraphs[0].text
    props = doc.core_properties
    assert props.title == "Diálogos del Oro – La Paz" and props.language == language
    assert props.author == "Cumbre del Sajama"
    text = docx_text(content)
    assert want["dates"] in text and want["version"] in text and "dejar el mercurio" in text
    for line in (ENDORSEMENT_STATEMENT, ACCEPTED_AMENDMENT, REJECTED_DECISION, PROGRESS_NOTE, want["absent"]):
        assert line in text
    assert QUOTED[language].format(ENDORSEMENT_STATEMENT) in text  # each language's quotation marks
    # One matrix: a row per recommendation, a column per group that took part (and the overall verdict).
    matrix = next(t for t in doc.tables if t.rows[0].cells[-1].text == want["overall"])
    assert len(matrix.rows) == 1 + len(want["doc"]["recommendations"]) == 4
    assert [c.text for c in matrix.rows[0].cells[1:-1]] == want["doc"]["matrix"]["groups"]  # no observers' column
    assert len(set(want["groups"]) - set(want["doc"]["matrix"]["groups"])) == 1  # the funder's group: an observer
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    annex = [text for style, text in headings if style == "Heading 2"]
    assert [g for g in annex if g in want["groups"]] == want["groups"]  # annex grouped, in the dialogue's order
    assert ("Heading 2", "Viceministerio de Cooperativas Mineras") in headings  # its signature block
    _assert_private(text)


def test_markdown_json_and_csv_carry_the_new_parts(signed):
    import json

    data = json.loads(_produce(signed.dialogue, "json", "en"))
    assert data["outcome"]["summary"].startswith("Los tres sectores") and data["outcome"]["version"] == 1
    assert len(data["matrix"]["rows"]) == 3 and data["matrix"]["absent_groups"]
    adopted = data["recommendations"][0]
    assert [a["state"] for a in adopted["amendments"]] == ["accepted", "rejected"]
    assert adopted["endorsements"][0]["statement"] == ENDORSEMENT_STATEMENT
    assert adopted["follow_up"]["notes"] == [{"on": "2027-01-15", "body": PROGRESS_NOTE}]
    assert {b["organization"] for b in data["signatures"]} == {"Viceministerio de Cooperativas Mineras", "FENCOMIN"}
    markdown = _produce(signed.dialogue, "md", "en").decode()
    assert "## Consensus matrix" in markdown and PROGRESS_NOTE in markdown and "## Signatures" in markdown
    csv = _produce(signed.dialogue, "recommendations.csv", "en").decode("utf-8-sig")
    assert "Amendments accepted,Amendments rejected" in csv.splitlines()[0] and PROGRESS_NOTE in csv
    for text in (json.dumps(data, ensure_ascii=False), markdown, csv):
        _assert_private(text)


def test_only_groups_that_took_part_have_columns(signed):
    """Groups with nobody registered, and the funders' group with an observer only, take no position."""
    doc = _expected(signed.dialogue, "en")["doc"]
    assert doc["matrix"]["absent_groups"] == ["Market and buyers", "International cooperation", "Academia"]
    assert [c["group"] for c in doc["recommendations"][0]["consensus"]["groups"]] == doc["matrix"]["groups"]
    miners = doc["matrix"]["rows"][0]["cells"][0]  # 1 support, 1 oppose: divided
    assert (miners["position"], miners["symbol"]) == ("divided", "±")


def test_dates_times_and_percentages_by_babel(outcome):
    with force_locale("es"):
        doc = document(outcome.dialogue, formats.parse({"format": "pdf", "language": "es"}))
        assert labels.dates_line(doc["dialogue"]) == "martes, 1 de diciembre de 2026, de 9:00 a 17:00 (hora de Bolivia)"
        assert labels.percent(44) == "44\xa0%"
    with force_locale("en"):
        assert labels.percent(44) == "44%" and labels.span(doc["agenda"][0]["planned_start"],
                                                            doc["agenda"][0]["planned_end"], "America/La_Paz") \
            == "9:00\u202fAM – 9:45\u202fAM"


def test_letters_of_quechua_aymara_and_french_print_and_emoji_leave_cleanly(outcome, db):
    outcome.adopted.title = "Ñuqanchik qhapaq ch'uqi 🌍 – Aymar aru: ä ï ü ʼ – français : œ ç"
    db.session.commit()
    text = pdf_text(_produce(outcome.dialogue, "pdf", "es"))
    assert "Ñuqanchik qhapaq ch'uqi – Aymar aru: ä ï ü ʼ – français : œ ç" in text


def test_paper_defaults_by_country():
    from dialogues.exports.options import default_paper

    assert [default_paper(c) for c in ("Bolivia", "Perú", "Estados Unidos", "México", "Colombia", "PH", "")] == \
        ["a4", "a4", "letter", "letter", "letter", "letter", "a4"]


def test_the_organizers_sign_first_and_each_figure_has_its_own_plural(signed):
    """The outcome is signed by its organizers whether or not anyone endorsed it, and a figure of one
    reads in the singular ("1 adoptada", not "1 adoptadas")."""
    markdown = _produce(signed.dialogue, "md", "es").decode()
    signatures = markdown[markdown.index("## Firmas"):]
    assert signatures.index("### Por los organizadores") < signatures.index("### FENCOMIN")
    assert "Firma: ______" in signatures[:signatures.index("### FENCOMIN")]
    tallies = json.loads(_produce(signed.dialogue, "json", "es"))["outcome"]["tallies"]
    if tallies["adopted"] == 1:
        assert "1 adoptada," in markdown
    assert f'{tallies["recommendations"]} recomendaciones debatidas' in markdown or \
        f'{tallies["recommendations"]} recomendación debatida' in markdown
    docx = Document(io.BytesIO(_produce(signed.dialogue, "docx", "fr")))
    assert any(p.style.name == "Heading 2" and p.text == "Pour les organisateurs" for p in docx.paragraphs)
