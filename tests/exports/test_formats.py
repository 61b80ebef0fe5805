"""Every produced file, opened and read: the title, each adopted recommendation and its consensus."""
import json
from pathlib import Path

import jsonschema
import pytest

from .conftest import ADOPTED_2_TITLE, ADOPTED_TITLE, ANONYMOUS_COMMENT, OPEN_TITLE, SOURCE_COMMENT
from .helpers import docx_parts, pdf_text, produce, text_of

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text())
# The adopted recommendation's consensus: miners 1 support + 1 oppose → 50%; government 1 reservation → 100%.
CONSENSUS = ("50%", "100%")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "json"])
def test_document_holds_title_adopted_recommendations_and_consensus(outcome, fmt):
    text = text_of(fmt, produce(outcome.dialogue, fmt))
    assert "Diálogos del Oro – La Paz" in text
    assert ADOPTED_TITLE in text and ADOPTED_2_TITLE in text
    assert OPEN_TITLE not in text  # adopted only by default
    if fmt != "json":
        for figure in CONSENSUS:
            assert figure in text
    assert "Viceministerio de Cooperativas Mineras" in text  # an actor it addresses
    assert SOURCE_COMMENT in text and ANONYMOUS_COMMENT in text  # the comments it came from


def test_pdf_lists_adopted_first_and_all_on_request(outcome):
    text = pdf_text(produce(outcome.dialogue, "pdf", scope="all", comments=False))
    assert text.index(ADOPTED_TITLE) < text.index(ADOPTED_2_TITLE) < text.index(OPEN_TITLE)
    assert SOURCE_COMMENT not in text


def test_docx_has_real_headings_lists_and_tables(outcome):
    parts = docx_parts(produce(outcome.dialogue, "docx"))
    assert ("Title", "Diálogos del Oro – La Paz") in parts["headings"]
    assert ("Heading 1", "Recommendations") in parts["headings"]
    assert ("Heading 2", f"1. {ADOPTED_TITLE}") in parts["headings"]
    assert ("Heading 3", "Stances by stakeholder group") in parts["headings"]
    assert "AJAM" in parts["lists"]
    assert "Miners and cooperatives" in parts["cells"] and any("50%" in c for c in parts["cells"])
    assert "Follow-up commitments" in [text for _style, text in parts["headings"]]


def test_markdown_has_headings_and_tables(outcome):
    text = produce(outcome.dialogue, "md").decode()
    assert text.startswith("# Diálogos del Oro – La Paz")
    assert f"### 1. {ADOPTED_TITLE}" in text
    assert "| Miners and cooperatives | 1 | 0 | 1 | 0 | 50% |" in text


def test_json_validates_against_its_schema(outcome):
    data = json.loads(produce(outcome.dialogue, "json", scope="all"))
    jsonschema.validate(data, SCHEMA)
    adopted = data["recommendations"][0]
    assert adopted["title"] == ADOPTED_TITLE and adopted["status"] == "adopted"
    miners = adopted["consensus"]["groups"][0]
    assert (miners["support"], miners["oppose"], miners["support_pct"]) == (1, 1, 50)
    assert {c["body"] for c in data["comments"]} == {SOURCE_COMMENT, ANONYMOUS_COMMENT}
    assert data["figures"]["registered"] == 6 and data["figures"]["attended"] == 1


def test_csv_tables(outcome):
    recommendations = produce(outcome.dialogue, "recommendations.csv").decode("utf-8-sig")
    assert recommendations.splitlines()[0].startswith("Number,Identifier,Title,Status")  # headers in its language
    spanish = produce(outcome.dialogue, "recommendations.csv", language="es").decode("utf-8-sig")
    assert spanish.splitlines()[0].startswith("Número,Identificador,Título,Estado")
    french = produce(outcome.dialogue, "recommendations.csv", language="fr").decode("utf-8-sig").splitlines()[0]
    assert french.startswith("Numéro,Identifiant,Titre,Statut") and "Soutien avec réserves" in french
    assert ADOPTED_TITLE in recommendations
    stances = produce(outcome.dialogue, "stances.csv").decode("utf-8-sig")
    assert "Depende del presupuesto 2027" in stances
    comments = produce(outcome.dialogue, "comments.csv").decode("utf-8-sig")
    assert SOURCE_COMMENT in comments and "Reemplazo del mercurio" in comments


def test_csv_neutralises_spreadsheet_formulas(outcome, db):
    outcome.people.listed.name = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    assert "'=HYPERLINK" in produce(outcome.dialogue, "participants.csv").decode("utf-8-sig")


def test_agenda_shows_planned_and_actual_times(outcome):
    text = produce(outcome.dialogue, "md").decode()
    # 09:00 La Paz = 13:00 UTC planned, 45 min; it actually ran 09:05–10:00. One time format throughout (Babel's).
    row = next(line for line in text.splitlines() if line.startswith("| Reemplazo del mercurio")).replace("\u202f", " ")
    assert "| 9:00 AM – 9:45 AM | 9:05 AM – 10:00 AM |" in row


def test_pdf_page_references_follow_the_pages():
    """exports.render keeps pydyf's page references between pages (a tagged PDF asks for them once per
    structure element); they still name every page added since."""
    import pydyf

    from dialogues.exports import render

    render._weasyprint()
    pdf = pydyf.PDF()
    for count in (1, 2, 3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == tuple(f"{number} 0 R".encode() for number in pdf.pages["Kids"][::3])
        assert len(pdf.page_references) == count


def test_pdf_is_written_with_the_collector_paused(outcome):
    """exports.render writes the PDF without cyclic garbage collection (its passes walked the render's live
    objects again and again), at most one pass once it is done, and the collector is on again; the streams,
    deflated at zlib's default level, read back."""
    import gc

    from flask_babel import force_locale

    from dialogues.exports import formats, render
    from dialogues.exports.document import document

    with force_locale("en"):
        doc = document(outcome.dialogue, formats.parse({"format": "pdf", "language": "en"}))
        passes = []

        def count(phase, _info):
            if phase == "start":
                passes.append(phase)

        gc.callbacks.append(count)
        try:
            content = render.pdf(doc)
        finally:
            gc.callbacks.remove(count)
    assert len(passes) <= 1 and gc.isenabled()
    assert ADOPTED_TITLE in pdf_text(content)
