"""Joint recommendations: every rule and permission check. Functions flush, never commit.

Each change appends a ``recommendation.*`` event in the caller's transaction; socket handlers pass
their ``client_id`` through so a retried write is answered, not redone.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..clock import utcnow
from ..agenda.models import AgendaItem
from ..comments.models import Comment
from ..errors import Conflict, InvalidInput, InvalidState, NotFound, NotPermitted
from ..extensions import db
from ..permissions import rule
from ..locks import hold
from ..realtime import log
from ..roundtable.models import Dialogue, DialogueStatus, Participant, StakeholderGroup
from ..roundtable.services import (groups_taking_part, membership, require_contributor, require_moderator,
                                   require_organizer)
from ..security.limits import limited
from .consensus import Consensus, Counts, consensus
from .models import (Amendment, AmendmentState, Endorsement, FollowUpStatus, ProgressNote, Recommendation,
                     RecommendationSource, RecommendationStatus, Representative, Revision, Stance, StanceKind)

LIMITS = {"title": 200, "body": 10000, "actor": 200, "note": 2000, "reason": 2000, "statement": 1000,
          "responsible_actor": 200}
MAX_ACTORS = 12
MAX_SOURCES = 20
NOTE_REQUIRED = {StanceKind.RESERVATIONS, StanceKind.OPPOSE}

S = RecommendationStatus
TRANSITIONS = {
    S.DRAFT: (S.DISCUSSION, S.WITHDRAWN),
    S.DISCUSSION: (S.ADOPTED, S.NOT_ADOPTED, S.WITHDRAWN),
    S.ADOPTED: (),
    S.NOT_ADOPTED: (),
    S.WITHDRAWN: (),
}


class RevisionConflict(Conflict):
    """An edit based on an older revision: carries the current revision and what was submitted."""

    def __init__(self, current: Revision, submitted: dict):
        super().__init__(_("Someone changed this recommendation while you were editing. "
                           "Compare both texts below and save again."))
        self.current = current
        self.submitted = submitted

    def as_ack(self) -> dict:
        return {**super().as_ack(), "current": {"revision_id": self.current.id, "title": self.current.title,
                                                "body": self.current.body},
                "submitted": {"title": self.submitted.get("title", ""), "body": self.submitted.get("body", "")}}


# --- input -----------------------------------------------------------------------

def _clean(value, field: str, *, required: bool = False, limit_key: str | None = None) -> str:
    if not isinstance(value, str | None):
        raise InvalidInput(_("This field must be text."), field=field)
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    limit = LIMITS[limit_key or field]
    if len(value) > limit:
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=limit), field=field)
    return value


def _actors(value) -> list[str]:
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    actors = [_clean(line, "actors", limit_key="actor") for line in lines]
    actors = list(dict.fromkeys(a for a in actors if a))
    if len(actors) > MAX_ACTORS:
        raise InvalidInput(_("Name at most %(n)d actors.", n=MAX_ACTORS), field="actors")
    return actors


def _item(dialogue: Dialogue, item_id) -> int | None:
    if not item_id:
        return None
    item = db.session.get(AgendaItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.dialogue_id != dialogue.id:
        raise InvalidInput(_("Choose an agenda item of this dialogue."), field="item_id")
    return item.id


def _ids(value) -> list[int]:
    """Comment ids from a list or a comma-separated string."""
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    try:
        ids = list(dict.fromkeys(int(p) for p in parts if str(p).strip()))
    except ValueError:
        raise InvalidInput(_("Unknown source comment."), field="source_ids")
    if len(ids) > MAX_SOURCES:
        raise InvalidInput(_("Link at most %(n)d comments.", n=MAX_SOURCES), field="source_ids")
    return ids


def _source_comments(dialogue: Dialogue, ids: list[int]) -> list[int]:
    if not ids:
        return []
    found = set(db.session.scalars(select(Comment.id).where(
        Comment.id.in_(ids), Comment.dialogue_id == dialogue.id, Comment.hidden_at.is_(None))))
    if found != set(ids):
        raise InvalidInput(_("Unknown source comment."), field="source_ids")
    return ids


def _fields(dialogue: Dialogue, data: dict) -> dict:
    return {"title": _clean(data.get("title"), "title", required=True),
            "body": _clean(data.get("body"), "body", required=True),
            "actors": _actors(data.get("actors")),
            "item_id": _item(dialogue, data.get("item_id"))}


def _writable(dialogue: Dialogue) -> None:
    if dialogue.status == DialogueStatus.CLOSED:
        raise InvalidState(_("This dialogue is closed."))


def _open(recommendation: Recommendation) -> None:
    if not recommendation.is_open:
        raise InvalidState(_("This recommendation is %(status)s; it can no longer change.",
                             status=recommendation.status.label.lower()))


def recommendations_of(dialogue: Dialogue) -> list[Recommendation]:
    return list(db.session.scalars(
        select(Recommendation).where(Recommendation.dialogue_id == dialogue.id).order_by(Recommendation.id)))


def revisions_of(recommendation: Recommendation) -> list[Revision]:
    return list(db.session.scalars(recommendation.revisions.select().options(selectinload(Revision.author))))


def latest_revision(recommendation: Recommendation, *, lock: bool = False) -> Revision:
    """The current revision; ``lock`` holds the recommendation's row so concurrent edits queue up."""
    if lock:
        hold(Recommendation, recommendation.id)
    return db.session.scalars(select(Revision).where(Revision.recommendation_id == recommendation.id)
                              .order_by(Revision.number.desc()).limit(1)).one()


def amendments_of(recommendation: Recommendation) -> list[Amendment]:
    return list(db.session.scalars(select(Amendment).where(Amendment.recommendation_id == recommendation.id)
                                   .options(selectinload(Amendment.author)).order_by(Amendment.id)))


def progress_notes_of(recommendation: Recommendation) -> list[ProgressNote]:
    return list(db.session.scalars(select(ProgressNote).where(ProgressNote.recommendation_id == recommendation.id)
                                   .order_by(ProgressNote.on, ProgressNote.id)))


def endorsements_of(recommendation: Recommendation) -> list[Endorsement]:
    return list(db.session.scalars(select(Endorsement).where(Endorsement.recommendation_id == recommendation.id)
                                   .options(selectinload(Endorsement.organization)).order_by(Endorsement.id)))


@dataclass(frozen=True)
class SourceView:
    comment_id: int
    author: str
    body: str


def sources_of(recommendation: Recommendation) -> list[SourceView]:
    """The comments it came from; hidden ones left out, anonymous ones without their author."""
    comments = db.session.scalars(
        select(Comment).join(RecommendationSource, RecommendationSource.comment_id == Comment.id)
        .where(RecommendationSource.recommendation_id == recommendation.id, Comment.hidden_at.is_(None))
        .options(selectinload(Comment.author), selectinload(Comment.group)).order_by(Comment.id))
    return [SourceView(c.id, _comment_author(c), c.body) for c in comments]


def _comment_author(comment: Comment) -> str:
    if comment.is_anonymous:
        if comment.show_group and comment.group:
            return _("Anonymous, from %(group)s", group=comment.group.name)
        return _("Anonymous")
    return comment.author.name if comment.author else _("Former participant")


# --- proposing and editing -----------------------------------------------------------

@rule("propose")
def require_proposer(dialogue: Dialogue, user: User | None) -> Participant | None:
    """Moderators always; participants when the dialogue allows it. Raises NotPermitted."""
    me = membership(dialogue, user)
    if dialogue.participants_may_propose and me is not None and me.can_contribute:
        return me
    return require_moderator(dialogue, user)


@rule("edit_recommendation")
def require_editor(dialogue: Dialogue, user: User | None, recommendation: Recommendation) -> Participant | None:
    """Moderators, or the person who proposed it. Raises NotPermitted."""
    me = membership(dialogue, user)
    if me is not None and me.can_contribute and me.id == recommendation.proposed_by_id:
        return me
    return require_moderator(dialogue, user)


def draft_from_comment(dialogue: Dialogue, user: User, comment: Comment) -> dict:
    """Form data that turns a comment into a recommendation. Raises NotPermitted or NotFound."""
    require_proposer(dialogue, user)
    if comment.hidden_at is not None:
        raise NotFound(str(Comment.missing))
    return {"title": "", "body": comment.body[:LIMITS["body"]], "actors": "", "item_id": comment.item_id,
            "source_ids": str(comment.id)}


def _add_revision(recommendation: Recommendation, author: Participant | None, number: int,
                  amendment: Amendment | None = None) -> Revision:
    revision = Revision(recommendation_id=recommendation.id, number=number, title=recommendation.title,
                        body=recommendation.body, actors=list(recommendation.actors), author=author,
                        amendment_id=amendment.id if amendment else None)
    db.session.add(revision)
    db.session.flush()
    return revision


def _revised(recommendation: Recommendation, revision: Revision, user: User, client_id: str | None) -> None:
    log.append(recommendation.dialogue_id, "recommendation.revised",
               {"recommendation_id": recommendation.id, "revision_id": revision.id, "number": revision.number,
                "title": recommendation.title},
               client_id=client_id, object_id=recommendation.id, actor_user_id=user.id)


def propose(dialogue: Dialogue, user: User, data: dict, client_id: str | None = None) -> Recommendation:
    """A new draft with its first revision. Raises NotPermitted, InvalidState, InvalidInput."""
    author = require_proposer(dialogue, user)
    _writable(dialogue)
    fields = _fields(dialogue, data)
    sources = _source_comments(dialogue, _ids(data.get("source_ids")))
    recommendation = Recommendation(dialogue_id=dialogue.id, proposed_by=author, **fields)
    db.session.add(recommendation)
    db.session.flush()
    db.session.add_all(RecommendationSource(recommendation_id=recommendation.id, comment_id=c) for c in sources)
    _add_revision(recommendation, author, 1)
    log.append(dialogue.id, "recommendation.proposed",
               {"recommendation_id": recommendation.id, "title": recommendation.title,
                "status": recommendation.status.value},
               client_id=client_id, object_id=recommendation.id, actor_user_id=user.id)
    return recommendation


def edit(dialogue: Dialogue, user: User, recommendation: Recommendation, data: dict,
         client_id: str | None = None) -> Revision:
    """A new revision, if ``base_revision_id`` is still the latest.

    Raises RevisionConflict (stale base, nothing written), NotPermitted, InvalidState, InvalidInput.
    """
    author = require_editor(dialogue, user, recommendation)
    _writable(dialogue)
    _open(recommendation)
    fields = _fields(dialogue, data)
    current = latest_revision(recommendation, lock=True)
    if data.get("base_revision_id") != current.id:
        raise RevisionConflict(current, fields)
    for name, value in fields.items():
        setattr(recommendation, name, value)
    revision = _add_revision(recommendation, author, current.number + 1)
    _revised(recommendation, revision, user, client_id)
    return revision


# --- amendments ------------------------------------------------------------------------

def propose_amendment(dialogue: Dialogue, user: User, recommendation: Recommendation, data: dict,
                      client_id: str | None = None) -> Amendment:
    """Replacement text with a reason, from any contributor. Raises NotPermitted, InvalidState, InvalidInput."""
    author = require_contributor(dialogue, user)
    _writable(dialogue)
    _open(recommendation)
    amendment = Amendment(recommendation_id=recommendation.id, author=author,
                          body=_clean(data.get("body"), "body", required=True),
                          reason=_clean(data.get("reason"), "reason", required=True))
    db.session.add(amendment)
    db.session.flush()
    log.append(dialogue.id, "recommendation.amendment_proposed",
               {"recommendation_id": recommendation.id, "amendment_id": amendment.id},
               client_id=client_id, object_id=amendment.id, actor_user_id=user.id)
    return amendment


@limited()
def decide_amendment(dialogue: Dialogue, user: User, recommendation: Recommendation, amendment: Amendment,
                     accept: bool, reason: str = "", client_id: str | None = None) -> Amendment:
    """Accept (the text becomes a new revision) or reject with a reason. Moderators only."""
    moderator = require_moderator(dialogue, user)
    _writable(dialogue)
    _open(recommendation)
    if amendment.state != AmendmentState.OPEN:
        raise InvalidState(_("This amendment was already decided."))
    reason = _clean(reason, "reason", required=not accept)
    amendment.state = AmendmentState.ACCEPTED if accept else AmendmentState.REJECTED
    amendment.decided_by_id = moderator.id if moderator else None
    amendment.decided_at = utcnow()
    amendment.decision_reason = reason
    if accept:
        recommendation.body = amendment.body
        number = latest_revision(recommendation, lock=True).number + 1
        revision = _add_revision(recommendation, amendment.author, number, amendment)
        _revised(recommendation, revision, user, None)
    log.append(dialogue.id, "recommendation.amendment_decided",
               {"recommendation_id": recommendation.id, "amendment_id": amendment.id, "state": amendment.state.value},
               client_id=client_id, object_id=amendment.id, actor_user_id=user.id)
    return amendment


# --- stances and consensus -------------------------------------------------------------------

def _counts(dialogue: Dialogue, recommendation_id: int | None = None) -> dict[int, dict[int, Counts]]:
    """recommendation id → group id → Counts, from one grouped query."""
    query = (select(Stance.recommendation_id, Stance.group_id, Stance.kind, func.count())
             .join(Recommendation, Recommendation.id == Stance.recommendation_id)
             .where(Recommendation.dialogue_id == dialogue.id)
             .group_by(Stance.recommendation_id, Stance.group_id, Stance.kind))
    if recommendation_id is not None:
        query = query.where(Stance.recommendation_id == recommendation_id)
    raw: dict[int, dict[int, dict[str, int]]] = {}
    for rid, gid, kind, n in db.session.execute(query):
        raw.setdefault(rid, {}).setdefault(gid, {})[StanceKind(kind).value] = n
    return {rid: {gid: Counts(**kinds) for gid, kinds in groups.items()} for rid, groups in raw.items()}


@dataclass(frozen=True)
class Matrix:
    groups: list[StakeholderGroup]  # the groups that took part: the matrix's columns
    rows: list[tuple[Recommendation, Consensus]]
    absent: list[StakeholderGroup]  # groups without participants (observers only, or nobody): one note, no column


def consensus_for(dialogue: Dialogue, recommendation: Recommendation) -> Consensus:
    cells = _counts(dialogue, recommendation.id).get(recommendation.id, {})
    return consensus(cells, [g.id for g in dialogue.groups], dialogue.min_stances)


def consensus_for_dialogue(dialogue: Dialogue) -> Matrix:
    """Recommendations × the stakeholder groups that took part, in a constant number of queries."""
    counts = _counts(dialogue)
    order = [g.id for g in dialogue.groups]
    taking_part, absent = groups_taking_part(dialogue)
    return Matrix(groups=taking_part, absent=absent,
                  rows=[(r, consensus(counts.get(r.id, {}), order, dialogue.min_stances))
                        for r in recommendations_of(dialogue)])


@limited()
def set_stance(dialogue: Dialogue, user: User, recommendation: Recommendation, kind, note: str = "",
               client_id: str | None = None) -> Stance:
    """Take or change one's stance while voting is open. Raises NotPermitted, InvalidState, InvalidInput."""
    participant = require_contributor(dialogue, user)
    _writable(dialogue)
    if not recommendation.voting_open:
        raise InvalidState(_("Voting on this recommendation is not open."))
    try:
        kind = StanceKind(kind)
    except ValueError:
        raise InvalidInput(_("Choose support, support with reservations, oppose or abstain."), field="kind")
    note = _clean(note, "note", required=kind in NOTE_REQUIRED)
    stance = db.session.scalar(select(Stance).where(Stance.recommendation_id == recommendation.id,
                                                    Stance.participant_id == participant.id))
    if stance is None:
        stance = Stance(recommendation_id=recommendation.id, participant_id=participant.id)
        db.session.add(stance)
    stance.group_id, stance.kind, stance.note, stance.updated_at = participant.group_id, kind, note, utcnow()
    db.session.flush()
    figures = consensus_for(dialogue, recommendation)
    log.append(dialogue.id, "recommendation.stance_changed",
               {"recommendation_id": recommendation.id,
                "cells": {str(gid): c.as_dict() for gid, c in figures.cells.items()}, **figures.as_dict()},
               client_id=client_id, object_id=stance.id, actor_user_id=user.id)
    return stance


def _of_participant(model, participant: Participant | None, *where):
    """``model``'s row of this participant where ``where`` holds; None for nobody (not a member)."""
    if participant is None:
        return None
    return db.session.scalar(select(model).where(model.participant_id == participant.id, *where))


def stance_of(recommendation: Recommendation, participant: Participant | None) -> Stance | None:
    return _of_participant(Stance, participant, Stance.recommendation_id == recommendation.id)


@dataclass(frozen=True)
class StanceView:
    recommendation_id: int
    who: str
    group: str
    kind: StanceKind
    note: str
    named: bool  # the person consented to be listed: ``who`` is their name, else a phrase naming the group


def stance_listing(dialogue: Dialogue, recommendation: Recommendation | None = None,
                   kinds: tuple[StanceKind, ...] | None = None) -> list[StanceView]:
    """Stances with their notes, for pages and exports: a name only if the person consented to be listed.
    ``kinds`` keeps only stances of those kinds (the export lists reservations and objections)."""
    query = (select(Stance).join(Recommendation, Recommendation.id == Stance.recommendation_id)
             .where(Recommendation.dialogue_id == dialogue.id)
             .options(selectinload(Stance.participant), selectinload(Stance.group))
             .order_by(Stance.recommendation_id, Stance.group_id, Stance.id))
    if recommendation is not None:
        query = query.where(Stance.recommendation_id == recommendation.id)
    if kinds is not None:
        query = query.where(Stance.kind.in_(kinds))
    views, group_names = [], {}  # a group's (translated) name, once per group
    for s in db.session.scalars(query):
        if s.group_id not in group_names:
            group_names[s.group_id] = s.group.name if s.group else _("no group")
        group = group_names[s.group_id]
        named = s.participant.consent_listed
        who = s.participant.name if named else _("a participant from %(group)s", group=group)
        views.append(StanceView(s.recommendation_id, who, group, s.kind, s.note, named))
    return views


# --- status, voting, endorsements ------------------------------------------------------------

def _status_changed(recommendation: Recommendation, user: User, client_id: str | None) -> None:
    log.append(recommendation.dialogue_id, "recommendation.status_changed",
               {"recommendation_id": recommendation.id, "status": recommendation.status.value,
                "voting_open": recommendation.voting_open},
               client_id=client_id, object_id=recommendation.id, actor_user_id=user.id)


@limited()
def close_voting(dialogue: Dialogue, user: User, recommendation: Recommendation,
                 client_id: str | None = None) -> Recommendation:
    """Stances are final from now on. Moderators only. Raises InvalidState unless voting is open."""
    require_moderator(dialogue, user)
    if not recommendation.voting_open:
        raise InvalidState(_("Voting on this recommendation is not open."))
    recommendation.voting_closed_at = utcnow()
    _status_changed(recommendation, user, client_id)
    return recommendation


@limited()
def set_status(dialogue: Dialogue, user: User, recommendation: Recommendation, status,
               client_id: str | None = None) -> Recommendation:
    """Draft → under discussion → adopted / not adopted, or withdrawn. A decision closes voting."""
    require_moderator(dialogue, user)
    try:
        status = RecommendationStatus(status)
    except ValueError:
        raise InvalidInput(_("Unknown status."), field="status")
    if status not in TRANSITIONS[recommendation.status]:
        raise InvalidState(_("A recommendation that is %(a)s cannot become %(b)s.",
                             a=recommendation.status.label.lower(), b=status.label.lower()))
    recommendation.status = status
    if status in (S.ADOPTED, S.NOT_ADOPTED, S.WITHDRAWN) and recommendation.voting_closed_at is None:
        recommendation.voting_closed_at = utcnow()
    if status == S.ADOPTED:
        recommendation.follow_up_status = FollowUpStatus.NOT_STARTED
    _status_changed(recommendation, user, client_id)
    return recommendation


def representatives_of(dialogue: Dialogue) -> list[Representative]:
    return list(db.session.scalars(select(Representative).where(Representative.dialogue_id == dialogue.id)
                                   .options(selectinload(Representative.organization),
                                            selectinload(Representative.participant))))


def designate_representative(dialogue: Dialogue, user: User, participant: Participant) -> Representative:
    """Organizers name who endorses for the person's organization (replacing any earlier one)."""
    require_organizer(dialogue, user)
    if participant.organization_id is None or not participant.can_contribute:
        raise InvalidInput(_("Choose an approved participant who belongs to an organization."),
                           field="participant_id")
    representative = db.session.scalar(select(Representative).where(
        Representative.dialogue_id == dialogue.id, Representative.organization_id == participant.organization_id))
    if representative is None:
        representative = Representative(dialogue_id=dialogue.id, organization_id=participant.organization_id)
        db.session.add(representative)
    representative.participant_id = participant.id
    db.session.flush()
    log.append(dialogue.id, "recommendation.representative", {"organization_id": participant.organization_id,
                                                              "participant_id": participant.id},
               audience=log.MODERATORS, object_id=representative.id, actor_user_id=user.id)
    return representative


def represented_by(dialogue: Dialogue, participant: Participant | None) -> Representative | None:
    return _of_participant(Representative, participant, Representative.dialogue_id == dialogue.id)


def endorse(dialogue: Dialogue, user: User, recommendation: Recommendation, endorsed: bool, statement: str = "",
            client_id: str | None = None) -> Endorsement | None:
    """The organization's formal endorsement (or its withdrawal), by its designated representative."""
    representative = represented_by(dialogue, require_contributor(dialogue, user))
    if representative is None:
        raise NotPermitted(_("Only an organization's designated representative can endorse for it."))
    if recommendation.status not in (S.DISCUSSION, S.ADOPTED):
        raise InvalidState(_("Only recommendations under discussion or adopted can be endorsed."))
    endorsement = db.session.scalar(select(Endorsement).where(
        Endorsement.recommendation_id == recommendation.id,
        Endorsement.organization_id == representative.organization_id))
    statement = _clean(statement, "statement")
    if endorsed and endorsement is None:
        endorsement = Endorsement(recommendation_id=recommendation.id, organization_id=representative.organization_id)
        db.session.add(endorsement)
    if endorsed:
        endorsement.representative_id, endorsement.statement = representative.participant_id, statement
    elif endorsement is not None:
        db.session.delete(endorsement)
        endorsement = None
    db.session.flush()
    log.append(dialogue.id, "recommendation.endorsed",
               {"recommendation_id": recommendation.id, "organization_id": representative.organization_id,
                "endorsed": endorsed},
               client_id=client_id, object_id=recommendation.id, actor_user_id=user.id)
    return endorsement


# --- follow-up ------------------------------------------------------------------------------------

def _require_adopted(dialogue: Dialogue, user: User, recommendation: Recommendation) -> Participant | None:
    author = require_moderator(dialogue, user)
    if recommendation.status != S.ADOPTED:
        raise InvalidState(_("Only adopted recommendations are followed up."))
    return author


def _followed_up(recommendation: Recommendation, user: User) -> None:
    log.append(recommendation.dialogue_id, "recommendation.followed_up",
               {"recommendation_id": recommendation.id,
                "status": recommendation.follow_up_status.value if recommendation.follow_up_status else None},
               object_id=recommendation.id, actor_user_id=user.id)


def set_follow_up(dialogue: Dialogue, user: User, recommendation: Recommendation, data: dict) -> Recommendation:
    """Responsible actor, due date and status of an adopted recommendation."""
    _require_adopted(dialogue, user, recommendation)
    due = data.get("due_date")
    if due is not None and not isinstance(due, date):
        raise InvalidInput(_("Give a date."), field="due_date")
    try:
        status = FollowUpStatus(data.get("status"))
    except ValueError:
        raise InvalidInput(_("Unknown status."), field="status")
    recommendation.responsible_actor = _clean(data.get("responsible_actor"), "responsible_actor")
    recommendation.due_date, recommendation.follow_up_status = due, status
    _followed_up(recommendation, user)
    return recommendation


def add_progress_note(dialogue: Dialogue, user: User, recommendation: Recommendation, data: dict) -> ProgressNote:
    """A dated note on what happened since."""
    author = _require_adopted(dialogue, user, recommendation)
    on = data.get("on")
    if not isinstance(on, date):
        raise InvalidInput(_("Give a date."), field="on")
    note = ProgressNote(recommendation_id=recommendation.id, on=on, author_id=author.id if author else None,
                        body=_clean(data.get("body"), "note", required=True))
    db.session.add(note)
    db.session.flush()
    _followed_up(recommendation, user)
    return note
