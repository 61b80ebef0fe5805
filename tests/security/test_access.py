"""Access control, table-driven: every route and every Socket.IO event, for every role.

Refused requests leave the database as it was; an allowed one gets through the permission checks
(the first allowed person, on an untouched world, must fully succeed). Objects of dialogue B are
never reachable through dialogue A's URLs or events. A route or event missing from
``access_table.py`` fails ``test_every_route_is_in_the_table`` / ``test_every_event_is_in_the_table``.
"""

import pytest

from dialogues.extensions import socketio

from . import world
from .access_table import EVENTS, ROUTES, SOCKET_EXCEPTIONS, fill, object_placeholders

REFUSED_ACKS = {"forbidden", "not_authenticated", "not_found"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _route_id(route) -> str:
    return f"{route.method} {route.path}"


def _to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login" in response.headers.get("Location", "")


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404) or _to_login(response)


def _succeeded(response) -> bool:
    return response.status_code in (200, 302) and not _to_login(response)


def _roles_refused_first(allowed) -> list[str]:
    """Refused roles first (they must change nothing, so they share one world), then allowed ones,
    strongest first: an organizer may flag the participant's comment, or end a walk-in's turn."""
    return [r for r in world.ROLES if r not in allowed] + [r for r in reversed(world.ROLES) if r in allowed]


def _send(client, route, ids: dict):
    return client.open(fill(route.path, ids), method=route.method, data=fill(route.data, ids))


def test_every_route_is_in_the_table(app):
    listed = {(r.endpoint, r.method) for r in ROUTES}
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods & METHODS}
    assert served - listed == set(), "routes without a row in tests/security/access_table.py"
    assert listed - served == set(), "rows for routes that no longer exist"


def test_every_event_is_in_the_table():
    served = set(socketio.server.handlers["/"]) - SOCKET_EXCEPTIONS
    listed = {e.name for e in EVENTS}
    assert served - listed == set(), "events without a row in tests/security/access_table.py"
    assert listed - served == set(), "rows for events that no longer exist"


def _world(app, route):
    w = world.fresh(app)
    if route.given:
        route.given(w)
    return w


@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_route_for_each_role(route, app, client):
    w = _world(app, route)
    first_allowed = True
    for role in _roles_refused_first(route.allowed):
        if role in route.allowed and route.consumes and not first_allowed:
            w = _world(app, route)
        world.sign_in(client, w.users[role])
        before = world.row_counts()
        response = _send(client, route, w.a.ids())
        where = f"{role}: {route.method} {route.path} → {response.status_code} {response.headers.get('Location', '')}"
        if role in route.allowed:
            assert (_succeeded if first_allowed else lambda r: not _refused(r) and r.status_code < 500)(response), where
            first_allowed = False
        else:
            assert _refused(response), where
            assert world.row_counts() == before, where


def _payload(event, dialogue_id: int, ids: dict, client_id: str) -> dict:
    extra = {"client_id": client_id} if event.write else {}
    return {"dialogue_id": dialogue_id, **extra, **fill(event.payload, ids)}


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_event_for_each_role(event, app, client):
    w = world.fresh(app)
    first_allowed = True
    for n, role in enumerate(_roles_refused_first(event.allowed)):
        world.sign_in(client, w.users[role])
        before = world.row_counts()
        ack = world.emit(app, client, event.name, _payload(event, w.a.d, w.a.ids(), f"access-{n:04d}"))
        where = f"{role}: {event.name} → {ack}"
        if role in event.allowed:
            strict = first_allowed and event.ready
            assert ack["ok"] if strict else (ack["ok"] or ack["error"] not in REFUSED_ACKS), where
            first_allowed = False
        else:
            assert not ack["ok"] and ack["error"] in REFUSED_ACKS, where
            assert world.row_counts() == before, where


def _crossed(w) -> dict:
    """Dialogue A's id with every object id taken from dialogue B."""
    return {**w.b.ids(), "d": w.a.d}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.scoped and object_placeholders((r.path, r.data))],
                         ids=_route_id)
def test_objects_of_another_dialogue_are_unreachable_over_http(route, app, client):
    w = world.fresh(app)
    world.sign_in(client, w.users["organizer"])  # allowed everything in A, nothing in B
    before = world.row_counts()
    response = _send(client, route, _crossed(w))
    where = f"{route.method} {route.path} → {response.status_code}"
    assert world.row_counts() == before, where
    if object_placeholders(route.path):
        assert response.status_code == 404, where
    else:  # an id in the form: refused as a wrong choice, or shown as a message on the page
        assert response.status_code in (302, 400, 404, 409), where


@pytest.mark.parametrize("event", [e for e in EVENTS if object_placeholders(e.payload)], ids=lambda e: e.name)
def test_objects_of_another_dialogue_are_unreachable_over_sockets(event, app, client):
    w = world.fresh(app)
    world.sign_in(client, w.users["organizer"])
    before = world.row_counts()
    ack = world.emit(app, client, event.name, _payload(event, w.a.d, _crossed(w), "crossed-0001"))
    # agenda.next's item id is "the item I saw as current": another dialogue's is a conflict
    assert not ack["ok"] and ack["error"] in ("not_found", "conflict"), ack
    assert world.row_counts() == before
