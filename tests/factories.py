"""Builders for test data: ``make_user()``, ``make_dialogue()``, ``make_participant()``."""
import itertools
from datetime import datetime, timedelta

from dialogues.accounts.services import create_account
from dialogues.extensions import db
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import DialogueStatus, Participant, RegistrationState, Role

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def make_user(name: str | None = None, *, email: str | None = None, is_admin: bool = False, locale: str = "en"):
    n = next(_counter)
    user = create_account(name or f"Persona {n}", email or f"persona{n}@example.org", PASSWORD, locale,
                          is_admin=is_admin)
    db.session.commit()
    return user


def make_dialogue(organizer=None, *, status: DialogueStatus = DialogueStatus.LIVE, **fields):
    organizer = organizer or make_user("Organizadora")
    organizer.may_create_dialogues = True  # an administrator's allowance (see platform.services)
    start = datetime(2026, 12, 1, 9, 0)
    data = {"title": "Diálogo de prueba", "starts_at": start, "ends_at": start + timedelta(hours=8),
            "timezone": "America/La_Paz", "language": "en", "requires_approval": True, "allow_anonymous": True}
    data.update(fields)
    dialogue = roundtable.create_dialogue(organizer, data)
    dialogue.status = status
    db.session.commit()
    return dialogue


def make_participant(dialogue, user=None, *, role: Role = Role.PARTICIPANT,
                     state: RegistrationState = RegistrationState.APPROVED, group_key: str = "miners", **fields):
    user = user if user is not None else make_user()
    group = next(g for g in dialogue.groups if g.key == group_key)
    participant = Participant(dialogue_id=dialogue.id, user_id=user.id if user else None,
                              name=user.name if user else fields.pop("name", "Sin cuenta"),
                              role=role, state=state, group_id=group.id, **fields)
    db.session.add(participant)
    db.session.commit()
    return participant


def dialogue_form(**overrides) -> dict:
    """What the dialogue form posts, for a Puno dialogue; ``overrides`` change fields."""
    data = {"title": "Diálogos del Oro – Puno", "description": "Formalización y mercurio", "country": "Perú",
            "region": "Puno", "venue": "Juliaca", "online_url": "https://meet.example.org/puno",
            "starts_at": "2026-12-01T09:00", "ends_at": "2026-12-01T17:00", "timezone": "America/Lima",
            "language": "es", "groups": ["miners", "government", "civil_society"], "requires_approval": "y",
            "allow_anonymous": "y", "min_stances": "2"}
    return {**data, **overrides}
