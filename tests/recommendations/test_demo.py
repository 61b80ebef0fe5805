"""The demo seed shows every verdict in the matrix."""
from dialogues import demo
from dialogues.extensions import db
from dialogues.recommendations import services


def test_demo_matrix_shows_joint_contested_and_insufficient():
    dialogue = demo.seed()
    db.session.commit()
    verdicts = [figures.verdict for _, figures in services.consensus_for_dialogue(dialogue).rows]
    assert verdicts == ["joint", "contested", "insufficient", "joint", "insufficient"]
