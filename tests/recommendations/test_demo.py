"""The demo seed shows every verdict in the matrix."""
import pytest

from dialogues import demo
from dialogues.extensions import db
from dialogues.recommendations import services


@pytest.mark.parametrize("language", list(demo.DEMOS))
def test_demo_matrix_shows_joint_contested_and_insufficient(language):
    dialogue = demo.seed(language)
    db.session.commit()
    verdicts = [figures.verdict for _, figures in services.consensus_for_dialogue(dialogue).rows]
    assert verdicts == ["joint", "contested", "insufficient", "joint", "insufficient"]
