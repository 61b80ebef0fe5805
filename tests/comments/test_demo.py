"""The demo threads: created on the demo agenda's items, one anonymous comment showing its group."""
import pytest
from sqlalchemy import select

from dialogues import demo
from dialogues.comments.models import Comment
from dialogues.extensions import db


@pytest.mark.parametrize("language", list(demo.DEMOS))
def test_demo_comments_follow_the_agenda(app, language):
    with app.test_request_context():
        demo.seed(language)
        db.session.commit()
    comments = db.session.scalars(select(Comment)).all()
    assert len(comments) == 8 and any(c.parent_id for c in comments)
    assert all(c.item_id for c in comments)
    [anonymous] = [c for c in comments if c.is_anonymous]
    assert anonymous.show_group and anonymous.group_id
