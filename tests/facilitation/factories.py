"""Rows of the other areas that facilitation reads (created directly, as their services live elsewhere)."""
from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.roundtable.models import Role

from ..factories import make_dialogue, make_participant, make_user


def make_item(dialogue, title: str = "Reemplazo del mercurio", state: ItemState = ItemState.RUNNING, **fields):
    item = AgendaItem(dialogue_id=dialogue.id, title=title, state=state, **fields)
    db.session.add(item)
    db.session.commit()
    return item


def make_comment(item, author, body: str = "Necesitamos crédito para retortas.", **fields):
    comment = Comment(dialogue_id=item.dialogue_id, item_id=item.id, author_id=author.id if author else None,
                      body=body, group_id=author.group_id if author else None, **fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def room():
    """A live dialogue with a running item, its moderator and two participants (users)."""
    organizer = make_user("Lucía Quispe")
    dialogue = make_dialogue(organizer)
    moderator, rosa, teodoro = make_user("Jorge Vargas"), make_user("Rosa Huanca"), make_user("Teodoro Condori")
    make_participant(dialogue, moderator, role=Role.MODERATOR, group_key="civil_society")
    make_participant(dialogue, rosa, group_key="miners")
    make_participant(dialogue, teodoro, group_key="government")
    item = make_item(dialogue)
    return dialogue, item, moderator, rosa, teodoro
