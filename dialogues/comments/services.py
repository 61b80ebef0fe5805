"""Comment threads: every rule and permission check, the one serializer, and the thread loader.

An anonymous comment's author is known to the database only: ``serialize`` never puts a name,
participant id, user id or (unless the author chose so) group into a page, a JSON answer or an
event, and its events carry no ``actor_user_id``. Moderators see no more than anyone else.
Serialized comments hold no translated text (one event reaches readers of every language): the
page turns ``group_id`` into the group's name and a missing name into "Anonymous participant".

A hidden comment reaches other people as ``{id, hidden: true}`` only; its author and moderators see
it with the reason. The ``comment.hidden`` event is public and carries no reason: a page that shows
the author's own comment (or a moderator's page) fetches the comment again (``comment_json``) and so
learns the reason, also after a replay, which a one-off notice could not guarantee.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.models import AgendaItem
from ..clock import iso, utcnow
from ..errors import Conflict, InvalidInput, InvalidState, NotPermitted
from ..extensions import db
from ..permissions import can, rule
from ..realtime import log
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, DialogueStatus, Participant
from ..security.limits import limited
from .models import Comment, Flag, Reaction, ReactionKind

BODY_MAX = 4000
REASON_MAX = 500
MAX_DEPTH = 3  # a top-level comment, its replies, and replies to those; deeper replies join the third level
PAGE_SIZE = 20
OPEN_STATUSES = (DialogueStatus.REGISTRATION_OPEN, DialogueStatus.LIVE)


@dataclass
class Viewer:
    """Who looks at a thread: decides what ``serialize`` may show. ``Viewer()`` is the public."""

    participant_id: int | None = None
    moderator: bool = False
    my_reactions: dict[int, set[str]] = field(default_factory=dict)
    flags: dict[int, int] = field(default_factory=dict)  # comment id → open flags (moderators only)


def viewer_for(dialogue: Dialogue, user: User | None) -> Viewer:
    me = roundtable.membership(dialogue, user)
    return Viewer(participant_id=me.id if me else None, moderator=can("moderate", dialogue, user))


# --- checks -------------------------------------------------------------------

def _text(value, *, limit: int, required: bool, field_name: str) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_("This must be text."), field=field_name)
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Write something first."), field=field_name)
    if len(value) > limit:
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=limit), field=field_name)
    return value


def _require_open(dialogue: Dialogue) -> None:
    if dialogue.status not in OPEN_STATUSES:
        raise InvalidState(_("Comments are closed in this dialogue."))


def _require_visible(comment: Comment) -> None:
    if comment.hidden_at is not None:
        raise InvalidState(_("This comment was hidden by a moderator."))


def edit_window() -> timedelta:
    return timedelta(minutes=current_app.config.get("COMMENT_EDIT_MINUTES", 15))


def editable_until(comment: Comment) -> datetime:
    return comment.created_at + edit_window()


def _actor(comment: Comment, user: User) -> int | None:
    """The user to record in the event log: nobody, for an anonymous comment's own writes."""
    return None if comment.is_anonymous else user.id


# --- writes -------------------------------------------------------------------

def _depth_parent(item: AgendaItem, parent_id) -> Comment | None:
    """The comment a reply attaches to: in the same item, visible, at most ``MAX_DEPTH - 1`` deep."""
    if parent_id in (None, "", 0):
        return None
    parent = db.session.get(Comment, parent_id) if isinstance(parent_id, int) else None
    if parent is None or parent.item_id != item.id:
        raise InvalidInput(_("You can only reply to a comment of this agenda item."), field="parent_id")
    _require_visible(parent)
    ancestors = [parent]
    while ancestors[-1].parent_id is not None:
        ancestors.append(db.session.get(Comment, ancestors[-1].parent_id))
    return ancestors[-(MAX_DEPTH - 1)] if len(ancestors) >= MAX_DEPTH else parent


@limited("10/minute")
def post_comment(dialogue: Dialogue, user: User, item: AgendaItem, body, *, parent_id=None,
                 anonymous: bool = False, show_group: bool = True, client_id: str | None = None) -> Comment:
    """An approved participant comments on an item or replies. Raises NotPermitted, InvalidInput, InvalidState."""
    author = roundtable.require_contributor(dialogue, user)
    _require_open(dialogue)
    body = _text(body, limit=BODY_MAX, required=True, field_name="body")
    if anonymous and not dialogue.allow_anonymous:
        raise InvalidInput(_("This dialogue does not allow anonymous comments."), field="anonymous")
    parent = _depth_parent(item, parent_id)
    comment = Comment(dialogue_id=dialogue.id, item_id=item.id, parent_id=parent.id if parent else None,
                      author_id=author.id, body=body, is_anonymous=bool(anonymous), group_id=author.group_id,
                      show_group=bool(show_group) or not anonymous, created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    log.append(dialogue.id, "comment.posted", serialize(comment, Viewer(), no_reactions()), client_id=client_id,
               object_id=comment.id, actor_user_id=_actor(comment, user))
    return comment


@rule("edit_comment")
def require_author(dialogue: Dialogue, user: User | None, comment: Comment) -> Participant:
    """The user's participation if they wrote this comment (and may still contribute). Raises NotPermitted."""
    author = roundtable.require_contributor(dialogue, user)
    if comment.author_id != author.id:
        raise NotPermitted(_("You can only edit your own comments."))
    return author


# Who may ask for the reason form of each action (the same rule as the action's service).
REASON_RULES = {"flag": "contribute", "hide": "moderate"}


@limited("10/minute")
def edit_comment(dialogue: Dialogue, user: User, comment: Comment, body, *, client_id: str | None = None) -> Comment:
    """The author changes their words within the edit window. Raises NotPermitted, InvalidState, InvalidInput."""
    require_author(dialogue, user, comment)
    _require_open(dialogue)
    _require_visible(comment)
    if utcnow() > editable_until(comment):
        raise InvalidState(_("Comments can be edited for %(n)d minutes only.",
                             n=int(edit_window().total_seconds() // 60)))
    comment.body = _text(body, limit=BODY_MAX, required=True, field_name="body")
    comment.edited_at = utcnow()
    db.session.flush()
    log.append(dialogue.id, "comment.edited", {"id": comment.id, "body": comment.body,
                                                "edited_at": iso(comment.edited_at)},
               client_id=client_id, object_id=comment.id, actor_user_id=_actor(comment, user))
    return comment


@limited("60/minute")
def react(dialogue: Dialogue, user: User, comment: Comment, kind, *, client_id: str | None = None) -> bool:
    """Toggle the user's reaction of this kind; True when it is now on. Everyone gets the new counts."""
    me = roundtable.require_contributor(dialogue, user)
    _require_open(dialogue)
    _require_visible(comment)
    try:
        kind = ReactionKind(kind)
    except ValueError:
        raise InvalidInput(_("Unknown reaction."), field="kind")
    existing = db.session.scalar(select(Reaction).where(
        Reaction.comment_id == comment.id, Reaction.participant_id == me.id, Reaction.kind == kind))
    if existing is not None:
        db.session.delete(existing)
    else:
        db.session.add(Reaction(comment_id=comment.id, participant_id=me.id, kind=kind))
    db.session.flush()
    log.append(dialogue.id, "comment.reacted", {"id": comment.id, "reactions": reaction_counts([comment.id])[comment.id]},
               client_id=client_id, object_id=comment.id, actor_user_id=user.id)
    return existing is None


@limited("10/minute")
def flag(dialogue: Dialogue, user: User, comment: Comment, reason="", *, client_id: str | None = None) -> Flag:
    """Ask moderators to look at a comment, once per person. Only moderators hear of it."""
    me = roundtable.require_contributor(dialogue, user)
    _require_visible(comment)
    if comment.author_id == me.id:
        raise InvalidInput(_("You cannot flag your own comment."))
    reason = _text(reason, limit=REASON_MAX, required=False, field_name="reason")
    if db.session.scalar(select(Flag.id).where(Flag.comment_id == comment.id, Flag.participant_id == me.id)):
        raise Conflict(_("You already flagged this comment. The moderators have been told."))
    flagged = Flag(comment_id=comment.id, participant_id=me.id, reason=reason)
    db.session.add(flagged)
    db.session.flush()
    log.append(dialogue.id, "comment.flagged",
               {"id": comment.id, "item_id": comment.item_id, "reason": reason, "flags": open_flags([comment.id])[comment.id]},
               audience=log.MODERATORS, client_id=client_id, object_id=comment.id, actor_user_id=user.id)
    return flagged


def _resolve_flags(comment: Comment, at) -> int:
    """Mark the comment's open flags answered, in one statement; how many there were."""
    return db.session.execute(update(Flag).where(Flag.comment_id == comment.id, Flag.resolved_at.is_(None))
                              .values(resolved_at=at)).rowcount


@limited("60/minute")
def hide(dialogue: Dialogue, user: User, comment: Comment, reason, *, client_id: str | None = None) -> Comment:
    """A moderator hides a comment with a reason its author will read; open flags are resolved."""
    moderator = roundtable.require_moderator(dialogue, user)
    reason = _text(reason, limit=REASON_MAX, required=True, field_name="reason")
    _require_visible(comment)
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    comment.hidden_by_id = moderator.id if moderator else None
    _resolve_flags(comment, comment.hidden_at)
    db.session.flush()
    log.append(dialogue.id, "comment.hidden", {"id": comment.id, "hidden": True}, client_id=client_id,
               object_id=comment.id, actor_user_id=user.id)
    return comment


@limited("60/minute")
def dismiss_flags(dialogue: Dialogue, user: User, comment: Comment, *, client_id: str | None = None) -> Comment:
    """A moderator finds nothing wrong with a flagged comment: its open flags are resolved, it stays
    as it is, and only moderators hear of it. Raises NotPermitted, InvalidState."""
    roundtable.require_moderator(dialogue, user)
    if not _resolve_flags(comment, utcnow()):
        raise InvalidState(_("This comment has no open flags."))
    log.append(dialogue.id, "comment.flags_dismissed", {"id": comment.id, "item_id": comment.item_id, "flags": 0},
               audience=log.MODERATORS, client_id=client_id, object_id=comment.id, actor_user_id=user.id)
    return comment


@limited("60/minute")
def unhide(dialogue: Dialogue, user: User, comment: Comment, *, client_id: str | None = None) -> Comment:
    """A moderator shows a hidden comment again; every page gets it back."""
    roundtable.require_moderator(dialogue, user)
    if comment.hidden_at is None:
        raise InvalidState(_("This comment is not hidden."))
    comment.hidden_at, comment.hidden_reason, comment.hidden_by_id = None, "", None
    db.session.flush()
    log.append(dialogue.id, "comment.unhidden", serialize(comment, Viewer()), client_id=client_id,
               object_id=comment.id, actor_user_id=user.id)
    return comment


@limited("60/minute")
def set_pinned(dialogue: Dialogue, user: User, comment: Comment, pinned: bool, *,
               client_id: str | None = None) -> Comment:
    """A moderator pins a top-level comment to the top of its thread, or unpins it."""
    roundtable.require_moderator(dialogue, user)
    if comment.parent_id is not None:
        raise InvalidInput(_("Only comments, not replies, can be pinned."))
    if pinned:
        _require_visible(comment)
    if (comment.pinned_at is not None) == pinned:
        raise InvalidState(_("This comment is already pinned.") if pinned else _("This comment is not pinned."))
    comment.pinned_at = utcnow() if pinned else None
    db.session.flush()
    log.append(dialogue.id, "comment.pinned" if pinned else "comment.unpinned", {"id": comment.id},
               client_id=client_id, object_id=comment.id, actor_user_id=user.id)
    return comment


# --- reading ------------------------------------------------------------------



def no_reactions() -> dict[str, int]:
    """The counts of a comment nobody reacted to yet (a new one: no query needed)."""
    return {k.value: 0 for k in ReactionKind}


def reaction_counts(comment_ids: list[int]) -> dict[int, dict[str, int]]:
    """Counts per kind for each comment, in one grouped query."""
    counts = {cid: no_reactions() for cid in comment_ids}
    if comment_ids:
        rows = db.session.execute(select(Reaction.comment_id, Reaction.kind, func.count()).where(
            Reaction.comment_id.in_(comment_ids)).group_by(Reaction.comment_id, Reaction.kind))
        for cid, kind, n in rows:
            counts[cid][kind.value] = n
    return counts


def open_flags(comment_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(select(Flag.comment_id, func.count()).where(
        Flag.comment_id.in_(comment_ids), Flag.resolved_at.is_(None)).group_by(Flag.comment_id))
    return {cid: 0 for cid in comment_ids} | dict(rows.all())


def _author(comment: Comment) -> dict:
    """Language-neutral: pages name the group and say "Anonymous participant" in the reader's language."""
    group_id = comment.group_id if comment.show_group else None
    if comment.is_anonymous:
        return {"name": None, "group_id": group_id}
    return {"name": comment.author.name if comment.author else None, "group_id": group_id}


def serialize(comment: Comment, viewer: Viewer, reactions: dict[str, int] | None = None) -> dict:
    """The one shape of a comment for pages, JSON and events, as ``viewer`` may see it."""
    base = {"id": comment.id, "parent_id": comment.parent_id, "item_id": comment.item_id}
    mine = viewer.participant_id is not None and comment.author_id == viewer.participant_id
    hidden = comment.hidden_at is not None
    if hidden and not (mine or viewer.moderator):
        return {**base, "hidden": True}
    data = {
        **base,
        "body": comment.body,
        "author": _author(comment),
        "anonymous": comment.is_anonymous,
        "created_at": iso(comment.created_at),
        "edited_at": iso(comment.edited_at),
        "pinned": comment.pinned_at is not None,
        "hidden": hidden,
        "reactions": reactions if reactions is not None else reaction_counts([comment.id])[comment.id],
    }
    if hidden:
        data["hidden_reason"] = comment.hidden_reason
    if mine:
        data["mine"] = True
        data["editable_until"] = iso(editable_until(comment))
    if viewer.participant_id is not None:
        data["my_reactions"] = sorted(viewer.my_reactions.get(comment.id, ()))
    if viewer.moderator:
        data["flags"] = viewer.flags.get(comment.id, 0)
    return data


def reply_target(item: AgendaItem, parent_id) -> dict | None:
    """The comment of this item that a reply form answers, as the public sees it (so never an anonymous
    author's name), for the form's "You are replying to…"; None when it is not a visible comment of the item."""
    parent = db.session.get(Comment, parent_id) if isinstance(parent_id, int) and parent_id > 0 else None
    if parent is None or parent.item_id != item.id or parent.hidden_at is not None:
        return None
    return serialize(parent, Viewer(), no_reactions())


def comment_json(dialogue: Dialogue, user: User | None, comment: Comment) -> dict:
    """One comment as this user may see it (the author learns why it was hidden)."""
    viewer = viewer_for(dialogue, user)
    _load_viewer_marks(viewer, [comment.id])
    return serialize(comment, viewer)


def _load_viewer_marks(viewer: Viewer, ids: list[int]) -> None:
    if viewer.participant_id is not None and ids:
        rows = db.session.execute(select(Reaction.comment_id, Reaction.kind).where(
            Reaction.comment_id.in_(ids), Reaction.participant_id == viewer.participant_id))
        for cid, kind in rows:
            viewer.my_reactions.setdefault(cid, set()).add(kind.value)
    if viewer.moderator and ids:
        viewer.flags = open_flags(ids)


@dataclass
class Thread:
    comments: list[dict]  # top-level comments, each with nested "replies", newest first (pinned on top)
    has_older: bool
    older_than: int | None  # the ``before`` id for the next page


def _with_people(query):
    return query.options(selectinload(Comment.author), selectinload(Comment.group))


def thread(item: AgendaItem, viewer: Viewer, before_id: int | None = None, limit: int = PAGE_SIZE) -> Thread:
    """The latest top-level comments (older than ``before_id``) with all their replies.

    A constant number of queries whatever the thread's size: pinned, a page of top-level comments,
    every reply of them (two levels, one query), people, reaction counts, the viewer's own marks.
    """
    top_q = select(Comment).where(Comment.item_id == item.id, Comment.parent_id.is_(None))
    pinned = []
    if before_id is None:
        pinned = list(db.session.scalars(_with_people(top_q.where(Comment.pinned_at.is_not(None))
                                                      .order_by(Comment.pinned_at.desc()))))
    else:
        top_q = top_q.where(Comment.id < before_id)
    page = list(db.session.scalars(_with_people(top_q.where(Comment.pinned_at.is_(None))
                                                .order_by(Comment.id.desc()).limit(limit + 1))))
    has_older = len(page) > limit
    page = page[:limit]
    tops = pinned + page
    top_ids = [c.id for c in tops]
    replies = []
    if top_ids:
        second = select(Comment.id).where(Comment.parent_id.in_(top_ids))
        replies = list(db.session.scalars(_with_people(select(Comment).where(
            Comment.parent_id.in_(top_ids) | Comment.parent_id.in_(second)).order_by(Comment.id))))
    everything = tops + replies
    ids = [c.id for c in everything]
    counts = reaction_counts(ids)
    _load_viewer_marks(viewer, ids)
    nodes = {c.id: {**serialize(c, viewer, counts[c.id]), "replies": []} for c in everything}
    for reply in replies:
        nodes[reply.parent_id]["replies"].append(nodes[reply.id])
    return Thread([nodes[i] for i in top_ids], has_older, page[-1].id if has_older else None)
