"""Moving to the next item while people wait to speak asks what becomes of them: nobody is dropped silently."""
import pytest
from sqlalchemy import select

from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.extensions import db
from dialogues.facilitation.models import RequestState, SpeakerRequest
from dialogues.roundtable.models import Participant

from .factories import make_item, room
from .test_browser import live
from .test_speakers_sockets import send


def waiting_room():
    """The room's item with Rosa then Teodoro waiting, and a pending item after it."""
    dialogue, item, moderator, rosa, teodoro = room()
    item.position = 1
    following = make_item(dialogue, "Seguridad y salud ocupacional", state=ItemState.PENDING, position=2)
    for position, user in enumerate((rosa, teodoro), start=1):
        person = db.session.scalar(select(Participant).where(Participant.user_id == user.id))
        db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=person.id,
                                      position=position))
    db.session.commit()
    return dialogue, item, following, moderator


def waiting_on(item) -> list[str]:
    db.session.expire_all()
    return [r.participant.name for r in db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.item_id == item.id, SpeakerRequest.state == RequestState.WAITING)
        .order_by(SpeakerRequest.position))]


def test_next_item_asks_then_carries_the_list_over(socket_client):
    dialogue, item, following, moderator = waiting_room()
    console = socket_client(moderator)
    refused = send(console, "agenda.next", dialogue, item_id=item.id)
    assert refused["error"] == "invalid_input" and "2 people are waiting" in refused["message"]
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).state == ItemState.RUNNING  # nothing moved
    assert waiting_on(item) == ["Rosa Huanca", "Teodoro Condori"]

    assert send(console, "agenda.next", dialogue, item_id=item.id, waiting="carry")["ok"]
    assert db.session.get(AgendaItem, following.id).state == ItemState.RUNNING
    assert waiting_on(following) == ["Rosa Huanca", "Teodoro Condori"] and waiting_on(item) == []


def test_next_item_form_clears_the_list_when_told(client, login_as):
    dialogue, item, following, moderator = waiting_room()
    login_as(moderator)
    refused = client.post(f"/d/{dialogue.id}/agenda/next", data={"item_id": item.id},
                          headers={"Referer": f"http://localhost/d/{dialogue.id}/console"})
    assert refused.status_code == 302
    assert "2 people are waiting" in client.get(f"/d/{dialogue.id}/console").get_data(as_text=True)
    assert waiting_on(item) == ["Rosa Huanca", "Teodoro Condori"]
    cleared = client.post(f"/d/{dialogue.id}/agenda/next", data={"item_id": item.id, "waiting": "clear"})
    assert cleared.status_code == 302
    assert waiting_on(item) == [] and waiting_on(following) == []
    assert db.session.get(AgendaItem, following.id).state == ItemState.RUNNING


@pytest.mark.browser
def test_console_asks_and_keeps_the_list(new_page):
    dialogue, item, following, moderator = waiting_room()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    choice = console.locator("[data-waiting-choice]")
    assert choice.is_hidden()
    console.get_by_role("button", name="Next item").click()
    carry = console.get_by_label("Carry the list of speakers over to the next item")
    carry.wait_for()
    assert carry.evaluate("el => el === document.activeElement")
    console.keyboard.press("Space")
    console.get_by_role("button", name="Next item").click()
    console.locator('[data-panel="console-speakers"]', has_text="Seguridad y salud ocupacional").wait_for()
    assert waiting_on(following) == ["Rosa Huanca", "Teodoro Condori"]
