"""The demo dialogue exports nicely: its PDF and DOCX carry its title and its adopted recommendations."""
import pytest
from sqlalchemy import select

from dialogues import demo
from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, RecommendationStatus

from .helpers import docx_parts, pdf_text, produce


@pytest.mark.parametrize("language", list(demo.DEMOS))
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_demo_dialogue_exports(fmt, language):
    dialogue = demo.seed(language)
    db.session.commit()
    adopted = db.session.scalars(select(Recommendation.title).where(
        Recommendation.dialogue_id == dialogue.id, Recommendation.status == RecommendationStatus.ADOPTED)).all()
    assert adopted
    content = produce(dialogue, fmt, language=language)
    if fmt == "pdf":
        text = pdf_text(content)
        assert dialogue.title in text and all(title in text for title in adopted)
    else:
        headings = [text for _style, text in docx_parts(content)["headings"]]
        assert dialogue.title in headings and all(any(title in h for h in headings) for title in adopted)
