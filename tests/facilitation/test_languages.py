"""Live events carry ids and codes; each page words them in its own reader's language."""
import pytest

from dialogues.facilitation.models import SCALE_LABELS
from dialogues.roundtable.models import Role

from ..factories import make_dialogue, make_participant, make_user
from .factories import make_item
from .test_browser import live, still_same_page
from .test_polls_sockets import options
from .test_speakers_sockets import send

pytestmark = pytest.mark.browser


def test_a_poll_opened_in_spanish_reaches_a_french_page_in_french(new_page, socket_client):
    dialogue = make_dialogue(language="es")
    make_item(dialogue)
    moderator = make_user("Jorge Vargas", locale="es")
    make_participant(dialogue, moderator, role=Role.MODERATOR, group_key="civil_society")
    awa = make_user("Awa Ouédraogo", locale="fr")
    miners = [awa] + [make_user(locale=locale) for locale in ("fr", "es")]
    for user in miners:
        make_participant(dialogue, user, group_key="miners")

    phone = live(new_page(awa, locale="fr-BF"), f"/d/{dialogue.id}")
    mod = socket_client(moderator)
    mod.join(dialogue.id)
    poll_id = send(mod, "poll.create", dialogue, question="¿Priorizar el reemplazo del mercurio?", kind="scale")["id"]
    assert send(mod, "poll.open", dialogue, poll_id=poll_id)["ok"]

    polls = phone.locator('[data-panel="polls"]')
    polls.get_by_label("Tout à fait d’accord").wait_for()
    assert "Muy de acuerdo" not in polls.inner_text() and "Strongly agree" not in polls.inner_text()

    strongly_agree = options(poll_id)[0]
    for user in miners:
        assert send(socket_client(user), "poll.vote", dialogue, poll_id=poll_id, option_ids=[strongly_agree])["ok"]
    assert send(mod, "poll.close", dialogue, poll_id=poll_id)["ok"]

    polls.locator(f'[data-poll="{poll_id}"][data-poll-state="closed"]').wait_for()
    polls.locator("table").get_by_text("Mineurs et coopératives").wait_for()  # the group, in the reader's language
    assert "Mineros" not in polls.inner_text() and "Clos" in polls.inner_text()
    assert still_same_page(phone)

    # What travelled, live and replayed, is ids and codes: no word of either language.
    spanish = {str(label) for label in SCALE_LABELS} | {"Muy de acuerdo", "Mineros y cooperativas"}
    for event in mod.events + socket_client(awa).call("join", {"dialogue_id": dialogue.id})["events"]:
        if event["type"].startswith("poll."):
            text = repr(event["data"])
            assert not any(word in text for word in spanish | {"Tout à fait", "Mineurs"}), event
    # A page loaded afterwards (the replay path) says the same in French.
    again = live(new_page(awa, locale="fr-BF"), f"/d/{dialogue.id}")
    again.locator('[data-panel="polls"] table').get_by_text("Mineurs et coopératives").wait_for()
