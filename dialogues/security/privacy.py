"""A person's own data: figures that cannot single them out, a download of it all, erasure.

Deleting an account keeps what the person said (threads keep their shape) but not who they
were: each registration loses its link to the account, its name becomes a neutral label in the
dialogue's language, and its private fields (gender, needs) are erased; the account row (e-mail,
password) is deleted, and their name is scrubbed from the dialogues' event logs.
"""
import hmac
from typing import Callable

from flask_babel import force_locale, gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts import passcodes
from ..accounts.models import User
from ..clock import iso, utcnow
from ..comments.models import Comment, Flag, Reaction
from ..errors import InvalidInput
from ..extensions import db
from ..mail import outbox
from ..facilitation.models import Poll, PollOption, SpeakerRequest, Vote
from ..realtime import connections
from ..realtime.models import Event
from ..recommendations.models import (Amendment, Endorsement, ProgressNote, Recommendation, Revision,
                                      Stance)
from ..roundtable.models import Participant, Role
from . import throttle


# --- download -------------------------------------------------------------------



def _comments(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Comment).where(Comment.author_id.in_(participant_ids)).order_by(Comment.id))
    return [{"id": c.id, "dialogue_id": c.dialogue_id, "agenda_item_id": c.item_id, "reply_to": c.parent_id,
             "text": c.body, "anonymous": c.is_anonymous, "created_at": iso(c.created_at),
             "edited_at": iso(c.edited_at), "hidden": c.hidden_at is not None} for c in rows]


def _reactions(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Reaction).where(Reaction.participant_id.in_(participant_ids)))
    return [{"comment_id": r.comment_id, "reaction": r.kind.value, "created_at": iso(r.created_at)} for r in rows]


def _flags(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Flag).where(Flag.participant_id.in_(participant_ids)))
    return [{"comment_id": f.comment_id, "reason": f.reason, "created_at": iso(f.created_at)} for f in rows]


def _stances(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Stance).where(Stance.participant_id.in_(participant_ids)).order_by(Stance.id))
    return [{"recommendation_id": s.recommendation_id, "stance": s.kind.value, "note": s.note,
             "updated_at": iso(s.updated_at)} for s in rows]


def _endorsements(participant_ids: list[int]) -> list[dict]:
    """Endorsements the person gave as their organization's representative."""
    rows = db.session.scalars(select(Endorsement).where(Endorsement.representative_id.in_(participant_ids))
                              .options(selectinload(Endorsement.organization)).order_by(Endorsement.id))
    return [{"recommendation_id": e.recommendation_id, "organization": e.organization.name,
             "statement": e.statement, "created_at": iso(e.created_at)} for e in rows]


def _proposals(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Recommendation).where(Recommendation.proposed_by_id.in_(participant_ids))
                              .order_by(Recommendation.id))
    return [{"recommendation_id": r.id, "dialogue_id": r.dialogue_id, "title": r.title,
             "created_at": iso(r.created_at)} for r in rows]


def _revisions(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Revision).where(Revision.author_id.in_(participant_ids)).order_by(Revision.id))
    return [{"recommendation_id": r.recommendation_id, "number": r.number, "title": r.title, "text": r.body,
             "actors": r.actors, "created_at": iso(r.created_at)} for r in rows]


def _amendments(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(Amendment).where(Amendment.author_id.in_(participant_ids)).order_by(Amendment.id))
    return [{"recommendation_id": a.recommendation_id, "text": a.body, "reason": a.reason, "state": a.state.value,
             "created_at": iso(a.created_at)} for a in rows]


def _poll_votes(participant_ids: list[int]) -> list[dict]:
    rows = db.session.execute(select(Vote, PollOption.label, Poll.question).join(PollOption, PollOption.id == Vote.option_id)
                              .join(Poll, Poll.id == Vote.poll_id).where(Vote.participant_id.in_(participant_ids))
                              .order_by(Vote.id))
    return [{"poll_id": v.poll_id, "question": question, "option": label, "created_at": iso(v.created_at)}
            for v, label, question in rows]


def _speaking_turns(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(SpeakerRequest).where(SpeakerRequest.participant_id.in_(participant_ids))
                              .order_by(SpeakerRequest.id))
    return [{"dialogue_id": r.dialogue_id, "agenda_item_id": r.item_id, "kind": r.kind.value, "state": r.state.value,
             "requested_at": iso(r.requested_at), "started_at": iso(r.started_at), "ended_at": iso(r.ended_at)}
            for r in rows]


def _progress_notes(participant_ids: list[int]) -> list[dict]:
    rows = db.session.scalars(select(ProgressNote).where(ProgressNote.author_id.in_(participant_ids))
                              .order_by(ProgressNote.id))
    return [{"recommendation_id": n.recommendation_id, "on": n.on.isoformat(), "text": n.body,
             "created_at": iso(n.created_at)} for n in rows]


# Sections of the download beyond account and registrations: name → rows for the person's
# registrations. An area that stores what a person did adds its section here.
SECTIONS: dict[str, Callable[[list[int]], list[dict]]] = {
    "comments": _comments,
    "reactions": _reactions,
    "flags": _flags,
    "stances": _stances,
    "endorsements": _endorsements,
    "recommendations_proposed": _proposals,
    "revisions": _revisions,
    "amendments": _amendments,
    "poll_votes": _poll_votes,
    "speaking_turns": _speaking_turns,
    "progress_notes": _progress_notes,
}


def personal_data(user: User) -> dict:
    """Everything stored about this person, and nothing about anyone else."""
    registrations = list(db.session.scalars(
        select(Participant).where(Participant.user_id == user.id).order_by(Participant.id)
        .options(selectinload(Participant.dialogue), selectinload(Participant.group),
                 selectinload(Participant.organization))))
    ids = [p.id for p in registrations]
    data = {
        "exported_at": iso(utcnow()),
        "account": {"name": user.name, "email": user.email, "language": user.locale,
                    "created_at": iso(user.created_at)},
        "registrations": [{
            "id": p.id, "dialogue": {"id": p.dialogue_id, "title": p.dialogue.title},
            "name": p.name, "role": p.role.value, "state": p.state.value,
            "stakeholder_group": p.group.name if p.group else None,
            "organization": p.organization.name if p.organization else None,
            "gender": p.gender.value if p.gender else None, "listed_by_name": p.consent_listed,
            "needs": p.needs, "checked_in_at": iso(p.checked_in_at), "registered_at": iso(p.created_at),
        } for p in registrations],
    }
    for name, section in SECTIONS.items():
        data[name] = section(ids) if ids else []
    return data


# --- deletion -------------------------------------------------------------------

def former_participant_label(language: str) -> str:
    with force_locale(language):
        return _("Former participant")


def _only_organizer_of(registrations: list[Participant]) -> list[str]:
    organizing = [p for p in registrations if p.role == Role.ORGANIZER]
    if not organizing:
        return []
    counts = dict(db.session.execute(
        select(Participant.dialogue_id, func.count()).where(
            Participant.dialogue_id.in_([p.dialogue_id for p in organizing]), Participant.role == Role.ORGANIZER)
        .group_by(Participant.dialogue_id)).all())
    return [p.dialogue.title for p in organizing if counts.get(p.dialogue_id, 0) <= 1]


def _scrub(value, name: str, label: str):
    """``value`` with every string equal to ``name`` replaced by ``label`` (nested dicts and lists)."""
    if isinstance(value, dict):
        return {k: _scrub(v, name, label) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, name, label) for v in value]
    return label if value == name else value


def _scrub_event_log(dialogue_id: int, name: str, label: str) -> None:
    """Replays must not bring the name back: rewrite it in the dialogue's events."""
    for event in db.session.scalars(select(Event).where(Event.dialogue_id == dialogue_id)
                                    .execution_options(yield_per=500)):
        scrubbed = _scrub(event.payload, name, label)
        if scrubbed != event.payload:
            event.payload = scrubbed


def _holds_code(user: User, code: str) -> bool:
    """A room pass proves its holder by its personal code (it has no password)."""
    try:
        return user.pass_code_digest is not None and hmac.compare_digest(passcodes.digest(code), user.pass_code_digest)
    except InvalidInput:
        return False


def delete_account(user: User, password: str) -> None:
    """Erase the account and anonymise its registrations; contributions stay as "former participant".

    A room pass gives its personal code instead of a password. Raises InvalidInput for a wrong
    password or code, and for the only organizer of a dialogue (shown on the form).
    """
    if user.is_pass and not _holds_code(user, password or ""):
        raise InvalidInput(_("That is not your personal code."), field="password")
    if not user.is_pass and not user.check_password(password or ""):
        raise InvalidInput(_("That is not your password."), field="password")
    registrations = list(db.session.scalars(
        select(Participant).where(Participant.user_id == user.id).options(selectinload(Participant.dialogue))))
    sole = _only_organizer_of(registrations)
    if sole:
        raise InvalidInput(_("You are the only organizer of “%(title)s”. Name another organizer first.",
                             title=sole[0]))
    for participant in registrations:
        label = former_participant_label(participant.dialogue.language)
        _scrub_event_log(participant.dialogue_id, participant.name, label)
        participant.user_id = None
        participant.name = label
        participant.gender = None
        participant.needs = ""
        participant.consent_listed = False
    if user.email:
        throttle.forget_account(user.email)
        outbox.forget_recipient(user.email)
    connections.close_after_commit(user.id)
    db.session.delete(user)
    db.session.flush()
