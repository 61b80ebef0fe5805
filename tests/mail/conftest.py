"""A real SMTP server (aiosmtpd) in the test process, and the app pointed at it."""
import email
import socket
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from dialogues.extensions import mail

SETTINGS = ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_OUTBOX_WORKER")


def free_port() -> int:
    """A port nothing listens on (for now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received, as parsed messages, with a way to wait for them."""

    def __init__(self):
        self.messages = []
        self.received = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.received:
            self.messages.append(message)
            self.received.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 15) -> list:
        with self.received:
            assert self.received.wait_for(lambda: len(self.messages) >= count, timeout), self.messages
        return self.messages

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self, port: int):
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


@pytest.fixture(autouse=True)
def outbox_worker(app):
    """Mail goes out after commit, from the outbox worker (the test app keeps it off elsewhere);
    with no SMTP server configured, to the console."""
    saved = {name: app.config[name] for name in SETTINGS}
    app.config["MAIL_OUTBOX_WORKER"] = True
    yield
    app.config.update(saved)
    mail.init_app(app)


@pytest.fixture
def smtp_port(app):
    """The app sends over SMTP to 127.0.0.1:<port> for this test (nothing listens there yet)."""
    port = free_port()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    mail.init_app(app)
    return port


@pytest.fixture
def smtp(smtp_port):
    """A running SMTP server the app sends to; its ``inbox`` holds what arrived."""
    server = SmtpServer(smtp_port).start()
    yield server.inbox
    server.stop()


def wait_until(predicate, timeout: float = 15):
    """Poll ``predicate`` (reading the database afresh each time) until it is true."""
    from dialogues.extensions import db

    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        if predicate():
            return
        assert time.monotonic() < deadline, "condition never met"
        time.sleep(0.05)
