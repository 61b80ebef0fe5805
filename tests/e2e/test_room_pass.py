"""On a 390 × 844 phone in real Chromium: a signed-out person joins from the join link with a name
only, the organizer approves them from the queue in a second browser, the person's page turns
approved without a reload, they comment and raise a hand; on a second device their personal code
shows them their comment as theirs."""
import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogues.agenda import services as agenda
from dialogues.extensions import db
from dialogues.roundtable.models import Participant
from dialogues.roundtable.services import decide

from ..factories import PASSWORD, make_dialogue, make_user
from .test_screens import SMALL_TARGETS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SHOTS = os.environ.get("SCREENSHOT_DIR")


def context_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=viewport)
    context.set_default_timeout(10_000)
    return context.new_page()


def fits(page) -> None:
    """Nothing wider than the screen, measured once the page the last action led to has loaded."""
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def touch_targets_are_big(page, scope: str) -> None:
    small = page.evaluate(SMALL_TARGETS, scope)
    assert small == [], small


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_person_joins_with_a_name_is_approved_live_and_continues_on_another_device(browser, live_server):
    organizer = make_user("Lucía Quispe")
    dialogue = make_dialogue(organizer, title="Diálogos del Oro – La Paz", venue="Hotel Presidente", country="Bolivia")
    item = agenda.add_item(dialogue, organizer, {"title": "Reducción del mercurio", "planned_minutes": 30})
    agenda.start_item(dialogue, organizer, item)
    db.session.commit()

    phone = context_page(browser, live_server, PHONE)
    phone.goto(f"/join/{dialogue.join_code}")
    expect(phone).to_have_url(f"{live_server.url}/d/{dialogue.id}/join")
    expect(phone.locator("h1")).to_have_text("Diálogos del Oro – La Paz")
    fits(phone)
    touch_targets_are_big(phone, ".join-page")
    shot(phone, "join-page")
    phone.fill("#name", "Doña Rosa")
    phone.check("#agree")
    phone.click("[data-join-form] button[type=submit]")
    code = phone.locator("[data-personal-code]").inner_text()
    fits(phone)
    shot(phone, "pass-code")
    phone.click("text=Go to the dialogue")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    expect(phone.locator("[data-registration-state]")).to_have_attribute("data-registration-state", "pending")
    expect(phone.locator("[data-panel=registration]")).to_contain_text("Waiting for approval")
    phone.evaluate("window.__notReloaded = true")
    fits(phone)

    desk = context_page(browser, live_server, LAPTOP)
    desk.goto("/accounts/login")
    desk.fill("input[name=email]", organizer.email)
    desk.fill("input[name=password]", PASSWORD)
    desk.click("form.stack button[type=submit]")
    expect(desk).not_to_have_url(re.compile(r"/accounts/login"))  # signed in, not mid-request
    desk.goto(f"/d/{dialogue.id}")
    expect(desk.locator("[data-waiting]")).to_have_attribute("data-waiting", "1")
    desk.click("[data-waiting] a")
    expect(desk).to_have_url(f"{live_server.url}/d/{dialogue.id}/participants#queue")
    fits(desk)
    shot(desk, "queue")
    desk.locator("tr", has_text="Doña Rosa").locator("input[name=participant_id]").check()
    desk.click("#queue-form button[value=approve]")
    expect(desk.locator(".flash.success")).to_contain_text("1 registration saved")

    expect(phone.locator("[data-registration-state]")).to_have_attribute("data-registration-state", "approved")
    expect(phone.locator("[data-panel=registration]")).to_contain_text("You are approved: you can comment")
    assert phone.evaluate("window.__notReloaded === true")
    shot(phone, "approved")
    phone.click("[data-panel=speakers] button[value=normal]")
    expect(phone.locator("[data-panel=speakers] li.mine")).to_be_visible()

    phone.click("text=Join the discussion")
    phone.fill("textarea[name=body]", "Pedimos retortas para cada cooperativa")
    phone.click("#comment-form button[type=submit]")
    expect(phone.locator("[data-comments] > li[data-mine]")).to_contain_text("Pedimos retortas")
    fits(phone)

    other = context_page(browser, live_server, PHONE)
    other.goto(f"/d/{dialogue.id}/join")
    other.fill("#code", code)
    other.click("form[action$='/join/code'] button[type=submit]")
    expect(other).to_have_url(f"{live_server.url}/d/{dialogue.id}")
    other.click("text=Join the discussion")
    mine = other.locator("[data-comments] > li[data-mine]")
    expect(mine).to_contain_text("Pedimos retortas")
    expect(mine.locator("[data-edit]")).to_be_visible()
    for page in (phone, desk, other):
        page.context.close()


def test_the_join_page_fits_a_360_px_phone_in_spanish(browser, live_server):
    dialogue = make_dialogue(title="Diálogo nacional sobre la formalización de la minería aurífera cooperativa",
                             venue="Centro de Convenciones de Juliaca", region="Puno", country="Perú", language="es")
    context = browser.new_context(base_url=live_server.url, locale="es-PE", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/d/{dialogue.id}/join")
    expect(page.locator("#next-h")).to_have_text("Qué pasa ahora")
    fits(page)
    touch_targets_are_big(page, ".join-page")
    page.click("[data-join-form] button[type=submit]")  # nothing filled in: the errors fit too
    expect(page.locator(".has-error").first).to_be_visible()
    fits(page)
    shot(page, "join-page-es-360")
    context.close()


IN_VIEW = """selector => { const box = document.querySelector(selector).getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight; }"""


def test_a_join_sent_back_says_what_to_fix_on_a_phones_first_screen(browser, live_server):
    """A woman miner sends the long join form with only her name: the page opens on what is missing, a
    link that takes her to the checkbox; ticked, she is in."""
    dialogue = make_dialogue(title="Diálogo nacional sobre la formalización de la minería aurífera cooperativa",
                             venue="Centro de Convenciones de Juliaca", region="Puno", country="Perú", language="es")
    context = browser.new_context(base_url=live_server.url, locale="es-PE", viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"/d/{dialogue.id}/join")
    expect(page.locator("[data-join-form] .required")).to_have_count(2)
    page.fill("#name", "Doña Rosa")
    page.click("[data-join-form] button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Revisa lo siguiente")
    assert page.evaluate(IN_VIEW, ".error-summary"), page.evaluate("scrollY")
    fits(page)
    shot(page, "join-errors-es-360")
    summary.get_by_role("link", name="Para unirte, acepta participar en estas condiciones.").tap()
    expect(page).to_have_url(re.compile(r"#agree$"))
    assert page.evaluate(IN_VIEW, "#agree")
    page.check("#agree")
    page.click("[data-join-form] button[type=submit]")
    expect(page.locator("[data-personal-code]")).to_be_visible()
    context.close()


def test_a_person_approved_while_her_phone_is_offline_sees_it_when_it_reconnects(app, browser, live_server):
    """The approval's "me" message is the person's, not the dialogue's log, so nothing replays it: the
    join that follows the reconnection finds her approved and redraws the registration panel."""
    organizer = make_user("Lucía Quispe")
    dialogue = make_dialogue(organizer, title="Diálogos del Oro – La Paz")
    db.session.commit()
    phone = context_page(browser, live_server, PHONE)
    phone.goto(f"/join/{dialogue.join_code}")
    phone.fill("#name", "Doña Rosa")
    phone.check("#agree")
    phone.click("[data-join-form] button[type=submit]")
    phone.click("text=Go to the dialogue")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    expect(phone.locator("[data-registration-state]")).to_have_attribute("data-registration-state", "pending")
    phone.evaluate("window.__notReloaded = true")

    phone.context.set_offline(True)
    expect(phone.locator("[data-live-state]")).not_to_have_attribute("data-state", "live")
    holder = db.session.scalar(select(Participant).where(Participant.dialogue_id == dialogue.id,
                                                         Participant.user_id != organizer.id))
    with app.test_request_context():
        decide(dialogue, organizer, holder, True)
        db.session.commit()
    phone.context.set_offline(False)

    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live", timeout=20_000)
    expect(phone.locator("[data-registration-state]")).to_have_attribute("data-registration-state", "approved")
    assert phone.evaluate("window.__notReloaded === true")
