"""The demo threads: created on the demo agenda's items, one anonymous comment showing its group."""
from sqlalchemy import select

from dialogues import demo
from dialogues.agenda.models import AgendaItem
from dialogues.comments import demo as comments_demo
from dialogues.comments.models import Comment
from dialogues.extensions import db


def test_demo_comments_follow_the_agenda(app):
    with app.test_request_context():
        dialogue = demo.seed()
        assert db.session.query(Comment).count() == 0  # no agenda items yet: nothing to comment on
        for position, title in enumerate(["Financiamiento para tecnologías limpias", "Salud ocupacional"], 1):
            db.session.add(AgendaItem(dialogue_id=dialogue.id, title=title, position=position))
        db.session.flush()
        comments_demo.seed(dialogue)
        db.session.commit()
    comments = db.session.scalars(select(Comment)).all()
    assert len(comments) == 8 and any(c.parent_id for c in comments)
    [anonymous] = [c for c in comments if c.is_anonymous]
    assert anonymous.show_group and anonymous.group_id
