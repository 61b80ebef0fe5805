"""Open produced files and return their text, the way a reader (or a search) would see it."""
import io
import json

from docx import Document
from pypdf import PdfReader

from dialogues.exports import formats


def produce(dialogue, fmt: str, **options) -> bytes:
    return formats.render(dialogue, formats.parse({"format": fmt, "language": "en", **options}))


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks folded, so that wrapped sentences can be searched."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def docx_parts(content: bytes) -> dict:
    """Headings (by level), paragraphs, and table cells of a DOCX."""
    doc = Document(io.BytesIO(content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return {"headings": headings, "paragraphs": [p.text for p in doc.paragraphs], "cells": cells,
            "lists": [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]}


def docx_text(content: bytes) -> str:
    parts = docx_parts(content)
    return "\n".join(parts["paragraphs"] + parts["cells"])


def text_of(fmt: str, content: bytes) -> str:
    """Everything a person could read in the file."""
    if fmt == "pdf":
        return pdf_text(content)
    if fmt == "docx":
        return docx_text(content)
    if fmt == "json":
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8-sig")
