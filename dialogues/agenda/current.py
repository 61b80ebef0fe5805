"""The item under discussion, asked by the agenda, the list of speakers, polls and the console alike."""
from sqlalchemy import select

from ..extensions import db
from ..roundtable.models import Dialogue
from .models import AgendaItem, ItemState

CURRENT = (ItemState.RUNNING, ItemState.PAUSED)


def current_item(dialogue: Dialogue) -> AgendaItem | None:
    """The running or paused item; a dialogue has at most one. Read afresh (a writer may have just
    taken the dialogue's lock after another changed it)."""
    return db.session.scalar(
        select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id, AgendaItem.state.in_(CURRENT))
        .order_by(AgendaItem.position).limit(1).execution_options(populate_existing=True))
