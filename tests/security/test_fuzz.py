"""Hostile input: random and malformed payloads for every Socket.IO event and every route.

Never an unhandled exception, never a 500, and a refused request leaves the database as it was.
Events and routes come from the access table, which test_access.py holds equal to Flask-SocketIO's
handler registry and ``app.url_map``: a new endpoint cannot be added without being fuzzed.
"""
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.extensions import socketio

from . import world
from .access_table import EVENTS, ROUTES, fill

FUZZ = settings(max_examples=10, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Anything JSON can carry, with the awkward corners: huge numbers and strings, nesting, control characters.
EDGE_NUMBERS = [0, -1, 2**31 - 1, 2**31, 2**63, 2**70, -(2**70)]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(EDGE_NUMBERS),
    st.floats(allow_nan=False), st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s * 500),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "0", "-1", "1e309", "NaN", "{}", "[]"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=4), max_leaves=8)
_client_ids = (f"fuzz-{n:08d}" for n in itertools.count())


def _mutated(valid: dict):
    """The valid payload with some fields replaced, removed or added, or something that is not an object."""
    keys = sorted(valid)
    replaced = st.fixed_dictionaries({}, optional={k: values for k in keys}).map(lambda new: {**valid, **new})
    dropped = st.sets(st.sampled_from(keys), min_size=1).map(
        lambda gone: {k: v for k, v in valid.items() if k not in gone}) if keys else st.just({})
    extra = st.dictionaries(st.text(min_size=1, max_size=12), values, min_size=1, max_size=3).map(
        lambda more: {**more, **valid})
    return st.one_of(replaced, replaced, dropped, extra, values)


@pytest.fixture
def organizer_world(app, client):
    """A world with the client signed in as dialogue A's organizer (allowed nearly everything)."""
    w = world.fresh(app)
    world.sign_in(client, w.users["organizer"])
    return w


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_socket_events_survive_hostile_payloads(event, app, client, organizer_world):
    ids = organizer_world.a.ids()
    valid = {"dialogue_id": ids["d"], **fill(event.payload, ids)}

    @FUZZ
    @given(payload=_mutated(valid))
    def check(payload):
        if event.write and isinstance(payload, dict) and "client_id" not in payload:
            payload = {**payload, "client_id": next(_client_ids)}
        before = world.row_counts()
        ack = world.emit(app, client, event.name, payload)
        assert isinstance(ack, dict) and "ok" in ack, ack
        if not ack["ok"]:
            assert ack["error"] != "server_error", (payload, ack)
            assert isinstance(ack.get("message"), str) and ack["message"], ack
            assert world.row_counts() == before, (payload, ack)

    check()


@FUZZ
@given(name=st.text(min_size=1, max_size=60), payload=values)
def test_unknown_events_get_an_error_ack(app, client, name, payload):
    if name in socketio.server.handlers["/"] or name in ("connect", "disconnect", "message"):
        return
    ack = world.emit(app, client, name, payload)
    assert ack["ok"] is False and ack["error"] == "unknown_event"


# --- HTTP -----------------------------------------------------------------------------------

# Login failures are recorded by design (the sign-in delays), so a refused login changes a row.
RECORDS_REFUSALS = {"accounts.login"}
ids_or_junk = st.one_of(st.just(None), st.sampled_from([n for n in EDGE_NUMBERS if n >= 0]), st.integers(0, 10**6))


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_routes_survive_hostile_input(route, app, client, organizer_world):
    ids = organizer_world.a.ids()
    # uploads (a logo file) are left out: the fuzz sends form fields and JSON
    valid = {k: v for k, v in fill(route.data, ids).items() if not isinstance(v, tuple)}
    form_values = st.one_of(scalars.map(lambda v: "" if v is None else str(v)), st.lists(st.text(max_size=5)))

    @FUZZ
    @given(path_ids=st.fixed_dictionaries({k: ids_or_junk for k in ids if k != "join_code"}),
           form=st.one_of(st.fixed_dictionaries({}, optional={k: form_values for k in valid}).map(
               lambda new: {**valid, **new}),
               st.dictionaries(st.text(min_size=1, max_size=10), form_values, max_size=4)),
           as_json=st.booleans())
    def check(path_ids, form, as_json):
        chosen = {k: (ids[k] if v is None else v) for k, v in path_ids.items()}
        path = fill(route.path, {**ids, **chosen})
        before = world.row_counts()
        world.sign_in(client, organizer_world.users["organizer"])
        if as_json:
            response = client.open(path, method=route.method, json=form)
        else:
            response = client.open(path, method=route.method, data=form)
        assert response.status_code < 500, (path, form, response.status_code)
        if response.status_code >= 400 and route.endpoint not in RECORDS_REFUSALS:
            assert world.row_counts() == before, (path, form, response.status_code)

    check()
