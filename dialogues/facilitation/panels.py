"""The live panels of the dialogue page, the console and the projector.

Each panel is one template fed by one context function. The page renders it in place (readable
without JavaScript); ``facilitation.js`` re-fetches it from ``/d/<id>/panels/<name>`` when an
event whose type starts with one of the panel's prefixes arrives, so there is a single rendering
path and a replayed event simply re-reads the current state.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from flask import render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..clock import utcnow
from ..agenda.current import current_item
from ..agenda.models import AgendaItem
from ..agenda.services import timer as agenda_timer
from ..comments.models import Comment, Flag
from ..extensions import db
from ..permissions import can
from ..realtime import log
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, DialogueStatus, Participant, RegistrationState, Role
from ..web import ActionForm
from . import polls, speakers
from .forms import AddSpeakerForm, SettingsForm, poll_form
from .models import PollState, RequestState

PROJECTOR_NEXT = 4
PROJECTOR_COMMENTS = 4
FEED_NEWEST = 10


@dataclass(frozen=True)
class Panel:
    template: str
    events: str  # space-separated event-type prefixes that make the page re-fetch the panel
    context: Callable[[Dialogue, User], dict]


PANELS: dict[str, Panel] = {}


def panel(name: str, events: str, template: str | None = None):
    def register(fn):
        PANELS[name] = Panel(template or f"facilitation/panels/{name}.html", events, fn)
        return fn

    return register


def render_panel(name: str, dialogue: Dialogue) -> Markup:
    """The panel's HTML for the current user (permission checks happen in its context function)."""
    spec = PANELS[name]
    return Markup(render_template(spec.template, dialogue=dialogue, action_form=ActionForm(),
                                  **spec.context(dialogue, current_user)))


def new_projector_token(dialogue: Dialogue, user: User) -> str:
    """Replace the secret projector link; the old one stops working. Organizers only."""
    roundtable.require_organizer(dialogue, user)
    dialogue.projector_token = secrets.token_urlsafe(24)
    db.session.flush()
    log.append(dialogue.id, "projector.link_replaced", {}, audience=log.MODERATORS, actor_user_id=user.id)
    return dialogue.projector_token


# --- timers -------------------------------------------------------------------------------------

def item_timer(item: AgendaItem | None, now: datetime) -> dict | None:
    """Seconds run so far and the planned length, for the page to tick on from."""
    if item is None:
        return None
    timer = agenda_timer(item, now)
    return {"elapsed": timer.elapsed, "limit": timer.allowed, "running": timer.running}


def speaker_timer(entry, now: datetime) -> dict | None:
    if entry is None or entry.state != RequestState.SPEAKING or entry.started_at is None:
        return None
    return {"elapsed": int((now - entry.started_at).total_seconds()), "limit": entry.allotted_seconds or 0,
            "running": True}


def _floor(dialogue: Dialogue) -> dict:
    item = current_item(dialogue)
    entries = speakers.queue(item)
    speaking = entries[0] if entries and entries[0].state == RequestState.SPEAKING else None
    now = utcnow()
    return {"item": item, "speaking": speaking, "waiting": [e for e in entries if e is not speaking],
            "item_timer": item_timer(item, now), "speaker_timer": speaker_timer(speaking, now)}


# --- dialogue page ------------------------------------------------------------------------------

@panel("speakers", "speakers. agenda.")
def _speakers(dialogue: Dialogue, user: User) -> dict:
    me = roundtable.membership(dialogue, user)
    floor = _floor(dialogue)
    mine = next((e for e in [floor["speaking"], *floor["waiting"]] if e and me and e.participant_id == me.id), None)
    return {**floor, "me": me, "mine": mine, "can_contribute": can("contribute", dialogue, user)}


@panel("polls", "poll.")
def _polls(dialogue: Dialogue, user: User) -> dict:
    shown = polls.polls_of(dialogue, with_drafts=False)[:5]
    me = roundtable.membership(dialogue, user)
    return {"polls": shown, "me": me, "my_choices": polls.my_choices(me, shown),
            "can_contribute": can("contribute", dialogue, user),
            "results": polls.results(dialogue, [p for p in shown if polls.results_visible(p)])}


# The person's own registration: re-fetched when their ``me`` message arrives (approved, declined, a
# new role), never on the dialogue's events ("registration." is no event type).
@panel("registration", "registration.", "roundtable/_registration.html")
def _registration(dialogue: Dialogue, user: User) -> dict:
    return {"me": roundtable.membership(dialogue, user)}


@panel("queue", "participant.", "roundtable/_queue.html")
def _queue(dialogue: Dialogue, user: User) -> dict:
    """How many people wait for approval, on the organizers' dialogue page."""
    roundtable.require_organizer(dialogue, user)
    return {"waiting": roundtable.waiting_count(dialogue)}


# --- console ------------------------------------------------------------------------------------

@panel("console-speakers", "speakers. agenda. participant.")
def _console_speakers(dialogue: Dialogue, user: User) -> dict:
    roundtable.require_moderator(dialogue, user)
    current = speakers.settings(dialogue)
    add_form = AddSpeakerForm()
    people = db.session.scalars(select(Participant).where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED,
        Participant.role != Role.OBSERVER).order_by(Participant.name))
    add_form.participant_id.choices = [(0, "—")] + [(p.id, p.name) for p in people]
    return {**_floor(dialogue), "settings": current, "have_spoken": speakers.speakers_so_far(dialogue),
            "add_form": add_form,
            "settings_form": SettingsForm(default_seconds=current.default_seconds,
                                          first_timers_first=current.first_timers_first)}


@panel("console-balance", "speakers.floor")
def _console_balance(dialogue: Dialogue, user: User) -> dict:
    return {"balance": speakers.balance(dialogue, user)}


@panel("console-polls", "poll.")
def _console_polls(dialogue: Dialogue, user: User) -> dict:
    roundtable.require_moderator(dialogue, user)
    shown = polls.polls_of(dialogue, with_drafts=True)
    return {"polls": shown, "poll_form": poll_form(dialogue), "results": polls.results(dialogue, shown)}


@panel("console-moderation", "comment. agenda.", "facilitation/_console_moderation.html")
def _console_moderation(dialogue: Dialogue, user: User) -> dict:
    """The live feed of comments: flagged ones (unresolved) first, then the newest on the current
    item, then hidden ones, each with its moderation actions."""
    roundtable.require_moderator(dialogue, user)
    item = current_item(dialogue)
    flagged_ids = select(Flag.comment_id).join(Comment, Comment.id == Flag.comment_id).where(
        Comment.dialogue_id == dialogue.id, Flag.resolved_at.is_(None))
    newest = select(Comment.id).where(Comment.item_id == (item.id if item else None), Comment.hidden_at.is_(None)) \
        .order_by(Comment.id.desc()).limit(FEED_NEWEST)
    rows = list(db.session.scalars(select(Comment).where(
        Comment.dialogue_id == dialogue.id,
        Comment.id.in_(flagged_ids) | Comment.hidden_at.is_not(None) | Comment.id.in_(newest))
        .options(selectinload(Comment.author), selectinload(Comment.group)).order_by(Comment.id.desc()).limit(50)))
    flagged = set(db.session.scalars(flagged_ids))
    rows.sort(key=lambda c: (c.id not in flagged, c.hidden_at is not None))  # stable: newest first within
    return {"comments": rows, "flagged": flagged, "item": item}


# --- projector ----------------------------------------------------------------------------------

def _comments(item: AgendaItem | None) -> tuple[list[Comment], list[Comment]]:
    """The item's pinned and latest comments for the wall, never hidden ones.

    A comment with an open flag stays off the wall until a moderator hides it (which resolves its
    flags) or dismisses its flags: the room does not read what someone reported while it waits. A
    pinned one stays on: pinning is the moderator's own choice to show it. Pinning does not resolve
    the flags, so the console keeps listing the comment as flagged until the moderator answers them.
    """
    if item is None:
        return [], []
    visible = select(Comment).where(Comment.item_id == item.id, Comment.hidden_at.is_(None)).options(
        selectinload(Comment.author), selectinload(Comment.group))
    flagged = select(Flag.id).where(Flag.comment_id == Comment.id, Flag.resolved_at.is_(None)).exists()
    pinned = list(db.session.scalars(visible.where(Comment.pinned_at.is_not(None))
                                     .order_by(Comment.pinned_at.desc()).limit(PROJECTOR_COMMENTS)))
    latest = list(db.session.scalars(visible.where(Comment.pinned_at.is_(None), ~flagged)
                                     .order_by(Comment.id.desc()).limit(PROJECTOR_COMMENTS)))
    return pinned, latest


# Every event, also the seq stubs of moderators-only ones (live.js): the room sees everything that moves,
# and a flag, which only moderators hear of, takes its comment off the wall.
@panel("projector", "")
def _projector(dialogue: Dialogue, user: User) -> dict:
    floor = _floor(dialogue)
    open_polls = [p for p in polls.polls_of(dialogue, with_drafts=False) if p.state == PollState.OPEN]
    poll = open_polls[0] if open_polls else None
    pinned, latest = _comments(floor["item"])
    return {**floor, "waiting": floor["waiting"][:PROJECTOR_NEXT], "more_waiting": len(floor["waiting"]),
            "poll": poll, "results": polls.results(dialogue, [poll]) if poll and polls.results_visible(poll) else {},
            "pinned": pinned, "latest": latest, "public": dialogue.status != DialogueStatus.DRAFT,
            "join_url": url_for("roundtable.join_link", code=dialogue.join_code, _external=True)}
