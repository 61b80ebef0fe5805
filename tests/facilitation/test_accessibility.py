"""axe-core (shipped by axe-playwright-python) on the main pages: no serious or critical violation."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from sqlalchemy import select

from dialogues.extensions import db
from dialogues.facilitation.models import Poll, PollOption, PollState, RequestState, SpeakerRequest
from dialogues.roundtable.models import Participant, Role

from ..conftest import settle
from ..factories import make_participant, make_user
from .factories import make_comment, room

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    settle(page)
    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in BLOCKING]


@pytest.fixture
def busy_room():
    """A room with a speaker, a queue, an open poll and comments, so that every panel has content."""
    dialogue, item, moderator, rosa, teodoro = room()
    people = [make_participant(dialogue, make_user(f"Minera {i}")) for i in range(2)]
    db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=people[0].id,
                                  state=RequestState.SPEAKING, started_at=item.created_at, allotted_seconds=120))
    db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=people[1].id, position=1))
    db.session.add(Poll(dialogue_id=dialogue.id, question="¿Fondo rotatorio?", kind="single", state=PollState.OPEN,
                        options=[PollOption(position=0, label="Sí"), PollOption(position=1, label="No")]))
    make_comment(item, people[0], "Pedimos asistencia técnica.", pinned_at=item.created_at)
    organizer = db.session.scalar(select(Participant).where(
        Participant.dialogue_id == dialogue.id, Participant.role == Role.ORGANIZER)).user
    return dialogue, {"rosa": rosa, "moderator": moderator, "organizer": organizer}


@pytest.mark.parametrize("path,who", [
    ("/", None), ("/accounts/login", None), ("/accounts/signup", None), ("/d/{id}", "rosa"),
    ("/d/{id}/register", "newcomer"), ("/d/{id}/participants", "organizer"), ("/d/{id}/console", "moderator"),
    ("/d/{id}/projector", None),
])
def test_no_serious_accessibility_violations(new_page, busy_room, path, who):
    dialogue, people = busy_room
    page = new_page(make_user() if who == "newcomer" else people.get(who))
    assert page.goto(path.format(id=dialogue.id)).ok
    assert violations(page) == []
