"""One limit per action, whatever the door: a socket write and its no-JavaScript form count against
the same counter, per person (security/limits.py). For every socket write, with its limit lowered
to 2: one through each door, then the third through either door is refused."""
import pytest

from dialogues.agenda import services as agenda
from dialogues.comments import services as comments
from dialogues.facilitation import polls, speakers
from dialogues.recommendations import services as recommendations
from dialogues.security import limits

from . import world
from .access_table import EVENTS, MODERATORS, ROUTES, fill
from .test_access import _payload, _send

# Each socket write and the form that does the same.
FORMS = {
    "agenda.start": ("agenda.timer_action", "/d/{d}/agenda/items/{planned_item}/start"),
    "agenda.pause": ("agenda.timer_action", "/d/{d}/agenda/items/{item}/pause"),
    "agenda.resume": ("agenda.timer_action", "/d/{d}/agenda/items/{item}/resume"),
    "agenda.end": ("agenda.timer_action", "/d/{d}/agenda/items/{item}/end"),
    "agenda.extend": ("agenda.extend", None),
    "agenda.next": ("agenda.next_", None),
    "comment.post": ("comments.post", None),
    "comment.edit": ("comments.edit", None),
    "comment.react": ("comments.react", None),
    "comment.flag": ("comments.with_reason", "/d/{d}/comments/{comment}/flag"),
    "comment.hide": ("comments.with_reason", "/d/{d}/comments/{comment}/hide"),
    "comment.unhide": ("comments.moderate", "/d/{d}/comments/{hidden}/unhide"),
    "comment.pin": ("comments.moderate", "/d/{d}/comments/{comment}/pin"),
    "comment.unpin": ("comments.moderate", "/d/{d}/comments/{pinned}/unpin"),
    "comment.dismiss_flags": ("comments.moderate", "/d/{d}/comments/{comment}/dismiss"),
    "recommendation.stance": ("recommendations.stance", None),
    "recommendation.close_voting": ("recommendations.close_voting", None),
    "recommendation.set_status": ("recommendations.change_status", None),
    "recommendation.decide_amendment": ("recommendations.decide", None),
    "speakers.raise_hand": ("facilitation.raise_hand", None),
    "speakers.withdraw": ("facilitation.withdraw", None),
    "speakers.add": ("facilitation.add_speaker", None),
    "speakers.move": ("facilitation.move", None),
    "speakers.give_floor": ("facilitation.give_floor", None),
    "speakers.end_turn": ("facilitation.end_turn", None),
    "speakers.settings": ("facilitation.speaker_settings", None),
    "poll.create": ("facilitation.create_poll", None),
    "poll.open": ("facilitation.poll_state", None),
    "poll.close": ("facilitation.poll_state", "/d/{d}/polls/{poll}/close"),
    "poll.vote": ("facilitation.vote", None),
}
WRITES = [e for e in EVENTS if e.write]
SERVICE_MODULES = (agenda, comments, polls, speakers, recommendations)


def test_every_socket_write_has_its_form():
    assert set(FORMS) == {e.name for e in WRITES}


def _form(event):
    endpoint, path = FORMS[event.name]
    route = next(r for r in ROUTES if r.endpoint == endpoint and r.method == "POST")
    return route if path is None else type(route)(**{**route.__dict__, "path": path})


@pytest.fixture
def limited_to_two(app, monkeypatch):
    """Every limited service allows 2 calls an hour; ``start()`` switches the limits on, from a clean store."""
    for module in SERVICE_MODULES:
        for fn in vars(module).values():
            if callable(fn) and hasattr(fn, "rate"):
                monkeypatch.setattr(fn, "rate", "2/hour")

    def start():
        limits.init_counters("memory://")
        app.config["RATELIMIT_ENABLED"] = True

    yield start
    app.config["RATELIMIT_ENABLED"] = False


@pytest.mark.parametrize("socket_first", [True, False], ids=["form after socket", "socket after form"])
@pytest.mark.parametrize("event", WRITES, ids=lambda e: e.name)
def test_form_and_socket_share_the_limit(event, socket_first, app, client, limited_to_two):
    w = world.fresh(app)
    limited_to_two()
    role = "organizer" if event.allowed & MODERATORS else "participant"
    world.sign_in(client, w.users[role])
    route, ids = _form(event), w.a.ids()
    calls = iter(range(3))

    def by_socket():
        ack = world.emit(app, client, event.name, _payload(event, w.a.d, ids, f"shared-{next(calls):04d}"))
        return "refused" if ack.get("error") == "rate_limited" else "counted"

    def by_form():
        response = _send(client, route, ids)
        assert response.status_code < 500, fill(route.path, ids)
        return "refused" if response.status_code == 429 else "counted"

    doors = (by_socket, by_form) if socket_first else (by_form, by_socket)
    assert [doors[0](), doors[1](), doors[1]()] == ["counted", "counted", "refused"]
    assert doors[0]() == "refused"
