"""In Chromium: when the server closes a page's connection because the person's rights changed, the
page connects again by itself, as who the person is now, and keeps following the dialogue without a
reload and without missing an event."""
from playwright.sync_api import expect

from dialogues.agenda import services as agenda
from dialogues.extensions import db
from dialogues.roundtable.models import Role

from ..agenda.helpers import live_agenda
from ..conftest import http_session
from ..factories import make_participant, make_user

STATES_SEEN = """() => { window.statesSeen = [];
  new MutationObserver(() => window.statesSeen.push(document.querySelector('[data-live-state]').dataset.state))
    .observe(document.querySelector('[data-live-state]'), {attributes: true, attributeFilter: ['data-state']}); }"""


def test_a_demoted_moderators_page_connects_again_and_keeps_following(new_page, live_server):
    dialogue, moderator, (first, second, _) = live_agenda()
    organizer, person = make_user("Organizadora"), make_user("Rosa")
    make_participant(dialogue, organizer, role=Role.ORGANIZER)
    participant = make_participant(dialogue, person, role=Role.MODERATOR)
    person.locale = "en"
    db.session.commit()
    page = new_page(person)
    page.goto(f"/d/{dialogue.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    page.evaluate(STATES_SEEN)
    page.evaluate("window.notReloaded = true")

    response = http_session(live_server.url, organizer).post(
        f"{live_server.url}/d/{dialogue.id}/participants/{participant.id}/role", data={"role": "participant"},
        allow_redirects=False)
    assert response.status_code == 302, response.text
    page.wait_for_function("() => window.statesSeen.includes('reconnecting')")  # the server closed it
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")  # and it came back

    agenda.start_item(dialogue, moderator, second)
    db.session.commit()
    expect(page.locator("[data-agenda-current] [data-field=title]")).to_have_text(second.title)
    assert page.evaluate("window.notReloaded") is True
