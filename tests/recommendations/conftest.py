"""A live dialogue with a moderator, miners and an official, an agenda item and one recommendation."""
from types import SimpleNamespace

import pytest

from dialogues.agenda.models import AgendaItem
from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.recommendations import services
from dialogues.roundtable.models import Role

from ..factories import make_dialogue, make_participant, make_user


def add_comment(dialogue, item, author, body: str, **fields) -> Comment:
    comment = Comment(dialogue_id=dialogue.id, item_id=item.id, author_id=author.id, body=body,
                      group_id=author.group_id, **fields)
    db.session.add(comment)
    db.session.commit()
    return comment


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services translate their messages, which needs a request (the locale comes from it)."""
    with app.test_request_context():
        yield


@pytest.fixture
def room():
    dialogue = make_dialogue()
    item = AgendaItem(dialogue_id=dialogue.id, title="Financiamiento para tecnologías limpias", position=1)
    db.session.add(item)
    moderator = make_user("Jorge Moderador")
    make_participant(dialogue, moderator, role=Role.MODERATOR, group_key="civil_society", consent_listed=True)
    miner, miner2, official = make_user("Teodoro Minero"), make_user("Rosa Minera"), make_user("Patricia Funcionaria")
    people = SimpleNamespace(
        miner=make_participant(dialogue, miner, consent_listed=True),
        miner2=make_participant(dialogue, miner2, consent_listed=False),
        official=make_participant(dialogue, official, group_key="government", consent_listed=True))
    recommendation = services.propose(dialogue, moderator, {
        "title": "Fondo Financiero Minero flexible", "body": "Crear líneas de crédito *flexibles*.",
        "actors": "Ministerio de Minería\nFondo Financiero Minero", "item_id": item.id})
    services.set_status(dialogue, moderator, recommendation, "discussion")
    db.session.commit()
    return SimpleNamespace(dialogue=dialogue, item=item, moderator=moderator, miner=miner, miner2=miner2,
                           official=official, people=people, recommendation=recommendation)
