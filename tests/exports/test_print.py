"""The print page prints on the paper chosen, as the PDF does: one named page in the stylesheet for both."""
import io

import pytest
from pypdf import PdfReader

from .test_document import PAGE_POINTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_print_page_prints_on_the_paper_chosen(new_page, outcome, paper):
    page = new_page(outcome.organizer)
    page.goto(f"/d/{outcome.dialogue.id}/export/print?paper={paper}&scope=all")
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) > 1
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in printed.pages} == {PAGE_POINTS[paper]}
