"""The demo dialogue loads once and is realistic enough to show the product."""
from sqlalchemy import func, select

from dialogues.extensions import db
from dialogues.roundtable.models import Dialogue, DialogueStatus, Participant, Role


def test_seed_demo_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    dialogue = db.session.scalar(select(Dialogue))
    assert dialogue.status == DialogueStatus.LIVE and "Oro" in dialogue.title
    roles = dict(db.session.execute(select(Participant.role, func.count()).group_by(Participant.role)).all())
    assert roles[Role.ORGANIZER] == 1 and roles[Role.MODERATOR] == 1 and roles[Role.PARTICIPANT] >= 8
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in again.output
    assert db.session.scalar(select(func.count()).select_from(Dialogue)) == 1
