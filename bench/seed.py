"""``python -m bench.seed --writers N``: the accounts and live dialogue a scaled-out run needs.

Runs against ``DATABASE_URL`` (already migrated) and prints one JSON line: the dialogue, the
organizer's credentials and the participants whose check-in the writers toggle.
"""
import argparse
import json

from dialogues import create_app
from tests.factories import PASSWORD, make_dialogue, make_participant, make_user


def seed(writers: int) -> dict:
    organizer = make_user("Organizadora de carga")
    dialogue = make_dialogue(organizer, title="Diálogo de carga")
    participants = [make_participant(dialogue).id for _ in range(writers)]
    return {"dialogue_id": dialogue.id, "email": organizer.email, "password": PASSWORD,
            "participants": participants}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=1)
    with create_app().app_context():
        print(json.dumps(seed(parser.parse_args().writers)))
