"""The phone in the room, keyboard only (no mouse): ask to speak, get the floor, withdraw, comment,
take a stance; after every step the focus is on a sensible control, never lost to the page body."""
import pytest

from dialogues.extensions import db
from dialogues.recommendations import services as recommendations

from .factories import room
from .test_browser import live

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def focused(page) -> str:
    """What the keyboard is on: its text, or its label for a form field."""
    return page.evaluate("""() => { const el = document.activeElement;
      if (!el || el === document.body) return "BODY";
      if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
      return el.textContent.replace(/\\s+/g, " ").trim(); }""")


def tab_to(page, text: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with the keyboard")


def test_keyboard_only_phone_keeps_focus(new_page):
    dialogue, item, moderator, rosa, _ = room()
    recommendation = recommendations.propose(dialogue, moderator, {
        "title": "Fondo Financiero Minero flexible", "body": "Crear líneas de crédito flexibles.", "actors": "",
        "item_id": item.id})
    recommendations.set_status(dialogue, moderator, recommendation, "discussion")
    db.session.commit()
    console = live(new_page(moderator), f"/d/{dialogue.id}/console")
    phone = new_page(rosa)
    phone.set_viewport_size(PHONE)
    phone.add_init_script("window.__vibrations = []; navigator.vibrate = p => { window.__vibrations.push(p); return true; };")
    live(phone, f"/d/{dialogue.id}/items/{item.id}")
    timer = phone.locator('[data-panel="speakers"] [data-timer][role="timer"]').first
    assert timer.is_visible() and ":" in timer.inner_text()  # the item's time, on the phone page

    tab_to(phone, "Ask to speak")
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="Lower my hand").wait_for()
    assert focused(phone) == "Lower my hand"
    assert "You are number 1 in the list." in phone.locator('[data-panel="speakers"]').inner_text()

    console.get_by_role("button", name="Next speaker: Rosa Huanca").click()
    floor = phone.locator("[data-floor-mine]")
    floor.wait_for()
    assert floor.evaluate("el => el === document.activeElement")
    phone.wait_for_function(
        "document.querySelector('[data-announcer-urgent]').textContent.includes('You have the floor')")
    assert phone.evaluate("window.__vibrations.length") == 1  # felt, where the phone can vibrate

    console.get_by_role("button", name="End the turn").click()
    phone.get_by_role("button", name="Ask to speak").wait_for()
    assert focused(phone) == "Ask to speak"
    phone.wait_for_timeout(1100)  # a button the page has just put under her focus waits a second (facilitation.js)
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="Lower my hand").wait_for()
    assert focused(phone) == "Lower my hand"
    phone.keyboard.press("Enter")  # at once: the press meant for "Ask to speak", not a withdrawal
    phone.wait_for_timeout(300)
    assert "You are number 1 in the list." in phone.locator('[data-panel="speakers"]').inner_text()
    phone.wait_for_timeout(900)
    phone.keyboard.press("Enter")  # a second later: withdraw
    phone.get_by_role("button", name="Ask to speak").wait_for()
    assert focused(phone) == "Ask to speak"

    tab_to(phone, "Your comment")
    phone.keyboard.type("Pedimos crédito para retortas.")
    tab_to(phone, "Send")
    phone.keyboard.press("Enter")
    phone.locator("[data-comments] li", has_text="Pedimos crédito para retortas.").wait_for()
    assert focused(phone) == "Your comment" and phone.evaluate("document.activeElement.value") == ""

    phone.goto(f"/d/{dialogue.id}/recommendations/{recommendation.id}")
    tab_to(phone, "Support")
    phone.keyboard.press("Space")
    assert phone.evaluate("document.activeElement.checked")
    tab_to(phone, "Save my stance")
    phone.keyboard.press("Enter")
    phone.get_by_text("Your stance was recorded.").wait_for()
    assert focused(phone) == "Save my stance"
