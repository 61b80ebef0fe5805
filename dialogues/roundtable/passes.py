"""Room passes: taking part from a phone without e-mail or password, in one dialogue.

A pass is a ``User`` without e-mail or password whose ``pass_dialogue_id`` names the one dialogue
it works in, with a ``Participant`` there: every rule, the access table, the audit log and the
data download cover pass holders as they cover anyone, and no rule is written twice. The phone
keeps the pass as Flask-Login's signed remember cookie. Its personal code (accounts/passcodes.py)
signs the same person in on another device; a new code replaces the old one. Revoking a pass
rotates its session token (every copy of its cookies stops working, its sockets close) and forgets
its code. Everything else a pass holder may not do (create dialogues, register elsewhere) is
refused where an account is required (``services.require_account``).
"""
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts import passcodes
from ..accounts.models import User
from ..accounts.services import revoke_sessions
from ..clock import utcnow
from ..errors import InvalidInput, InvalidState, NotPermitted
from ..exports.sections import cover
from ..extensions import db
from ..realtime import log
from .. import mail
from . import qr, services
from .models import GROUP_ORGANIZATION_KINDS, Dialogue, Participant, RegistrationState, Role


def entry_state(dialogue: Dialogue, now: datetime | None = None) -> RegistrationState:
    """Approval needed: pending. Open entry: approved during check-in hours (from
    ``CHECK_IN_OPENS_MINUTES`` before the start to the end), pending outside them."""
    if dialogue.requires_approval:
        return RegistrationState.PENDING
    now = now or utcnow()
    opens = dialogue.starts_at - timedelta(minutes=current_app.config["CHECK_IN_OPENS_MINUTES"])
    return RegistrationState.APPROVED if opens <= now <= dialogue.ends_at else RegistrationState.PENDING


def hosts(dialogue: Dialogue) -> dict:
    """Who organizes and supports the dialogue, for its join page: the organizations named on the
    cover of its documents, else the organizers who agreed to be named."""
    shown = cover(dialogue)
    organizers = shown["organizers"] or [p.name for p in services.public_participants(dialogue)
                                         if p.role == Role.ORGANIZER]
    return {"organizers": organizers, "funders": shown["funders"]}


def organizations_by_group(dialogue: Dialogue) -> list[tuple]:
    """``(group, organizations)`` for the join page's list, filtered by the group chosen."""
    everyone = services.organizations(dialogue)
    return [(group, [o for o in everyone if o.kind in GROUP_ORGANIZATION_KINDS.get(group.key, ())])
            for group in dialogue.groups]


def join(dialogue: Dialogue, data: dict, locale: str | None = None) -> tuple[Participant, str]:
    """A new pass holder with a name (a pseudonym will do), a group, maybe an organization and a
    gender, and their consent, reading in ``locale``; returns the registration and the personal
    code, shown once.

    Raises InvalidState (registration not open) or InvalidInput."""
    if not dialogue.is_open_for_registration:
        raise InvalidState(_("Registration for this dialogue is not open."))
    if not data.get("agree"):
        raise InvalidInput(_("Agree to take part on these terms to join."), field="agree")
    name = services._text(data.get("name"), "name", required=True)
    fields = services.person_fields(dialogue, {**data, "org_kind": _kind_for(dialogue, data)})
    user = services.pass_account(dialogue, name, locale)
    participant = Participant(dialogue=dialogue, user=user, name=name, role=Role.PARTICIPANT,
                              state=entry_state(dialogue), **fields)
    db.session.add(participant)
    code = _issue_code(user)
    services.participant_changed(dialogue, user, participant, "participant.added")
    mail.send_registration_received(participant)
    return participant, code


def _kind_for(dialogue: Dialogue, data: dict) -> str:
    """An organization typed in on the join page is taken to be of its group's usual kind."""
    group = next((g for g in dialogue.groups if g.id == data.get("group_id")), None)
    kinds = GROUP_ORGANIZATION_KINDS.get(group.key, ()) if group else ()
    return data.get("org_kind") or (kinds[0].value if kinds else "ngo")


def _issue_code(user: User) -> str:
    """A new personal code for the pass (the old one stops working), as shown to the person."""
    while True:
        code = passcodes.new_code()
        digest = passcodes.digest(code)
        if db.session.scalar(select(User.id).where(User.pass_code_digest == digest)) is None:
            break
    user.pass_code_digest = digest
    db.session.flush()
    return passcodes.shown(code)


def holder(dialogue: Dialogue, code: str) -> User:
    """The pass of this dialogue that ``code`` opens. Raises InvalidInput (malformed, or no such pass)."""
    user = db.session.scalar(select(User).where(User.pass_code_digest == passcodes.digest(code),
                                                User.pass_dialogue_id == dialogue.id))
    if user is None:
        raise InvalidInput(_("This code opens no pass in this dialogue. Check it, or ask at the registration desk."),
                           field="code")
    return user


def own_pass(dialogue: Dialogue, user: User | None) -> Participant:
    """The signed-in pass holder's registration in ``dialogue``. Raises NotPermitted."""
    participant = services.membership(dialogue, user)
    if participant is None or not user.is_pass:
        raise NotPermitted(_("Only the holder of a room pass of this dialogue can do that."))
    return participant


def new_code(dialogue: Dialogue, user: User) -> str:
    """The pass holder's own new code (the old one stops working). Raises NotPermitted."""
    own_pass(dialogue, user)
    return _issue_code(user)


def _pass_of(participant: Participant) -> User:
    if participant.user is None or not participant.user.is_pass:
        raise InvalidState(_("Only people with a room pass have a personal code."))
    return participant.user


def desk_code(dialogue: Dialogue, organizer: User, participant: Participant) -> str:
    """A new code for a pass holder at the registration desk (a walk-in), to show or print."""
    services.require_organizer(dialogue, organizer)
    code = _issue_code(_pass_of(participant))
    log.append(dialogue.id, "participant.pass_code", {"participant_id": participant.id}, audience=log.MODERATORS,
               object_id=participant.id, actor_user_id=organizer.id)
    return code


def revoke(dialogue: Dialogue, organizer: User, participant: Participant) -> Participant:
    """End a pass on every device (a lost or shared phone): its cookies and code stop working and
    its live connections close after commit. The desk can give the person a new code afterwards."""
    services.require_organizer(dialogue, organizer)
    user = _pass_of(participant)
    revoke_sessions(user)
    user.pass_code_digest = None
    log.append(dialogue.id, "participant.pass_revoked", {"participant_id": participant.id}, audience=log.MODERATORS,
               object_id=participant.id, actor_user_id=organizer.id)
    return participant


def code_link(dialogue: Dialogue, code: str) -> str:
    """The join page with the code filled in (the QR next to a code): the person still presses a
    button, so a prefetched or previewed link signs nobody in."""
    return url_for("passes.join", dialogue_id=dialogue.id, code=code, _external=True)


def code_qr(dialogue: Dialogue, code: str) -> str:
    return qr.data_uri(code_link(dialogue, code))
