"""Services for straw polls: create, open, close, vote (one ballot per participant, replaceable while open).

Results come from grouped queries. Nobody's ballot is shown to others: pages and events carry
counts only, per stakeholder group only where no ballot can be worked out from them
(``figures.suppress_small_cells``: a group named as "not shown" is never left out), and nothing at
all while the moderator hides the results of an open poll.
"""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..clock import utcnow
from ..errors import Conflict, InvalidInput, InvalidState
from ..extensions import db
from ..figures import min_cell, suppress_small_cells
from ..locks import hold
from ..realtime import log
from ..recommendations.models import Recommendation
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, Participant, RegistrationState, Role
from ..rows import reread
from ..security.limits import limited
from .models import SCALE_LABELS, Poll, PollKind, PollOption, PollState, Vote
from ..agenda.current import current_item

QUESTION_LIMIT = 300
OPTION_LIMIT = 200
MAX_OPTIONS = 10


# --- reading ------------------------------------------------------------------------------------

def polls_of(dialogue: Dialogue, *, with_drafts: bool) -> list[Poll]:
    """Open polls first, then the most recent; drafts only for moderators."""
    query = select(Poll).where(Poll.dialogue_id == dialogue.id).options(selectinload(Poll.options),
                                                                       selectinload(Poll.recommendation))
    if not with_drafts:
        query = query.where(Poll.state != PollState.DRAFT)
    polls = db.session.scalars(query.order_by(Poll.id.desc()))
    return sorted(polls, key=lambda p: p.state != PollState.OPEN)


def results_visible(poll: Poll, *, moderator: bool = False) -> bool:
    """Moderators always see results; others once the poll is closed, or while open unless hidden."""
    return moderator or poll.state == PollState.CLOSED or (poll.state == PollState.OPEN and not poll.hide_results)


def results(dialogue: Dialogue, polls: list[Poll]) -> dict[int, dict]:
    """Counts per option overall and per stakeholder group, for several polls in two queries."""
    ids = [p.id for p in polls]
    if not ids:
        return {}
    counts = db.session.execute(
        select(Vote.poll_id, Vote.option_id, Participant.group_id, func.count())
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.poll_id.in_(ids)).group_by(Vote.poll_id, Vote.option_id, Participant.group_id)).all()
    voters = db.session.execute(
        select(Vote.poll_id, Participant.group_id, func.count(func.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.poll_id.in_(ids)).group_by(Vote.poll_id, Participant.group_id)).all()
    by_option, by_group_option, group_voters = defaultdict(int), defaultdict(int), defaultdict(int)
    for poll_id, option_id, group_id, n in counts:
        by_option[option_id] += n
        by_group_option[(option_id, group_id)] += n
    for poll_id, group_id, n in voters:
        group_voters[(poll_id, group_id)] = n
    registered = set(db.session.scalars(select(Participant.group_id).distinct().where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED,
        Participant.role != Role.OBSERVER)))
    voting_groups = [g for g in dialogue.groups if g.id in registered]
    out = {}
    for poll in polls:
        total = sum(n for (pid, _g), n in group_voters.items() if pid == poll.id)
        cells = suppress_small_cells([(g, group_voters[(poll.id, g.id)]) for g in voting_groups])
        out[poll.id] = {
            "poll_id": poll.id,
            "voters": total,
            "options": [{"id": o.id, "label": o.display_label, "count": by_option[o.id],
                         "percent": round(100 * by_option[o.id] / total) if total else 0} for o in poll.options],
            "groups": [{"id": g.id, "name": g.name, "voters": n,
                        "counts": [by_group_option[(o.id, g.id)] for o in poll.options]} for g, n in cells if n is not None],
            # For the panels (worded in the reader's language, never in events): groups not shown (fewer
            # than min_cell voters, none included, and where needed the next smallest: figures.py), and
            # groups with nobody registered.
            "withheld": [g.name for g, n in cells if n is None],
            "unregistered": [g.name for g in dialogue.groups if g.id not in registered],
            "min_cell": min_cell(),
        }
    return out


def recommendation_choices(dialogue: Dialogue) -> list[tuple[int, str]]:
    """``(id, title)`` of the dialogue's recommendations, for a poll to test one of them."""
    return [(rec_id, title) for rec_id, title in db.session.execute(
        select(Recommendation.id, Recommendation.title).where(Recommendation.dialogue_id == dialogue.id)
        .order_by(Recommendation.id))]


def my_choices(participant: Participant | None, polls: list[Poll]) -> dict[int, set[int]]:
    """The participant's own ballot per poll (shown to them alone, so they can change it)."""
    if participant is None or not polls:
        return {}
    choices = defaultdict(set)
    for poll_id, option_id in db.session.execute(select(Vote.poll_id, Vote.option_id).where(
            Vote.participant_id == participant.id, Vote.poll_id.in_([p.id for p in polls]))):
        choices[poll_id].add(option_id)
    return choices


# --- writing ------------------------------------------------------------------------------------

def _neutral(summary: dict) -> dict:
    """Results as an event carries them: ids and counts, no text worded in the actor's language (each
    page names options and groups in its own reader's language)."""
    return {"poll_id": summary["poll_id"], "voters": summary["voters"],
            "options": [{key: o[key] for key in ("id", "count", "percent")} for o in summary["options"]],
            "groups": [{key: g[key] for key in ("id", "voters", "counts")} for g in summary["groups"]]}


def _event(dialogue: Dialogue, user: User, type_: str, poll: Poll, client_id: str | None, *,
           audience: str = log.ALL) -> None:
    """Results travel in the payload only when everyone may see them."""
    db.session.flush()
    payload = {"poll_id": poll.id, "state": poll.state.value}
    summary = results(dialogue, [poll])[poll.id]
    payload["voters"] = summary["voters"]
    if results_visible(poll):
        payload["results"] = _neutral(summary)
    log.append(dialogue.id, type_, payload, audience=audience, client_id=client_id, object_id=poll.id,
               actor_user_id=user.id)


def _text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > limit:
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=limit), field=field)
    return value


@limited()
def create_poll(dialogue: Dialogue, user: User, *, question: str, kind: str, options: list[str] | None = None,
                hide_results: bool = False, recommendation: Recommendation | None = None, open_now: bool = False,
                client_id: str | None = None) -> Poll:
    """A new poll, not yet open unless ``open_now`` (then created and opened in one step). Choice polls
    need 2–10 options; a scale poll brings its own five."""
    roundtable.require_moderator(dialogue, user)
    try:
        poll_kind = PollKind(kind)
    except ValueError:
        raise InvalidInput(_("Choose the kind of poll."), field="kind")
    if poll_kind == PollKind.SCALE:
        labels = [""] * len(SCALE_LABELS)
    else:
        labels = [_text(o, OPTION_LIMIT, "options") for o in (options or []) if (o or "").strip()]
        if not 2 <= len(labels) <= MAX_OPTIONS:
            raise InvalidInput(_("Give between 2 and %(n)d options, one per line.", n=MAX_OPTIONS), field="options")
        if len(set(labels)) != len(labels):
            raise InvalidInput(_("Each option must be different."), field="options")
    item = current_item(dialogue)
    poll = Poll(dialogue_id=dialogue.id, item_id=item.id if item else None,
                recommendation_id=recommendation.id if recommendation else None,
                question=_text(question, QUESTION_LIMIT, "question"), kind=poll_kind, state=PollState.DRAFT,
                hide_results=bool(hide_results),
                options=[PollOption(position=i, label=label) for i, label in enumerate(labels)])
    db.session.add(poll)
    _event(dialogue, user, "poll.created", poll, None if open_now else client_id, audience=log.MODERATORS)
    return _advance(dialogue, user, poll, PollState.OPEN, client_id) if open_now else poll


def _advance(dialogue: Dialogue, user: User, poll: Poll, to: PollState, client_id: str | None) -> Poll:
    """draft → open → closed, one step at a time, stamped and logged."""
    roundtable.require_moderator(dialogue, user)
    if poll.id is not None:  # a stored poll (not one created and opened in one step): under the lock
        hold(Poll, poll.id)
        poll = reread(poll)
        if poll.state == to:  # another moderator (or a second click) did it meanwhile
            raise Conflict(_("This poll has already been opened.") if to == PollState.OPEN
                           else _("This poll is closed."))
    if to == PollState.OPEN and poll.state != PollState.DRAFT:
        raise InvalidState(_("This poll has already been opened."))
    if to == PollState.CLOSED and poll.state != PollState.OPEN:
        raise InvalidState(_("Only an open poll can be closed."))
    poll.state = to
    setattr(poll, "opened_at" if to == PollState.OPEN else "closed_at", utcnow())
    _event(dialogue, user, f"poll.{'opened' if to == PollState.OPEN else 'closed'}", poll, client_id)
    return poll


@limited()
def open_poll(dialogue: Dialogue, user: User, poll: Poll, *, client_id: str | None = None) -> Poll:
    return _advance(dialogue, user, poll, PollState.OPEN, client_id)


@limited()
def close_poll(dialogue: Dialogue, user: User, poll: Poll, *, client_id: str | None = None) -> Poll:
    """Close the poll; its results become public (in the event too)."""
    return _advance(dialogue, user, poll, PollState.CLOSED, client_id)


@limited("20/10seconds")
def vote(dialogue: Dialogue, user: User, poll: Poll, option_ids: list[int], *,
         client_id: str | None = None) -> Poll:
    """Cast or replace the participant's ballot. Raises InvalidState once the poll is closed."""
    participant = roundtable.require_contributor(dialogue, user)
    hold(Poll, poll.id)
    poll = reread(poll)
    if poll.state != PollState.OPEN:
        raise InvalidState(_("This poll is closed.") if poll.state == PollState.CLOSED
                           else _("This poll is not open yet."))
    chosen = set(option_ids or [])
    valid = {o.id for o in poll.options}
    if not chosen or not chosen <= valid:
        raise InvalidInput(_("Choose one of the options."), field="option_ids")
    if poll.kind != PollKind.MULTIPLE and len(chosen) != 1:
        raise InvalidInput(_("Choose exactly one option."), field="option_ids")
    db.session.execute(delete(Vote).where(Vote.poll_id == poll.id, Vote.participant_id == participant.id))
    db.session.add_all(Vote(poll_id=poll.id, option_id=o, participant_id=participant.id) for o in sorted(chosen))
    _event(dialogue, user, "poll.voted", poll, client_id)
    return poll
