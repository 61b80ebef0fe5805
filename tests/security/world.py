"""Two live dialogues, A and B, each with one object of every kind and a person in every role.

Shared by the access table, the fuzzing and the injection tests. Accounts get a password hash
computed once (hashing per account would make hundreds of worlds slow); everything else is made
through the services, so the rows and the event log look like real use.
"""
import contextvars
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from PIL import Image
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from dialogues.accounts import services as accounts
from dialogues.accounts.models import User
from dialogues.agenda import services as agenda
from dialogues.comments import services as comments
from dialogues.exports import outcome as outcome_document
from dialogues.exports import services as exports
from dialogues.extensions import db, socketio
from dialogues.facilitation import polls, speakers
from dialogues.recommendations import services as recommendations
from dialogues.roundtable import passes
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import Dialogue as DialogueModel
from dialogues.roundtable.models import (DialogueStatus, Organization, OrganizationKind, Participant,
                                         RegistrationState, Role)

from ..factories import PASSWORD

_HASH = generate_password_hash(PASSWORD, "pbkdf2:sha256:1")  # as the suite's PASSWORD_HASH_METHOD
# A small PNG: the cover logo of each dialogue.
_png = io.BytesIO()
Image.new("RGB", (4, 2), "gold").save(_png, "PNG")
LOGO_PNG = _png.getvalue()

# Everyone the access table asks about; "other" takes part in dialogue B only. The "pass…" roles
# hold room passes (no e-mail): approved and pending in A, revoked in A (the cookie it had before),
# and approved in B.
PASSES = ("pass", "pass_pending", "pass_revoked", "pass_other")
ROLES = ("anonymous", "pass_revoked", "outsider", "pass_other", "pending", "pass_pending", "declined", "pass",
         "participant", "moderator", "organizer", "admin", "other")  # weakest first


@dataclass(frozen=True)
class StaleSession:
    """What a copied cookie of a revoked pass (or a signed-out session) still says: an old id."""

    stale_id: str

    def get_id(self) -> str:
        return self.stale_id


@dataclass
class Dialogue:
    """The ids of one dialogue's objects, as URL and payload placeholders."""

    d: int
    item: int
    planned_item: int
    comment: int
    hidden: int
    pinned: int
    recommendation: int
    adopted: int
    amendment: int
    poll: int
    draft_poll: int
    request: int
    participant: int
    pending_participant: int
    group: int
    revision: int
    option: int
    job: int
    logo: int
    join_code: str
    # a password reset link's secret, for the participant's account
    reset_token: str
    pass_participant: int = 0  # the approved pass holder's registration, and their personal code
    pass_code: str = ""

    def ids(self) -> dict[str, int | str]:
        return dict(vars(self))


@dataclass
class World:
    a: Dialogue
    b: Dialogue
    users: dict[str, User | None] = field(default_factory=dict)


def user(key: str, text: str = "", *, is_admin: bool = False) -> User:
    """An account ``<key>@example.org`` named after its key (and ``text``)."""
    account = User(name=f"{key.replace('.', ' ').title()} {text}".strip()[:120], email=f"{key}@example.org",
                   password_hash=_HASH, locale="en", is_admin=is_admin)
    db.session.add(account)
    db.session.flush()
    return account


def _member(dialogue, account: User, role: Role = Role.PARTICIPANT,
            state: RegistrationState = RegistrationState.APPROVED, group: str = "miners") -> Participant:
    group_id = next(g.id for g in dialogue.groups if g.key == group)
    person = Participant(dialogue_id=dialogue.id, user_id=account.id, name=account.name, role=role, state=state,
                         group_id=group_id)
    db.session.add(person)
    db.session.flush()
    return person


def build_dialogue(label: str, organizer: User, moderator: User, participant: User, pending: User, declined: User,
                   text: str = "") -> Dialogue:
    """A live dialogue with a running item, the participant's comment and hidden reply, a moderator's
    pinned comment, a recommendation in discussion
    with a pending amendment and an adopted one, an open and a draft poll, a walk-in speaking and
    the participant's raised hand. ``text`` goes into the free-text fields (the injection tests put
    markup there)."""
    words = text or label
    start = datetime(2026, 12, 1, 9, 0)
    organizer.may_create_dialogues = True
    dialogue = roundtable.create_dialogue(organizer, {
        "title": f"Diálogo {label} {text}", "starts_at": start, "ends_at": start + timedelta(hours=8),
        "timezone": "America/La_Paz", "language": "en", "requires_approval": True, "allow_anonymous": True,
        "description": words, "venue": words})
    dialogue.status = DialogueStatus.LIVE
    _member(dialogue, moderator, Role.MODERATOR, group="civil_society")
    member = _member(dialogue, participant)
    member.organization = Organization(name=f"Cooperativa {label} {text}"[:200], kind=OrganizationKind.COOPERATIVE)
    waiting = _member(dialogue, pending, state=RegistrationState.PENDING)
    _member(dialogue, declined, state=RegistrationState.DECLINED)
    item = agenda.add_item(dialogue, moderator, {"title": f"Mercurio {words}", "presenter": words,
                                                 "planned_minutes": 20, "description": words})
    planned = agenda.add_item(dialogue, moderator, {"title": f"Financiamiento {words}", "planned_minutes": 20})
    agenda.start_item(dialogue, moderator, item)
    comment = comments.post_comment(dialogue, participant, item, f"Retortas {words}")
    reply = comments.post_comment(dialogue, participant, item, f"Respuesta {words}", parent_id=comment.id)
    comments.hide(dialogue, moderator, reply, f"Fuera de tema {words}")
    pinned = comments.post_comment(dialogue, moderator, item, f"Resumen {words}")
    comments.set_pinned(dialogue, moderator, pinned, True)
    recommendation = recommendations.propose(dialogue, moderator, {
        "title": f"Fondo {words}", "body": f"Crear *líneas* de crédito. {words}", "actors": f"Ministerio\n{words}",
        "item_id": item.id, "source_ids": str(comment.id)})
    recommendations.set_status(dialogue, moderator, recommendation, "discussion")
    amendment = recommendations.propose_amendment(dialogue, participant, recommendation,
                                                  {"body": f"Otro texto {words}", "reason": f"Porque {words}"})
    poll = polls.create_poll(dialogue, moderator, question=f"¿Retortas? {words}", kind="single",
                             options=[f"Sí {words}", "No"])
    polls.open_poll(dialogue, moderator, poll)
    draft = polls.create_poll(dialogue, moderator, question=f"¿Crédito? {words}", kind="scale")
    adopted = recommendations.propose(dialogue, moderator, {"title": f"Adoptada {words}", "body": words,
                                                            "actors": "Ministerio", "item_id": item.id})
    recommendations.set_status(dialogue, moderator, adopted, "discussion")
    recommendations.set_status(dialogue, moderator, adopted, "adopted")
    walk_in = speakers.add_speaker(dialogue, moderator, name=f"Don Julio {words}"[:speakers.NAME_LIMIT])
    speakers.give_floor(dialogue, moderator, walk_in)
    hand = speakers.raise_hand(dialogue, participant)
    job = exports.request_export(dialogue, organizer, {"format": "md", "language": "en", "scope": "all",
                                                       "comments": True})
    logo = outcome_document.add_logo(dialogue, organizer, "organizer", f"Logo {words}"[:200], LOGO_PNG)
    db.session.commit()
    exports.run_job(job.id)  # the file exists: a download can succeed
    return Dialogue(d=dialogue.id, item=item.id, planned_item=planned.id, comment=comment.id, hidden=reply.id, pinned=pinned.id,
                    recommendation=recommendation.id, adopted=adopted.id, amendment=amendment.id, poll=poll.id, draft_poll=draft.id,
                    request=hand.id, participant=member.id, pending_participant=waiting.id, group=member.group_id,
                    revision=recommendations.latest_revision(recommendation).id, option=poll.options[0].id,
                    job=job.id, logo=logo.id, join_code=dialogue.join_code,
                    reset_token=accounts.reset_token(participant))


def build(text: str = "") -> World:
    """Dialogues A and B and an account per role (committed). Needs a request context (services translate)."""
    assert current_app
    users = {role: user(f"{role}.a", text) for role in ROLES if role not in ("anonymous", "admin", "other")}
    users["admin"] = user("admin", text, is_admin=True)
    users["other"] = user("participant.b", text)
    b_staff = [user(f"{role}.b", text) for role in ("organizer", "moderator", "pending", "declined")]
    a = build_dialogue("A", users["organizer"], users["moderator"], users["participant"], users["pending"],
                       users["declined"], text)
    b = build_dialogue("B", b_staff[0], b_staff[1], users["other"], b_staff[2], b_staff[3], text)
    users["pass"], a.pass_participant, a.pass_code = room_pass(a.d, users["organizer"], "Pase A", text)
    users["pass_pending"] = room_pass(a.d, None, "Pase pendiente", text)[0]
    revoked = room_pass(a.d, users["organizer"], "Pase revocado", text)[0]
    users["pass_revoked"] = StaleSession(revoked.get_id())
    dialogue_a = db.session.get(DialogueModel, a.d)
    passes.revoke(dialogue_a, users["organizer"], roundtable.membership(dialogue_a, revoked))
    users["pass_other"], b.pass_participant, b.pass_code = room_pass(b.d, b_staff[0], "Pase B", text)
    db.session.commit()
    users["anonymous"] = None
    return World(a=a, b=b, users=users)


def room_pass(dialogue_id: int, approver: User | None, name: str, text: str = "") -> tuple[User, int, str]:
    """Someone who joined dialogue ``dialogue_id`` at the door with a room pass, approved by
    ``approver`` (pending when None): their user, registration id and personal code."""
    dialogue = db.session.get(DialogueModel, dialogue_id)
    participant, code = passes.join(dialogue, {"name": f"{name} {text}".strip()[:120],
                                               "group_id": dialogue.groups[0].id, "agree": True})
    if approver is not None:
        roundtable.decide(dialogue, approver, participant, True)
    return participant.user, participant.id, code


def sign_in(client, account: User | None) -> None:
    """Sign the test client in as ``account`` (or out, for None) without the sign-in form."""
    with client.session_transaction() as session:
        session.clear()
        if account is not None:
            session["_user_id"] = account.get_id()
            session["_fresh"] = True


def row_counts() -> dict[str, int]:
    """Rows per table: a refused request must leave every count as it was."""
    tables = db.metadata.sorted_tables
    with db.engine.connect() as conn:  # one round trip
        counts = conn.execute(select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))).one()
    return dict(zip((t.name for t in tables), counts))


def wipe() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def fresh(app, text: str = "") -> World:
    """A new world on empty tables."""
    wipe()
    with app.test_request_context():
        return build(text)


def emit(app, client, event: str, payload) -> dict:
    """One Socket.IO event through Flask-SocketIO's test client, with the HTTP client's session, in a
    fresh context (its own app context, ``g`` and database session) as on a real server.

    The test client patches the app's one Socket.IO server (packets go to the test client, handlers
    run inline); the patches are undone afterwards, or live-server tests later in the session
    would never hear back from it.
    """
    server = socketio.server
    saved = (server.async_handlers, server.eio.async_handlers)

    def run():
        sio = socketio.test_client(app, flask_test_client=client)
        try:
            return sio.emit(event, payload, callback=True)
        finally:
            sio.disconnect()

    try:
        return contextvars.Context().run(run)
    finally:
        server.async_handlers, server.eio.async_handlers = saved
        for patched in ("_send_packet", "_send_eio_packet"):
            server.__dict__.pop(patched, None)
