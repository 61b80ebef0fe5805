"""The demo dialogues load once and are realistic enough to show the product: La Paz in Spanish,
Ouagadougou in French."""
import pytest
from sqlalchemy import func, select

from dialogues import demo
from dialogues.extensions import db
from dialogues.roundtable.models import Dialogue, DialogueStatus, Participant, Role


def test_seed_demo_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    bolivia = db.session.scalar(select(Dialogue).where(Dialogue.language == "es"))
    assert bolivia.status == DialogueStatus.LIVE and "Oro" in bolivia.title
    burkina = db.session.scalar(select(Dialogue).where(Dialogue.language == "fr"))
    assert burkina.status == DialogueStatus.LIVE and burkina.timezone == "Africa/Ouagadougou"
    assert "orpaillage" in burkina.title and "Ouagadougou" in burkina.venue
    for dialogue in (bolivia, burkina):
        roles = dict(db.session.execute(select(Participant.role, func.count()).where(
            Participant.dialogue_id == dialogue.id).group_by(Participant.role)).all())
        assert roles[Role.ORGANIZER] == 1 and roles[Role.MODERATOR] == 1 and roles[Role.PARTICIPANT] >= 8
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in again.output
    assert db.session.scalar(select(func.count()).select_from(Dialogue)) == len(demo.DEMOS) == 2


@pytest.mark.parametrize("language", list(demo.DEMOS))
def test_demo_accounts_speak_their_dialogues_language(language):
    dialogue = demo.seed(language)
    db.session.commit()
    people = db.session.scalars(select(Participant).where(Participant.dialogue_id == dialogue.id,
                                                          Participant.user_id.is_not(None))).all()
    assert people and {p.user.locale for p in people} == {language}


@pytest.mark.parametrize("language", list(demo.DEMOS))
def test_the_demo_takes_place_today_where_it_is_held(language):
    """Its day is today in its own time zone, whatever the server's date: seeded in La Paz's evening,
    UTC is already tomorrow, and the dialogue was dated tomorrow while its comments were stamped today."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    dialogue = demo.seed(language)
    db.session.commit()
    here = ZoneInfo(dialogue.timezone)
    local_start = dialogue.starts_at.replace(tzinfo=timezone.utc).astimezone(here)
    assert local_start.date() == datetime.now(here).date() and local_start.hour == 9
    people = db.session.scalars(select(Participant.checked_in_at).where(
        Participant.dialogue_id == dialogue.id, Participant.checked_in_at.is_not(None))).all()
    assert people and set(people) == {dialogue.starts_at}
