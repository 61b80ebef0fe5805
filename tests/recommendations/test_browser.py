"""A person in a real Chromium: a participant takes a stance, the moderator's matrix follows without reload."""
import pytest
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

from dialogues.extensions import db
from dialogues.recommendations.models import Stance
from dialogues.roundtable.services import groups_taking_part

from ..factories import make_participant, make_user

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


def test_the_live_matrix_copes_with_groups_that_have_no_column(room, new_page):
    """Stance events name every group, the folded ones too (nobody registered, no cell): the page applies
    them without a script error; when a folded group gains a member who takes a stance, the page says it
    changed (a reload shows the new column) instead of throwing."""
    d, r = room.dialogue.id, room.recommendation.id
    _taking_part, absent = groups_taking_part(room.dialogue)
    moderator = new_page(room.moderator)
    errors = []
    moderator.on("pageerror", lambda error: errors.append(str(error)))
    moderator.goto(f"/d/{d}/recommendations/{r}")
    expect(moderator.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    with force_locale("en"):
        expect(moderator.locator("[data-absent-groups]")).to_contain_text(absent[0].name)
    expect(moderator.locator(f'[data-cell="{r}-{absent[0].id}"]')).to_have_count(0)
    moderator.evaluate("window.notReloaded = true")

    phone = new_page(room.miner)
    phone.goto(f"/d/{d}/recommendations/{r}")
    phone.check('input[name="kind"][value="support"]')
    phone.click("[data-stance-form] button[type=submit]")
    expect(moderator.locator(f'[data-cell="{r}-{room.people.miner.group_id}"] [data-k="share"]')).to_have_text("1/1")
    expect(moderator.locator("[data-live-notice]")).to_have_text("")

    buyer = make_user("Carla Compradora")
    make_participant(room.dialogue, buyer, group_key=absent[0].key)
    newcomer = new_page(buyer)
    newcomer.goto(f"/d/{d}/recommendations/{r}")
    newcomer.check('input[name="kind"][value="support"]')
    newcomer.click("[data-stance-form] button[type=submit]")
    expect(moderator.locator("[data-live-notice]")).to_have_text("This page changed. Reload to see the latest version.")
    expect(moderator.locator("[data-verdict]")).to_have_count(1)
    assert moderator.evaluate("window.notReloaded") is True and errors == []
    moderator.reload()
    expect(moderator.locator(f'[data-cell="{r}-{absent[0].id}"] [data-k="share"]')).to_have_text("1/1")
    assert errors == []


def test_on_a_phone_the_stance_form_follows_the_text_before_the_figures(room, new_page):
    """At 360 × 740 taking a stance is right after the recommendation's text (within a first screen of it),
    above the stances by group and their legend, and it saves."""
    d, r = room.dialogue.id, room.recommendation.id
    phone = new_page(room.miner, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone.goto(f"/d/{d}/recommendations/{r}")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    top = "selector => document.querySelector(selector).getBoundingClientRect().top + scrollY"
    text_end = phone.evaluate("document.querySelector('section.text').getBoundingClientRect().bottom + scrollY")
    form_top = phone.evaluate(top, "[data-stance-form]")
    assert text_end <= form_top < text_end + 900
    assert form_top < phone.evaluate(top, "#stances-h") < phone.evaluate(top, ".legend")
    phone.locator('input[name="kind"][value="support"]').tap()
    phone.locator("[data-stance-form] button[type=submit]").tap()
    expect(phone.locator("[data-stance-status]")).to_have_text("Your stance was recorded.")
    db.session.expire_all()
    stance = db.session.scalar(select(Stance).where(Stance.recommendation_id == r))
    assert stance.kind.value == "support" and stance.participant_id == room.people.miner.id
