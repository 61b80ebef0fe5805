"""The demo threads: created on the demo agenda's items, one anonymous comment showing its group."""
from sqlalchemy import select

from dialogues import demo
from dialogues.comments.models import Comment
from dialogues.extensions import db


def test_demo_comments_follow_the_agenda(app):
    with app.test_request_context():
        demo.seed()
        db.session.commit()
    comments = db.session.scalars(select(Comment)).all()
    assert len(comments) == 8 and any(c.parent_id for c in comments)
    assert all(c.item_id for c in comments)
    [anonymous] = [c for c in comments if c.is_anonymous]
    assert anonymous.show_group and anonymous.group_id
