"""The moderator console at 1366 × 768, run by keyboard: focus stays on the control used (or the one that
took its place), a double press cannot skip a speaker, a realistic list of speakers fits the screen, and a
confirmation does not push the console down."""
import time

import pytest
from sqlalchemy import select

from dialogues.extensions import db
from dialogues.facilitation import polls
from dialogues.facilitation.models import RequestState, SpeakerRequest
from dialogues.roundtable.models import Participant

from ..facilitation.factories import make_comment, room
from ..factories import make_participant, make_user

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
FOCUSED = "(document.activeElement.getAttribute('aria-label') || document.activeElement.textContent).replace(/\\s+/g, ' ').trim()"
NAMES = ["Justina Mamani Ticona", "Efraín Tola Ticona", "Lucía Quispe Mamani", "Jorge Vargas Limachi",
         "Sonia Mendoza Callisaya", "Marcelo Gutiérrez Paz"]


def queue_up(dialogue, item, users) -> None:
    """Put these users, in this order, on the item's list of speakers."""
    for position, user in enumerate(users, start=1):
        person = db.session.scalar(select(Participant).where(Participant.user_id == user.id))
        db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=person.id,
                                      position=position))
    db.session.commit()


def more_people(dialogue, count: int) -> list:
    users = [make_user(name) for name in NAMES[:count]]
    for user in users:
        make_participant(dialogue, user, group_key="miners", consent_listed=True)
    return users


def speaking(item) -> list[str]:
    db.session.rollback()
    return [r.participant.name for r in db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.item_id == item.id, SpeakerRequest.state == RequestState.SPEAKING))]


def console(new_page, moderator, dialogue):
    page = new_page(moderator)
    page.set_viewport_size(LAPTOP)
    page.goto(f"/d/{dialogue.id}/console")
    page.wait_for_selector('[data-live-state][data-state="live"]')
    return page


def focused(page) -> str:
    return page.evaluate(FOCUSED)


def tab_to(page, starts_with: str, limit: int = 120) -> None:
    """Press Tab until the focused control's text starts with ``starts_with``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page).startswith(starts_with):
            return
    raise AssertionError(f"never reached {starts_with!r}")


def wait_focus(page, starts_with: str) -> None:
    page.wait_for_function(f"() => {FOCUSED}.startsWith({starts_with!r}) && !document.activeElement.disabled")


def test_agenda_poll_and_floor_controls_keep_the_keyboard(new_page):
    dialogue, item, moderator, rosa, teodoro = room()
    queue_up(dialogue, item, [rosa, teodoro])
    polls.create_poll(dialogue, moderator, question="¿Priorizar las retortas?", kind="scale", open_now=True)
    db.session.commit()
    page = console(new_page, moderator, dialogue)

    tab_to(page, "Pause")
    page.keyboard.press("Enter")
    wait_focus(page, "Resume")  # the control that took its place
    time.sleep(1.1)
    page.keyboard.press("Space")
    wait_focus(page, "Pause")

    tab_to(page, "+5 min")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('[data-agenda-announce]').textContent.includes('5 more minutes')")
    wait_focus(page, "+5 min")

    tab_to(page, "Close the poll")
    page.keyboard.press("Enter")
    page.locator("[data-poll][data-poll-state=closed]").wait_for()
    wait_focus(page, "¿Priorizar las retortas?")  # the closed poll's question stands in for its button

    tab_to(page, "Give the floor to Rosa Huanca")
    page.keyboard.press("Enter")
    page.locator("[data-panel=console-speakers] [data-speaking]", has_text="Rosa Huanca").wait_for()
    wait_focus(page, "Give the floor to Teodoro Condori")  # the same button, one row down
    assert page.evaluate("document.activeElement !== document.body")

    time.sleep(1.1)
    page.keyboard.press("Enter")
    page.locator("[data-panel=console-speakers] [data-speaking]", has_text="Teodoro Condori").wait_for()
    wait_focus(page, "End the turn")  # nobody left waiting: the turn's own button
    time.sleep(1.1)
    page.keyboard.press("Enter")
    page.locator("[data-panel=console-speakers] .now", has_text="Nobody has the floor.").wait_for()
    wait_focus(page, "Nobody has the floor.")
    # Space on what has the keyboard now does not scroll anything away.
    page.keyboard.press("Space")
    assert page.evaluate("window.scrollY") == 0


def test_a_double_press_on_next_speaker_does_not_skip_anyone(new_page):
    dialogue, item, moderator, rosa, teodoro = room()
    queue_up(dialogue, item, [rosa, teodoro, *more_people(dialogue, 1)])
    page = console(new_page, moderator, dialogue)

    tab_to(page, "Next speaker: Rosa Huanca")
    page.keyboard.press("Enter")
    page.locator("[data-panel=console-speakers] [data-speaking]", has_text="Rosa Huanca").wait_for()
    wait_focus(page, "Next speaker: Teodoro Condori")
    page.keyboard.press("Enter")  # the second half of a double press, or a key repeat
    time.sleep(1.2)
    assert speaking(item) == ["Rosa Huanca"]
    assert focused(page).startswith("Next speaker: Teodoro Condori")

    page.keyboard.press("Enter")  # a deliberate press a moment later works
    page.locator("[data-panel=console-speakers] [data-speaking]", has_text="Teodoro Condori").wait_for()
    assert speaking(item) == ["Teodoro Condori"]
    wait_focus(page, "Next speaker: Justina Mamani Ticona")

    # The S shortcut pressed twice is one press too; E right after S is deliberate and works.
    page.keyboard.press("s")
    page.keyboard.press("s")
    page.locator("[data-panel=console-speakers] [data-speaking]", has_text="Justina Mamani Ticona").wait_for()
    time.sleep(1.2)
    assert speaking(item) == ["Justina Mamani Ticona"]
    page.keyboard.press("e")
    page.locator("[data-panel=console-speakers] .now", has_text="Nobody has the floor.").wait_for()


def test_a_realistic_list_fits_the_laptop_and_a_confirmation_does_not_move_the_console(new_page):
    dialogue, item, moderator, rosa, teodoro = room()
    queue_up(dialogue, item, [rosa, teodoro, *more_people(dialogue, 6)])
    comment = make_comment(item, db.session.scalar(select(Participant).where(Participant.user_id == rosa.id)))
    page = console(new_page, moderator, dialogue)

    assert page.evaluate("document.documentElement.scrollWidth") == 1366
    assert page.evaluate("document.documentElement.scrollHeight") <= 768
    column = page.locator(".console-col", has=page.locator("[data-panel=console-speakers]"))
    bottom = column.evaluate("el => el.getBoundingClientRect().bottom")
    rows = page.eval_on_selector_all(".console-queue li", "els => els.map(li => li.getBoundingClientRect())"
                                     ".map(r => ({top: r.top, bottom: r.bottom, height: r.height}))")
    assert len(rows) == 8
    assert all(r["bottom"] <= bottom for r in rows), (rows, bottom)  # all 8 waiting people in view
    assert max(r["height"] for r in rows) <= 64
    heights = page.eval_on_selector_all(".console-queue button, .console-queue input.seconds",
                                        "els => els.map(el => el.getBoundingClientRect().height)")
    assert min(heights) >= 24

    top = page.evaluate("document.querySelector('.console-grid').getBoundingClientRect().top")
    tab_to(page, "Hide")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/comments/{comment.id}/**")
    page.focus("[name=reason]")
    page.keyboard.type("Datos personales de un tercero.")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/console" in url)
    flash = page.locator("main > .flash")
    flash.wait_for()
    assert page.evaluate("document.querySelector('.console-grid').getBoundingClientRect().top") == top
    assert page.evaluate("document.documentElement.scrollHeight") <= 768
    page.wait_for_function("() => document.querySelector('[data-announcer]').textContent.trim() !== ''")
    flash.wait_for(state="detached", timeout=10_000)  # gone by itself after a few seconds


def test_the_list_of_speakers_is_a_skip_link_away_from_the_top(new_page):
    """Tab from the top of the console: "Skip to content", then "Skip to the list of speakers"; Enter on
    it, and the next Tab is on "Next speaker", instead of some thirty presses through the header and
    the agenda."""
    dialogue, item, moderator, rosa, teodoro = room()
    queue_up(dialogue, item, [rosa])
    page = console(new_page, moderator, dialogue)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to the list of speakers"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page).startswith("Next speaker"), focused(page)
