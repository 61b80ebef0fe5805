"""The agenda page and its no-JS forms: permissions, CSRF, bad input, and what the pages show."""
import json
import re
from html import unescape

import pytest

from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.extensions import db
from dialogues.roundtable.models import DialogueStatus

from ..conftest import count_queries
from .helpers import live_agenda, participant_of


def item_rows(dialogue):
    return [(i.title, i.state) for i in db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id).order_by(AgendaItem.position))]


def test_anyone_reads_the_agenda_with_planned_and_actual_times(client):
    dialogue, moderator, items = live_agenda()
    response = client.get(f"/d/{dialogue.id}/agenda")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Financiamiento" in html and "20 min" in html
    assert "data-agenda-send" not in html and "/remove" not in html  # no moderator buttons for the public


def test_a_draft_agenda_is_hidden_from_the_public(client):
    dialogue, moderator, items = live_agenda(status=DialogueStatus.DRAFT)
    assert client.get(f"/d/{dialogue.id}/agenda").status_code == 404


@pytest.mark.parametrize("path", ["items", "items/{item}/move", "items/{item}/remove", "items/{item}/start",
                                  "items/{item}/extend", "next", "items/{item}/edit"])
def test_anonymous_users_are_sent_to_sign_in_and_participants_are_refused(client, login_as, path):
    dialogue, moderator, items = live_agenda()
    url = f"/d/{dialogue.id}/agenda/" + path.format(item=items[0].id)
    data = {"title": "Intruso", "planned_minutes": 5, "direction": "up", "minutes": 5}
    response = client.post(url, data=data)
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    login_as(participant_of(dialogue))
    assert client.post(url, data=data).status_code == 403
    assert item_rows(dialogue) == [("Apertura", ItemState.PENDING), ("Financiamiento", ItemState.PENDING),
                                   ("Mercurio", ItemState.PENDING)]


def test_moderator_adds_edits_moves_and_removes_items(client, login_as):
    dialogue, moderator, (a, b, c) = live_agenda()
    login_as(moderator)
    base = f"/d/{dialogue.id}/agenda"
    response = client.post(f"{base}/items", data={"title": "Mujeres mineras", "presenter": "Red Nacional",
                                                  "planned_minutes": 30, "description": ""})
    assert response.status_code == 302
    assert client.get(f"{base}/items/{a.id}/edit").status_code == 200
    assert client.post(f"{base}/items/{a.id}/edit", data={"title": "Apertura y encuadre", "planned_minutes": 15}
                       ).status_code == 302
    client.post(f"{base}/items/{c.id}/move", data={"direction": "up"})
    client.post(f"{base}/items/{a.id}/move", data={"to": 4})
    client.post(f"{base}/items/{b.id}/remove")
    assert [t for t, _ in item_rows(dialogue)] == ["Mercurio", "Mujeres mineras", "Apertura y encuadre"]


@pytest.mark.parametrize("data", [{"title": "", "planned_minutes": 10}, {"title": "x" * 201, "planned_minutes": 10},
                                  {"title": "Ok", "planned_minutes": -3}, {"title": "Ok", "planned_minutes": 99999},
                                  {"title": "Ok", "planned_minutes": "media hora"}])
def test_bad_item_forms_are_shown_again_with_a_message(client, login_as, data):
    dialogue, moderator, items = live_agenda()
    login_as(moderator)
    response = client.post(f"/d/{dialogue.id}/agenda/items", data=data)
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    assert len(item_rows(dialogue)) == 3


def test_forms_need_their_csrf_token(client, login_as, request):
    dialogue, moderator, (a, *_) = live_agenda()
    login_as(moderator)
    request.getfixturevalue("csrf")  # on once signed in
    page = client.get(f"/d/{dialogue.id}/agenda").get_data(as_text=True)
    assert client.post(f"/d/{dialogue.id}/agenda/items/{a.id}/start").status_code == 400
    assert client.post(f"/d/{dialogue.id}/agenda/items", data={"title": "x", "planned_minutes": 5}).status_code == 400
    assert a.state == ItemState.PENDING and len(item_rows(dialogue)) == 3
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/d/{dialogue.id}/agenda/items/{a.id}/start", data={"csrf_token": token}).status_code == 302
    db.session.refresh(a)
    assert a.state == ItemState.RUNNING


def test_timer_buttons_run_the_agenda_and_refusals_become_messages(client, login_as):
    dialogue, moderator, (a, b, c) = live_agenda()
    login_as(moderator)
    base = f"/d/{dialogue.id}/agenda"
    client.post(f"{base}/next", data={"item_id": ""})
    client.post(f"{base}/items/{a.id}/pause")
    client.post(f"{base}/items/{a.id}/extend", data={"minutes": 5})
    client.post(f"{base}/items/{a.id}/resume")
    db.session.refresh(a)
    assert a.state == ItemState.RUNNING and a.extra_seconds == 300
    client.post(f"{base}/next", data={"item_id": a.id})
    response = client.post(f"{base}/items/{a.id}/pause", headers={"Referer": f"http://localhost{base}"},
                           follow_redirects=True)
    assert response.status_code == 200 and "not possible now" in response.get_data(as_text=True)
    assert client.post(f"{base}/items/{b.id}/extend", data={"minutes": 500}).status_code == 400
    client.post(f"{base}/items/{b.id}/end")
    assert [s for _, s in item_rows(dialogue)] == [ItemState.DONE, ItemState.DONE, ItemState.PENDING]


def test_the_dialogue_page_shows_the_current_item_and_the_agenda(client, login_as):
    dialogue, moderator, (a, b, c) = live_agenda()
    login_as(moderator)
    client.post(f"/d/{dialogue.id}/agenda/items/{b.id}/start")
    html = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    now = html[html.index("data-agenda-current"):html.index('id="agenda-h"')]
    assert "Financiamiento" in now and 'role="timer"' in now and ("20:00" in now or "19:5" in now)
    assert "Apertura" in html and "Mercurio" in html


def test_the_agenda_page_needs_a_fixed_number_of_queries(client, login_as):
    dialogue, moderator, items = live_agenda(titles=["Uno"])
    login_as(moderator)
    db.session.expire_all()  # requests share the test's session: start both from a cold identity map
    with count_queries() as few:
        client.get(f"/d/{dialogue.id}/agenda")
    for n in range(10):
        client.post(f"/d/{dialogue.id}/agenda/items", data={"title": f"Tema {n}", "planned_minutes": 10})
    db.session.expire_all()
    with count_queries() as many:
        client.get(f"/d/{dialogue.id}/agenda")
    assert len(many) == len(few)


@pytest.mark.parametrize("language, one, other, rule", [
    ("es", "%(title)s: %(n)s minuto más", "%(title)s: %(n)s minutos más", "n in 1"),
    ("fr", "%(title)s\u00a0: %(n)s minute de plus", "%(title)s\u00a0: %(n)s minutes de plus", "i in 0..1"),
    ("en", "%(title)s: %(n)s more minute", "%(title)s: %(n)s more minutes", "i in 1 and v in 0")])
def test_the_page_gives_its_script_both_forms_of_the_extension_count(client, language, one, other, rule):
    """agenda.js words "+n minutes" itself: the page carries the singular and plural ngettext gives in its
    language, and Babel's CLDR rule for when the singular applies (French: 0 and 1)."""
    dialogue, _moderator, _items = live_agenda(language=language)
    html = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    assert f'lang="{language}"' in html
    texts = json.loads(unescape(re.search(r"data-text-extended='([^']*)'", html).group(1)))
    assert texts == {"when": [[rule, one]], "other": other}
