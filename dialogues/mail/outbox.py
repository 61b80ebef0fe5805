"""The outbox: mails are rows written with the change that caused them; a background worker per
server process sends them after commit, off the request, and retries failures with back-off.

A send never runs inside a request, so a slow or unreachable SMTP server neither slows nor fails a
page, and a mail is never sent for a change that was rolled back. Several processes may share the
outbox: each mail is claimed by one of them (an UPDATE that only one can win) before it is sent.
"""
import logging
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import delete, event as sa_event, func, select, update
from sqlalchemy.orm import Session

from ..clock import utcnow
from ..errors import DATABASE_FAULTS
from ..extensions import db, mail
from .models import OutgoingMail

logger = logging.getLogger(__name__)
WAKE = "mail_outbox_wake"
BATCH = 50


def queue(recipient: str, subject: str, text: str, html: str) -> OutgoingMail:
    """Add a mail to the outbox in the current transaction; it is sent after commit."""
    row = OutgoingMail(recipient=recipient, subject=subject[:255], text=text, html=html)
    db.session.add(row)
    db.session.info[WAKE] = True
    return row


@sa_event.listens_for(Session, "after_commit")
def _wake_after_commit(session: Session) -> None:
    if session.info.pop(WAKE, False) and current_app.config["MAIL_OUTBOX_WORKER"]:
        worker(current_app._get_current_object()).wake()


@sa_event.listens_for(Session, "after_rollback")
def _forget_wake(session: Session) -> None:
    session.info.pop(WAKE, None)


def forget_recipient(address: str) -> None:
    """Drop the unsent mails to this address (its account is being deleted)."""
    db.session.execute(delete(OutgoingMail).where(func.lower(OutgoingMail.recipient) == address.strip().lower()))


def _retry_delay(attempts: int) -> timedelta:
    """After the ``attempts``-th try: the base delay, doubled for each earlier try."""
    return timedelta(seconds=current_app.config["MAIL_RETRY_SECONDS"] * 2 ** (attempts - 1))


def _claim(mail_id: int, attempts: int, now: datetime) -> bool:
    """Count one more attempt and push the next one back, unless another worker got there first.
    A process that dies while sending leaves the mail to be tried again after the delay."""
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.attempts == attempts)
        .values(attempts=attempts + 1, next_attempt_at=now + _retry_delay(attempts + 1))).rowcount == 1
    db.session.commit()
    return claimed


def _message(row: OutgoingMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(row.subject, row.text, to=[row.recipient], connection=connection)
    message.attach_alternative(row.html, "text/html")
    return message


def deliver_due(now: datetime | None = None) -> int:
    """Send every mail whose time has come (``now``, default the present); return how many were sent.
    A failure is logged and recorded on the row, which waits for its next attempt."""
    now = now or utcnow()
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    due = db.session.execute(
        select(OutgoingMail.id, OutgoingMail.attempts)
        .where(OutgoingMail.next_attempt_at <= now)
        .order_by(OutgoingMail.id).limit(BATCH)).all()
    db.session.commit()
    sent = 0
    connection = mail.get_connection()
    try:
        for mail_id, attempts in due:
            if not _claim(mail_id, attempts, now):
                continue
            row = db.session.get(OutgoingMail, mail_id)
            if row is None:  # deleted meanwhile
                continue
            try:
                delivered = _message(row, connection).send() == 1
                error = "" if delivered else "the server accepted no recipient"
            except Exception as exc:  # an SMTP or network error, whatever its class
                error = f"{type(exc).__name__}: {exc}"
            if error:
                _record_failure(mail_id, attempts + 1, error, max_attempts)
            else:
                db.session.execute(delete(OutgoingMail).where(OutgoingMail.id == mail_id))
                sent += 1
            db.session.commit()
    finally:
        connection.close()
    return sent


def _record_failure(mail_id: int, attempts: int, error: str, max_attempts: int) -> None:
    """Keep the error for the next attempt; after the last one, log it and drop the mail (it holds
    an address and perhaps a reset link: nothing to keep forever)."""
    if attempts >= max_attempts:
        db.session.execute(delete(OutgoingMail).where(OutgoingMail.id == mail_id))
        logger.error("Mail %s not sent after %s attempts, given up: %s", mail_id, attempts, error)
    else:
        db.session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id).values(last_error=error[:500]))
        logger.warning("Mail %s not sent (attempt %s of %s), will retry: %s", mail_id, attempts, max_attempts,
                       error)


class Worker:
    """One thread (a greenlet under gevent) per process that sends the outbox: woken after each
    commit that queued mail, and every MAIL_POLL_SECONDS for retries and mails left by a restart."""

    def __init__(self, app: Flask):
        self.app = app
        self.wakeup = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="mail-outbox", daemon=True)
                self.thread.start()

    def wake(self) -> None:
        self.start()
        self.wakeup.set()

    def _run(self) -> None:
        while True:
            self.wakeup.clear()  # a wake-up during the pass below makes another pass at once
            try:
                if self.app.config["MAIL_OUTBOX_WORKER"]:
                    with self.app.app_context():
                        deliver_due()
            except DATABASE_FAULTS as exc:  # down, or too busy to lend a connection: one line, not a traceback
                logger.warning("The mail outbox waits for the database, next pass in %s s: %s",
                               self.app.config["MAIL_POLL_SECONDS"], getattr(exc, "orig", None) or exc)
            except Exception:  # anything else: log it whole, and try again at the next pass
                logger.exception("The mail outbox could not be processed")
            self.wakeup.wait(self.app.config["MAIL_POLL_SECONDS"])


def worker(app: Flask) -> Worker:
    """This process's outbox worker for ``app`` (started on first use)."""
    return app.extensions.setdefault("mail_outbox_worker", Worker(app))
