"""Fixtures: app and database, HTTP client, live server, Socket.IO clients, browser, query counter."""
import contextlib
import contextvars
import os
import re
import threading

import pytest
import requests
import socketio as socketio_client
from sqlalchemy import event as sa_event
from werkzeug.serving import make_server

from flask import has_app_context
from flask.testing import FlaskClient

from dialogues import create_app
from dialogues.extensions import db as _db

from .databases import IN_CI, make_database, unavailable
from .factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    database = make_database(tmp_path_factory.mktemp("db"))
    yield database
    database.drop()


@pytest.fixture(scope="session")
def app(database, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database.url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}} if database.kind == "sqlite" else {},
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "EXPORT_DIR": str(tmp_path_factory.mktemp("exports")),
        "MAIL_OUTBOX_WORKER": False,
        # scrypt costs ~0.2 s of CPU a user and a sign-in: a few hundred seconds over the suite.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # on in tests/mail only: elsewhere sent mails would vanish from row counts
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()  # the schema comes from the migrations, as in production
    return app


@pytest.fixture(autouse=True)
def _app_context(app):
    """Each test runs in an app context and starts from empty tables."""
    with app.app_context():
        yield
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own ``g``, locale and DB
    session. The test's session ends its transaction first, so reads after the request are fresh.
    Tests speak English unless they ask for Spanish (users, dialogues and browsers default to "en")."""

    def open(self, *args, **kwargs):
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        if not has_app_context():  # a redirect followed inside the isolated request
            return super().open(*args, **kwargs)
        _db.session.rollback()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def csrf(app):
    """Turn CSRF protection on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def csrf_token(client, path: str = "/accounts/login") -> str:
    """The CSRF token of the form at ``path`` (empty when CSRF is off)."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True))
    return match.group(1) if match else ""


def login(client, user, password: str = PASSWORD):
    response = client.post("/accounts/login", data={"email": user.email, "password": password,
                                                    "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def login_as(client):
    return lambda user: login(client, user)


# --- live server and real Socket.IO clients -------------------------------------------------

class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="session")
def live_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


def http_session(base_url: str, user=None) -> requests.Session:
    """A requests session signed in as ``user`` (anonymous when None)."""
    session = requests.Session()
    if user is not None:
        response = session.post(f"{base_url}/accounts/login", data={"email": user.email, "password": PASSWORD},
                                allow_redirects=False)
        assert response.status_code == 302, response.text
    return session


class LiveClient:
    """A real python-socketio client that records every ``event`` message it receives."""

    def __init__(self, base_url: str, user=None, transports=None):
        self.http = http_session(base_url, user)
        self.sio = socketio_client.Client(reconnection=False, http_session=self.http)
        self.events: list[dict] = []
        self.received = threading.Condition()
        self.sio.on("event", self._on_event)
        self.base_url = base_url
        self.transports = transports

    def _on_event(self, message):
        with self.received:
            self.events.append(message)
            self.received.notify_all()

    def connect(self):
        self.sio.connect(self.base_url, transports=self.transports, wait_timeout=10)
        return self

    def call(self, name: str, data=None, timeout: float = 10):
        return self.sio.call(name, data, timeout=timeout)

    def join(self, dialogue_id: int, last_seq: int = 0) -> dict:
        ack = self.call("join", {"dialogue_id": dialogue_id, "last_seq": last_seq})
        assert ack["ok"], ack
        return ack

    def wait_for(self, predicate, timeout: float = 10) -> list[dict]:
        """Block until ``predicate(events)`` is true; return the events."""
        with self.received:
            assert self.received.wait_for(lambda: predicate(self.events), timeout), self.events
        return self.events

    def wait_for_type(self, type_: str, count: int = 1, timeout: float = 10) -> list[dict]:
        events = self.wait_for(lambda evs: sum(e["type"] == type_ for e in evs) >= count, timeout)
        return [e for e in events if e["type"] == type_]

    def disconnect(self, wait: bool = True):
        """Close the connection. The dev server leaves websocket-client waiting ~3 s for the
        closing handshake, so teardown does not wait for it."""
        if not self.sio.connected:
            return
        if wait:
            self.sio.disconnect()
        else:
            threading.Thread(target=self.sio.disconnect, daemon=True).start()


@pytest.fixture
def socket_client(live_server):
    """``socket_client(user)`` → a connected LiveClient; all are disconnected after the test."""
    clients: list[LiveClient] = []

    def make(user=None, transports=None) -> LiveClient:
        client = LiveClient(live_server.url, user, transports).connect()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.disconnect(wait=False)


# --- browser --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        unavailable("Chromium", "Install it with: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(user=None, locale=…, **context options)`` → a page in a fresh browser context (a
    phone's viewport and touch, no JavaScript…), signed in as ``user`` if given."""
    contexts = []

    def make(user=None, locale: str = "en-US", **options):
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/accounts/login")
            page.fill("input[name=email]", user.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.stack button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login" not in url)
        return page

    yield make
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait until ``page`` is loaded with its fonts and, if it follows its dialogue live, has joined
    (or been refused), so that what the live script adds is on it: what a layout or axe-core check
    needs, without "networkidle"'s 500 ms of silence on every page."""
    page.wait_for_function(SETTLED)


SETTLED = """() => {
    if (document.readyState !== 'complete' || document.fonts.status !== 'loaded') return false;
    const state = document.querySelector('[data-live-dialogue]') && document.querySelector('[data-live-state]');
    return !state || ['live', 'ended'].includes(state.getAttribute('data-state'));
}"""

# --- counting queries -----------------------------------------------------------------------

@contextlib.contextmanager
def count_queries():
    """``with count_queries() as queries: …`` then ``len(queries)`` is the number of SQL statements."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = _db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


__all__ = ["count_queries", "login", "IN_CI"]
