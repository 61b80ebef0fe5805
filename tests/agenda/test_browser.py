"""In Chromium: the moderator starts an item and a participant's dialogue page follows without reloading."""
import re

from playwright.sync_api import expect

from dialogues.extensions import db

from .helpers import live_agenda, participant_of


def test_the_participant_page_follows_the_moderator_live(new_page):
    dialogue, moderator, (a, b, c) = live_agenda()
    participant = participant_of(dialogue)
    moderator.locale = participant.locale = "en"  # the English source strings, whatever the catalogs say
    db.session.commit()
    viewer = new_page(participant, locale="en-GB")
    viewer.goto(f"/d/{dialogue.id}")
    expect(viewer.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    expect(viewer.locator("[data-current-empty]")).to_be_visible()
    viewer.evaluate("window.notReloaded = true")

    console = new_page(moderator, locale="en-GB")
    console.goto(f"/d/{dialogue.id}/agenda")
    expect(console.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    console.locator(f"#item-{b.id} form[data-agenda-send='agenda.start'] button").click()

    panel = viewer.locator("[data-agenda-current]")
    expect(panel.locator("[data-field=title]")).to_have_text("Financiamiento")
    expect(panel.locator("[role=timer]")).to_have_text(re.compile(r"^(20:00|19:\d\d)$"))
    expect(panel.locator("[data-agenda-announce]")).to_have_text("Now: Financiamiento")
    expect(viewer.locator(f"#item-{b.id}")).to_have_attribute("data-state", "running")
    viewer.wait_for_function("document.querySelector('[role=timer]').textContent.startsWith('19:')")  # it ticks
    assert viewer.evaluate("window.notReloaded") is True

    # The moderator's own panel switched to the new item: pausing goes over the socket too.
    console.locator("[data-agenda-current] form[data-agenda-send='agenda.pause'] button").click()
    expect(panel.locator("[data-field=state]")).to_have_text("Paused")
    expect(console.locator("[data-agenda-current] form[data-agenda-send='agenda.resume']")).to_be_visible()
