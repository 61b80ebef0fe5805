"""In real Chromium: a hand raised on a phone reaches the console and, with the floor, the projector."""
import pytest

from .factories import room

pytestmark = pytest.mark.browser


def mark(page):
    """Set a marker that a reload would erase."""
    page.evaluate("window.__noReload = true")


def still_same_page(page) -> bool:
    return page.evaluate("window.__noReload === true")


def live(page, path: str):
    page.goto(path)
    page.wait_for_selector('[data-live-state][data-state="live"]')
    mark(page)
    return page


def test_hand_raised_floor_given_projector_shows_speaker(new_page):
    dialogue, item, moderator, rosa, _ = room()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    projector = live(new_page(), f"/d/{dialogue.id}/projector")
    phone = live(new_page(rosa), f"/d/{dialogue.id}")

    phone.get_by_role("button", name="Ask to speak").click()
    phone.get_by_role("button", name="Lower my hand").wait_for()

    queue = console.locator('[data-panel="console-speakers"] .console-queue')
    queue.locator(".who", has_text="Rosa Huanca").wait_for()
    projector.locator(".p-floor .queue .who", has_text="Rosa Huanca").wait_for()

    console.get_by_role("button", name="Next speaker: Rosa Huanca").click()
    projector.locator(".p-speaker", has_text="Rosa Huanca").wait_for()
    console.locator('[data-panel="console-speakers"] [data-speaking]', has_text="Rosa Huanca").wait_for()
    phone.locator('[data-panel="speakers"] [data-floor-mine]', has_text="You have the floor.").wait_for()
    assert all(still_same_page(p) for p in (console, projector, phone))


def test_a_flagged_comment_leaves_the_projector_live_and_comes_back_when_dismissed(new_page):
    """The flag and its dismissal reach only moderators: the projector, in the public room, hears
    their seq stubs and re-reads the wall."""
    from sqlalchemy import select

    from dialogues.extensions import db
    from dialogues.roundtable.models import Participant

    from .factories import make_comment

    dialogue, item, moderator, rosa, teodoro = room()
    author = db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))
    comment = make_comment(item, author, "Ese funcionario es un corrupto")
    make_comment(item, author, "Pedimos retortas para Madre de Dios")
    projector = live(new_page(), f"/d/{dialogue.id}/projector")
    wall = projector.locator(".p-comments")
    wall.get_by_text("Ese funcionario es un corrupto").wait_for()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    phone = live(new_page(teodoro, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True),
                 f"/d/{dialogue.id}/items/{item.id}")

    phone.once("dialog", lambda dialog: dialog.accept("Insulta a una persona"))
    phone.locator(f"#c-{comment.id} [data-ask='comment.flag']").first.click()
    wall.get_by_text("Ese funcionario es un corrupto").wait_for(state="detached")
    assert wall.get_by_text("Pedimos retortas para Madre de Dios").is_visible()
    assert phone.locator(f"#c-{comment.id}").get_by_text("Ese funcionario es un corrupto").is_visible()

    console.get_by_role("button", name="Dismiss the flags").click()
    wall.get_by_text("Ese funcionario es un corrupto").wait_for()
    assert all(still_same_page(p) for p in (projector, console, phone))


def test_vote_from_the_phone_updates_the_console_live(new_page):
    from dialogues.extensions import db
    from dialogues.recommendations import services as recommendations

    dialogue, item, moderator, rosa, _ = room()
    recommendations.propose(dialogue, moderator, {"title": "Fondo Financiero Minero flexible", "body": "Crédito.",
                                                  "actors": "", "item_id": item.id})
    db.session.commit()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    console.fill("#question", "¿Priorizar el reemplazo del mercurio en 2027?")
    console.select_option("#kind", "scale")
    console.select_option("#recommendation_id", label="Fondo Financiero Minero flexible")  # chosen by its title
    console.get_by_role("button", name="Create the poll").click()  # created and opened in one step
    console.get_by_role("button", name="Close the poll").wait_for()
    console.locator('[data-panel="console-polls"]', has_text="tests: Fondo Financiero Minero flexible").wait_for()

    phone = live(new_page(rosa), f"/d/{dialogue.id}")
    phone.get_by_label("Strongly agree").check()
    phone.get_by_role("button", name="Vote", exact=True).click()
    phone.get_by_role("button", name="Change my vote").wait_for()
    console.locator('[data-panel="console-polls"] [data-voters="1"]').wait_for()
    assert still_same_page(console) and still_same_page(phone)


def test_projector_with_demo_data_at_full_hd(new_page, tmp_path):
    """Also the README's picture: ``SCREENSHOT_DIR=docs pytest -k full_hd`` rewrites docs/projector.png."""
    import os
    from datetime import timedelta
    from pathlib import Path

    from sqlalchemy import select

    from dialogues import demo
    from dialogues.clock import utcnow
    from dialogues.comments.models import Comment
    from dialogues.extensions import db
    from dialogues.facilitation.models import RequestState, SpeakerRequest
    from dialogues.facilitation.speakers import current_item

    dialogue = demo.seed()  # funding is under discussion, with hands raised and comments
    item = current_item(dialogue)
    now = utcnow()
    first = db.session.scalars(select(SpeakerRequest).where(SpeakerRequest.item_id == item.id)
                               .order_by(SpeakerRequest.position)).first()
    first.state, first.started_at, first.allotted_seconds = RequestState.SPEAKING, now - timedelta(seconds=95), 180
    db.session.scalars(select(Comment).where(Comment.item_id == item.id).order_by(Comment.id)).first().pinned_at = now
    db.session.commit()

    page = new_page(locale="es-BO")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/d/{dialogue.id}/projector")
    page.wait_for_selector('[data-live-state][data-state="live"]')
    page.locator(".p-speaker", has_text=first.participant.name).wait_for()
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "projector.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def test_console_keyboard_shortcuts(new_page):
    """S gives the floor to the next speaker, E ends the turn, Q goes to a new poll's question."""
    from sqlalchemy import select

    from dialogues.extensions import db
    from dialogues.facilitation.models import SpeakerRequest
    from dialogues.roundtable.models import Participant

    dialogue, item, moderator, rosa, _ = room()
    person = db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))
    db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=person.id, position=1))
    db.session.commit()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    assert "Keyboard shortcuts" in console.inner_text(".console")
    console.keyboard.press("s")
    console.locator('[data-panel="console-speakers"] [data-speaking]', has_text="Rosa Huanca").wait_for()
    console.keyboard.press("e")
    console.locator('[data-panel="console-speakers"] .now', has_text="Nobody has the floor.").wait_for()
    console.keyboard.press("q")
    assert console.evaluate("document.activeElement.id") == "question"
