"""Demo content for facilitation: hands raised on the current item and an open agree–disagree poll."""
from sqlalchemy import select

from ..clock import utcnow
from ..agenda.models import AgendaItem
from ..extensions import db
from ..roundtable.models import Dialogue, Participant, RegistrationState, Role
from .models import Poll, PollKind, PollOption, PollState, SpeakerRequest, Vote
from ..agenda.current import current_item

# Per dialogue language: the poll's question, who raised a hand, and the ballots by voter as scale
# positions (0 = strongly agree … 4 = strongly disagree).
QUESTION = {"es": "¿Priorizar el reemplazo del mercurio en 2027?",
            "fr": "Faut-il rendre la traçabilité de l’or obligatoire dès 2027 ?"}
HANDS = {"es": ("Rosa Huanca Choque", "Marcelo Gutiérrez Paz", "Justina Mamani Ticona", "Efraín Tola Ticona"),
         "fr": ("Awa Ouédraogo", "Adama Ouattara", "Aminata Yaméogo", "Salif Zongo")}
BALLOTS = {"es": {"Teodoro Condori Apaza": 1, "Rosa Huanca Choque": 0, "Efraín Tola Ticona": 3,
                  "Sonia Mendoza Callisaya": 0, "Patricia Flores Rojas": 1, "Marcelo Gutiérrez Paz": 2,
                  "Daniel Arce Villca": 1, "Carla Rivero Soliz": 0, "Justina Mamani Ticona": 0},
           "fr": {"Boureima Kaboré": 1, "Awa Ouédraogo": 0, "Salif Zongo": 3, "Rasmata Kinda": 0,
                  "Fatimata Sanou": 1, "Adama Ouattara": 2, "Jean-Baptiste Somé": 1, "Clarisse Zida": 0,
                  "Aminata Yaméogo": 0}}


def _people(dialogue: Dialogue) -> dict[str, Participant]:
    return {p.name: p for p in db.session.scalars(select(Participant).where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED,
        Participant.role != Role.OBSERVER))}


def raise_hands(dialogue: Dialogue, item: AgendaItem) -> None:
    people = _people(dialogue)
    for position, name in enumerate(HANDS[dialogue.language], start=1):
        if name in people:
            db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant=people[name],
                                          position=position))
    db.session.flush()


def open_poll(dialogue: Dialogue, item: AgendaItem | None) -> Poll:
    people = _people(dialogue)
    poll = Poll(dialogue_id=dialogue.id, item_id=item.id if item else None, question=QUESTION[dialogue.language],
                kind=PollKind.SCALE, state=PollState.OPEN, opened_at=utcnow(), options=[PollOption(position=i) for i in range(5)])
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(Vote(poll_id=poll.id, option_id=poll.options[position].id, participant_id=people[name].id)
                       for name, position in BALLOTS[dialogue.language].items() if name in people)
    db.session.flush()
    return poll


def seed(dialogue: Dialogue) -> None:
    """Rows written directly (the demo has no acting user). Hands only when an item is under way."""
    item = current_item(dialogue)
    if item is not None:
        raise_hands(dialogue, item)
    open_poll(dialogue, item)
