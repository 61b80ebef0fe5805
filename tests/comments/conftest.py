"""Builders for comment tests: a dialogue with one agenda item and people in each role."""
from types import SimpleNamespace

import pytest

from dialogues.agenda.models import AgendaItem
from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.roundtable.models import RegistrationState, Role

from ..factories import make_dialogue, make_participant, make_user


def make_item(dialogue, title: str = "Reemplazo del mercurio", position: int = 1) -> AgendaItem:
    item = AgendaItem(dialogue_id=dialogue.id, title=title, position=position,
                      description="Tecnologías limpias y financiamiento para cooperativas auríferas.")
    db.session.add(item)
    db.session.commit()
    return item


def add_comments(item, author, count: int, replies_each: int = 0) -> list[Comment]:
    """Insert ``count`` top-level comments (each with replies and a reply to the first reply) directly."""
    tops = [Comment(dialogue_id=item.dialogue_id, item_id=item.id, author_id=author.id, body=f"Comentario {n}",
                    group_id=author.group_id) for n in range(count)]
    db.session.add_all(tops)
    db.session.flush()
    for top in tops:
        replies = [Comment(dialogue_id=item.dialogue_id, item_id=item.id, parent_id=top.id, author_id=author.id,
                           body="Respuesta", group_id=author.group_id) for _ in range(replies_each)]
        db.session.add_all(replies)
        if replies:
            db.session.flush()
            db.session.add(Comment(dialogue_id=item.dialogue_id, item_id=item.id, parent_id=replies[0].id,
                                   author_id=author.id, body="Respuesta a la respuesta", group_id=author.group_id))
    db.session.commit()
    return tops


@pytest.fixture
def room():
    """A live dialogue with an item, a moderator, two approved participants and a pending one."""
    dialogue = make_dialogue()
    people = {name: make_user(full) for name, full in
              [("mod", "Jorge Vargas"), ("ana", "Rosa Huanca"), ("ben", "Teodoro Condori"), ("pending", "Hilarión Poma"),
               ("outsider", "Persona Ajena")]}
    parts = {
        "mod": make_participant(dialogue, people["mod"], role=Role.MODERATOR, group_key="civil_society"),
        "ana": make_participant(dialogue, people["ana"], group_key="miners"),
        "ben": make_participant(dialogue, people["ben"], group_key="government"),
        "pending": make_participant(dialogue, people["pending"], state=RegistrationState.PENDING),
    }
    item = make_item(dialogue)
    return SimpleNamespace(dialogue=dialogue, item=item, users=people, parts=parts)
