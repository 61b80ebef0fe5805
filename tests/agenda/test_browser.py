"""In Chromium: the moderator starts an item and a participant's dialogue page follows without reloading."""
import re

import pytest
from playwright.sync_api import expect

from dialogues.extensions import db

from .helpers import live_agenda, participant_of
from .test_events import write


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
    viewer.wait_for_function("() => document.querySelector('[role=timer]').textContent.startsWith('19:')")  # it ticks
    assert viewer.evaluate("() => window.notReloaded") is True

    # The moderator's own panel switched to the new item: pausing goes over the socket too.
    console.locator("[data-agenda-current] form[data-agenda-send='agenda.pause'] button").click()
    expect(panel.locator("[data-field=state]")).to_have_text("Paused")
    expect(console.locator("[data-agenda-current] form[data-agenda-send='agenda.resume']")).to_be_visible()


@pytest.mark.parametrize("language, one, two", [
    ("es", "Financiamiento: 1 minuto más", "Financiamiento: 2 minutos más"),
    ("fr", "Financiamiento\u00a0: 1 minute de plus", "Financiamiento\u00a0: 2 minutes de plus")])
def test_an_extension_is_announced_with_the_plural_of_its_language(new_page, socket_client, language, one, two):
    """The announcement of "+n minutes" takes the singular or the plural by the page's language's own
    plural rule (CLDR's, from Babel): 1 is singular, 2 plural, and French also says "0 minute"."""
    dialogue, moderator, (a, b, c) = live_agenda()
    participant = participant_of(dialogue)
    participant.locale = language
    db.session.commit()
    viewer = new_page(participant)
    viewer.goto(f"/d/{dialogue.id}")
    expect(viewer.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    announcer = viewer.locator("[data-agenda-announce]")

    mod = socket_client(moderator)
    assert write(mod, "agenda.start", dialogue, item_id=b.id)["ok"]
    assert write(mod, "agenda.extend", dialogue, item_id=b.id, minutes=1)["ok"]
    expect(announcer).to_have_text(one)
    assert write(mod, "agenda.extend", dialogue, item_id=b.id, minutes=2)["ok"]
    expect(announcer).to_have_text(two)

    # No extension is of 0 minutes; the same texts and rule word any count the page fills in.
    worded = viewer.evaluate("""() => {
      var texts = JSON.parse(document.querySelector("[data-agenda]").getAttribute("data-text-extended"));
      return [0, 1, 2, 21, 1000000].map(function (n) { return GoldLive.plural(texts, n).replace("%(n)s", n); });
    }""")
    singular, plural = ("minuto más", "minutos más") if language == "es" else ("minute de plus", "minutes de plus")
    first = singular if language == "fr" else plural
    assert [text.split(" ", 2)[2] for text in worded] == [first, singular, plural, plural, plural]
