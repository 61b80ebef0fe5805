"""A person in a real Chromium: a participant takes a stance, the moderator's matrix follows without reload."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_stance_from_a_phone_updates_the_moderators_matrix_live(room, new_page):
    d, r = room.dialogue.id, room.recommendation.id
    cell = f'[data-cell="{r}-{room.people.miner.group_id}"]'
    moderator = new_page(room.moderator)
    moderator.goto(f"/d/{d}/recommendations")
    expect(moderator.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    expect(moderator.locator(f'{cell} [data-k="share"]')).to_have_text("0/0")
    moderator.evaluate("window.notReloaded = true")

    phone = new_page(room.miner)
    phone.set_viewport_size({"width": 390, "height": 800})
    phone.goto(f"/d/{d}/recommendations/{r}")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    phone.check('input[name="kind"][value="reservations"]')
    phone.fill('textarea[name="note"]', "Con plazos realistas para las cooperativas")
    phone.click("[data-stance-form] button[type=submit]")
    expect(phone.locator("[data-stance-status]")).not_to_have_text("")
    expect(phone.locator("[data-stance-status]")).not_to_have_text("…")

    expect(moderator.locator(f'{cell} [data-k="share"]')).to_have_text("1/1")
    expect(moderator.locator(f'{cell} [data-k="reservations"]')).to_have_text("1")
    expect(moderator.locator(cell)).to_have_class("cell level-4")
    assert moderator.evaluate("window.notReloaded") is True
