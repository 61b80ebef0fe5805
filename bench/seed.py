"""``python -m bench.seed --writers N --posters M``: the accounts and live dialogue a scaled-out run needs.

Runs against ``DATABASE_URL`` (already migrated) and prints one JSON line: the dialogue, the
organizer's credentials, the participants whose check-in the writers toggle, and the user ids of
``M`` approved participants who post comments on the running agenda item.
"""
import argparse
import json

from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from dialogues import create_app
from dialogues.accounts.models import User, new_session_token
from dialogues.agenda import services as agenda
from dialogues.extensions import db
from dialogues.roundtable.models import Participant, RegistrationState, Role
from tests.factories import PASSWORD, make_dialogue, make_participant, make_user


def posters(dialogue, count: int) -> list[str]:
    """``count`` accounts with approved registrations, inserted in bulk (one password hash for all);
    returns what their session cookies hold (``User.get_id``: id and session token)."""
    if not count:
        return []
    password_hash = generate_password_hash(PASSWORD)
    tokens = [new_session_token() for _ in range(count)]
    user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
        {"name": f"Minera {n}", "email": f"poster{n}@bench.example.org", "password_hash": password_hash,
         "locale": "es", "session_token": tokens[n]} for n in range(count)]).all()
    group_ids = [g.id for g in dialogue.groups]
    db.session.execute(insert(Participant), [
        {"dialogue_id": dialogue.id, "user_id": uid, "name": f"Minera {n}", "role": Role.PARTICIPANT,
         "state": RegistrationState.APPROVED, "group_id": group_ids[n % len(group_ids)]}
        for n, uid in enumerate(user_ids)])
    db.session.commit()
    return [f"{uid}:{token}" for uid, token in zip(user_ids, tokens)]


def seed(writers: int, poster_count: int = 0) -> dict:
    organizer = make_user("Organizadora de carga")
    dialogue = make_dialogue(organizer, title="Diálogo de carga")
    participants = [make_participant(dialogue).id for _ in range(writers)]
    item = agenda.add_item(dialogue, organizer, {"title": "Reemplazo del mercurio", "planned_minutes": 60})
    agenda.start_item(dialogue, organizer, item)
    db.session.commit()
    return {"dialogue_id": dialogue.id, "email": organizer.email, "password": PASSWORD,
            "participants": participants, "item_id": item.id, "posters": posters(dialogue, poster_count)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--posters", type=int, default=0)
    options = parser.parse_args()
    with create_app().app_context():
        print(json.dumps(seed(options.writers, options.posters)))
