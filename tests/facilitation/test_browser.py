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

    phone.get_by_role("button", name="Raise my hand").click()
    phone.get_by_role("button", name="Lower my hand").wait_for()

    queue = console.locator('[data-panel="console-speakers"] .console-queue')
    queue.locator(".who", has_text="Rosa Huanca").wait_for()
    projector.locator(".p-floor .queue .who", has_text="Rosa Huanca").wait_for()

    console.get_by_role("button", name="Next speaker: Rosa Huanca").click()
    projector.locator(".p-speaker", has_text="Rosa Huanca").wait_for()
    console.locator('[data-panel="console-speakers"] [data-speaking]', has_text="Rosa Huanca").wait_for()
    phone.locator('[data-panel="speakers"] [data-speaking]', has_text="Rosa Huanca").wait_for()
    assert all(still_same_page(p) for p in (console, projector, phone))


def test_vote_from_the_phone_updates_the_console_live(new_page):
    dialogue, item, moderator, rosa, _ = room()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    console.fill("#question", "¿Priorizar el reemplazo del mercurio en 2027?")
    console.select_option("#kind", "scale")
    console.get_by_role("button", name="Create the poll").click()
    console.get_by_role("button", name="Open the poll").click()
    console.get_by_role("button", name="Close the poll").wait_for()

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

    from dialogues import demo
    from dialogues.accounts.models import utcnow
    from dialogues.extensions import db
    from dialogues.facilitation import demo as facilitation_demo
    from dialogues.facilitation.models import RequestState, SpeakerRequest

    from .factories import make_comment, make_item

    dialogue = demo.seed()
    db.session.commit()
    now = utcnow()
    item = make_item(dialogue, "Reemplazo del mercurio: financiamiento y asistencia técnica", planned_minutes=45,
                     running_since=now - timedelta(minutes=17, seconds=42), started_at=now - timedelta(minutes=18))
    facilitation_demo.raise_hands(dialogue, item)
    first = db.session.query(SpeakerRequest).order_by(SpeakerRequest.position).first()
    first.state, first.started_at, first.allotted_seconds = RequestState.SPEAKING, now - timedelta(seconds=95), 180
    db.session.commit()
    people = {p.name: p for p in dialogue_people(dialogue)}
    make_comment(item, people["Sonia Mendoza Callisaya"], "Las mujeres seleccionadoras (pallirís) necesitan "
                 "acceso a retortas y capacitación en su idioma.", pinned_at=now)
    make_comment(item, people["Patricia Flores Rojas"], "El Viceministerio puede canalizar créditos del Fondo "
                 "Financiero Minero para plantas sin mercurio.")
    make_comment(item, people["Efraín Tola Ticona"], "Sin precio justo por el oro libre de mercurio, el cambio no "
                 "se sostiene.", is_anonymous=True)

    page = new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/d/{dialogue.id}/projector")
    page.wait_for_selector('[data-live-state][data-state="live"]')
    page.locator(".p-speaker", has_text="Rosa Huanca Choque").wait_for()
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "projector.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def dialogue_people(dialogue):
    from sqlalchemy import select

    from dialogues.extensions import db
    from dialogues.roundtable.models import Participant

    return db.session.scalars(select(Participant).where(Participant.dialogue_id == dialogue.id))
