"""Builders shared by the agenda tests."""
from dialogues.agenda import services
from dialogues.extensions import db
from dialogues.roundtable.models import Role

from ..factories import make_dialogue, make_participant, make_user


def live_agenda(titles=("Apertura", "Financiamiento", "Mercurio"), **dialogue_fields):
    """A live dialogue with a moderator and an agenda; returns (dialogue, moderator, items)."""
    dialogue = make_dialogue(**dialogue_fields)
    moderator = make_user("Moderador")
    make_participant(dialogue, moderator, role=Role.MODERATOR)
    items = [services.add_item(dialogue, moderator, {"title": t, "planned_minutes": 20}) for t in titles]
    db.session.commit()
    return dialogue, moderator, items


def participant_of(dialogue):
    user = make_user()
    make_participant(dialogue, user)
    return user
