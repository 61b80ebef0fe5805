"""The audit log: what organizers and moderators did in a dialogue, read from its event log.

Only the event types listed in ACTIONS appear, each in words. Participants' own writes (comments,
reactions, stances, votes, raised hands, amendments) are not listed: the page shows who acted, and
an anonymous comment must never be tied to its author. Two kinds of event have either kind of
actor and are listed worded for both: a registration (a person's own, or a walk-in added by an
organizer or moderator) and a withdrawn request to speak. An area whose organizer or moderator
actions append events adds their types here (tests/security/test_audit.py checks every type).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import User
from ..exports.formats import FORMATS
from ..extensions import db
from ..realtime.models import Event
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, DialogueStatus, Participant, RegistrationState, Role

PAGE_SIZE = 50

# type → (a label for the filter, what the actor did, with %(…)s filled from the event)
ACTIONS = {
    "dialogue.updated": (_l("Dialogue edited"), _l("edited the dialogue’s details: %(fields)s")),
    "dialogue.status_changed": (_l("Status changed"), _l("moved the dialogue to “%(status)s”")),
    "participant.added": (_l("New registration"), _l("registered %(participant)s at the door")),
    "participant.changed": (_l("Registration changed"),
                            _l("set %(participant)s to %(state)s, %(role)s%(presence)s")),
    "dialogue.invited": (_l("Invitations"), _l("invited %(count)s people by e-mail")),
    "participant.pass_code": (_l("Room passes"), _l("gave %(participant)s a new personal code")),
    "participant.pass_revoked": (_l("Room passes"), _l("ended the room pass of %(participant)s")),
    "agenda.item_added": (_l("Agenda"), _l("added an agenda item")),
    "agenda.item_updated": (_l("Agenda"), _l("edited an agenda item")),
    "agenda.item_removed": (_l("Agenda"), _l("removed an agenda item")),
    "agenda.reordered": (_l("Agenda"), _l("reordered the agenda")),
    "agenda.item_started": (_l("Agenda"), _l("started an agenda item")),
    "agenda.item_paused": (_l("Agenda"), _l("paused an agenda item")),
    "agenda.item_resumed": (_l("Agenda"), _l("resumed an agenda item")),
    "agenda.item_extended": (_l("Agenda"), _l("extended an agenda item")),
    "agenda.item_ended": (_l("Agenda"), _l("ended an agenda item")),
    "comment.hidden": (_l("Comment moderation"), _l("hid a comment")),
    "comment.unhidden": (_l("Comment moderation"), _l("showed a hidden comment again")),
    "comment.pinned": (_l("Comment moderation"), _l("pinned a comment")),
    "comment.unpinned": (_l("Comment moderation"), _l("unpinned a comment")),
    "comment.flags_dismissed": (_l("Comment moderation"), _l("dismissed the flags on a comment")),
    "recommendation.proposed": (_l("Recommendations"), _l("drafted a recommendation")),
    "recommendation.revised": (_l("Recommendations"), _l("revised a recommendation")),
    "recommendation.status_changed": (_l("Recommendations"), _l("changed a recommendation’s status")),
    "recommendation.amendment_decided": (_l("Recommendations"), _l("decided on an amendment")),
    "recommendation.followed_up": (_l("Recommendations"), _l("recorded a follow-up")),
    "recommendation.representative": (_l("Recommendations"), _l("named a representative")),
    "speakers.added": (_l("List of speakers"), _l("put %(speaker)s on the list of speakers")),
    "speakers.moved": (_l("List of speakers"), _l("moved %(speaker)s on the list of speakers")),
    "speakers.floor": (_l("List of speakers"), _l("gave the floor to %(speaker)s")),
    "speakers.ended": (_l("List of speakers"), _l("ended the turn of %(speaker)s")),
    "speakers.withdrawn": (_l("List of speakers"), _l("withdrew a request to speak")),
    "speakers.settings": (_l("List of speakers"), _l("changed the speaking time settings")),
    "poll.created": (_l("Polls"), _l("created a poll")),
    "poll.opened": (_l("Polls"), _l("opened a poll")),
    "poll.closed": (_l("Polls"), _l("closed a poll")),
    "export.requested": (_l("Exports"), _l("exported %(export)s")),
    "projector.link_replaced": (_l("Projector"), _l("made a new projector link (the old one stopped working)")),
}
# A person's own registration, in place of "registered … at the door".
SELF_REGISTERED = _l("registered for the dialogue")

FIELD_LABELS = {
    "title": _l("title"), "description": _l("description"), "country": _l("country"), "region": _l("region"),
    "venue": _l("venue"), "online_url": _l("online link"), "timezone": _l("time zone"), "language": _l("language"),
    "starts_at": _l("start"), "ends_at": _l("end"), "requires_approval": _l("approval"),
    "allow_anonymous": _l("anonymous comments"), "groups": _l("stakeholder groups"),
}


@dataclass
class Entry:
    seq: int
    at: datetime
    type: str
    actor: str
    action: str


@dataclass
class AuditPage:
    entries: list[Entry]
    page: int
    pages: int
    type: str | None
    # (type, label) of the actions this dialogue's log holds, for the filter
    types: list[tuple[str, str]]


def _label(enum_cls, value):
    try:
        return enum_cls(value).label
    except ValueError:
        return value or ""


def _export(payload: dict) -> str:
    if payload.get("format") == "participants.csv":
        return _("the participant list (CSV)")
    known = FORMATS.get(payload.get("format"))
    label = known.label if known else payload.get("format") or ""
    return _("“%(format)s”", format=label)


def _words(event: Event, participants: dict[int, tuple[str, int | None]]) -> str:
    payload = event.payload if isinstance(event.payload, dict) else {}
    name, user_id = participants.get(payload.get("participant_id"), (_("a participant"), None))
    if event.type == "participant.added" and user_id is not None and user_id == event.actor_user_id:
        return str(SELF_REGISTERED)
    context = defaultdict(str, {
        "participant": name,
        "speaker": payload.get("name") or _("a participant"),
        "export": _export(payload) if event.type == "export.requested" else "",
        "status": _label(DialogueStatus, payload.get("status")),
        "state": _label(RegistrationState, payload.get("state")),
        "role": _label(Role, payload.get("role")),
        "presence": _(", present") if payload.get("present") else "",
        "count": payload.get("count", ""),
        "fields": ", ".join(str(FIELD_LABELS.get(f, f)) for f in payload.get("fields") or []),
    })
    return str(ACTIONS[event.type][1]) % context


def audit_page(dialogue: Dialogue, user: User, *, type_: str | None = None, page: int = 1) -> AuditPage:
    """One page (newest first) of the organizer and moderator actions. Organizers only."""
    roundtable.require_organizer(dialogue, user)
    present = list(db.session.scalars(select(Event.type).distinct().where(
        Event.dialogue_id == dialogue.id, Event.type.in_(list(ACTIONS)))))
    types = sorted(((t, str(ACTIONS[t][0])) for t in present), key=lambda pair: (pair[1], pair[0]))
    shown = [type_] if type_ in ACTIONS else list(ACTIONS)
    where = (Event.dialogue_id == dialogue.id, Event.type.in_(shown))
    total = db.session.scalar(select(func.count()).select_from(Event).where(*where))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    events = list(db.session.scalars(select(Event).where(*where).order_by(Event.seq.desc())
                                     .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    actors = _names(User, {e.actor_user_id for e in events})
    participants = _participants({e.payload.get("participant_id") for e in events if isinstance(e.payload, dict)})
    entries = [Entry(seq=e.seq, at=e.created_at, type=e.type,
                     actor=actors.get(e.actor_user_id) or _("Former participant"),
                     action=_words(e, participants)) for e in events]
    return AuditPage(entries=entries, page=page, pages=pages, type=type_ if type_ in ACTIONS else None, types=types)


def _participants(ids: set) -> dict[int, tuple[str, int | None]]:
    """Name and account of each registration named by the events."""
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    rows = db.session.execute(select(Participant.id, Participant.name, Participant.user_id)
                              .where(Participant.id.in_(ids)))
    return {pid: (name, user_id) for pid, name, user_id in rows}


def _names(model, ids: set) -> dict[int, str]:
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
