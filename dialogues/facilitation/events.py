"""Socket.IO handlers for the list of speakers and straw polls: thin, one service call each.

Every handler's service appends a ``speakers.*`` or ``poll.*`` event, broadcast after commit to
every page of the dialogue (``poll.created`` to moderators only); the sender gets ``{ok, id, seq}``.
"""
from typing import Literal

from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime.sockets import WritePayload, on_write
from ..recommendations.models import Recommendation
from ..roundtable.models import Participant
from ..roundtable.services import get_dialogue
from ..rows import load, load_optional
from . import polls, speakers
from .models import Poll, SpeakerRequest

Kind = Literal["normal", "point_of_order"]


class RaiseHand(WritePayload):
    kind: Kind = "normal"
    item_id: int | None = Field(default=None, gt=0)


class RequestRef(WritePayload):
    request_id: int = Field(gt=0)


class AddSpeaker(WritePayload):
    participant_id: int | None = Field(default=None, ge=0)
    name: str = Field(default="", max_length=speakers.NAME_LIMIT)
    kind: Kind = "normal"


class MoveSpeaker(RequestRef):
    to_index: int = Field(ge=0, le=10_000)


class GiveFloor(WritePayload):
    request_id: int | None = Field(default=None, gt=0)
    seconds: int | None = Field(default=None, ge=0, le=speakers.MAX_SECONDS)


class EndTurn(WritePayload):
    request_id: int | None = Field(default=None, gt=0)


class SpeakerSettings(WritePayload):
    default_seconds: int = Field(ge=0, le=speakers.MAX_SECONDS)
    first_timers_first: bool


class CreatePoll(WritePayload):
    question: str = Field(max_length=polls.QUESTION_LIMIT)
    kind: Literal["single", "multiple", "scale"]
    options: list[str] = Field(default_factory=list, max_length=polls.MAX_OPTIONS + 5)
    hide_results: bool = False
    open_now: bool = False
    recommendation_id: int | None = Field(default=None, gt=0)


class PollRef(WritePayload):
    poll_id: int = Field(gt=0)


class CastVote(PollRef):
    option_ids: list[int] = Field(max_length=polls.MAX_OPTIONS)


@on_write("speakers.raise_hand", RaiseHand)
def raise_hand(p: RaiseHand, user):
    """Participant → everyone: a hand is raised on the current item (or a point of order)."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.raise_hand(dialogue, user, kind=p.kind, item=load_optional(AgendaItem, p.item_id, dialogue),
                        client_id=p.client_id)


@on_write("speakers.withdraw", RequestRef)
def withdraw(p: RequestRef, user):
    """Participant (own hand) or moderator → everyone: a waiting request is withdrawn."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.withdraw(dialogue, user, load(SpeakerRequest, p.request_id, dialogue), client_id=p.client_id)


@on_write("speakers.add", AddSpeaker)
def add(p: AddSpeaker, user):
    """Moderator → everyone: someone (registered, or a walk-in by name) is put on the list."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.add_speaker(dialogue, user, person=load_optional(Participant, p.participant_id, dialogue),
                         name=p.name, kind=p.kind, client_id=p.client_id)


@on_write("speakers.move", MoveSpeaker)
def move(p: MoveSpeaker, user):
    """Moderator → everyone: a waiting entry moves to another place in the queue."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.move(dialogue, user, load(SpeakerRequest, p.request_id, dialogue), p.to_index, client_id=p.client_id)


@on_write("speakers.give_floor", GiveFloor)
def give_floor(p: GiveFloor, user):
    """Moderator → everyone: the next (or a chosen) speaker has the floor."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.give_floor(dialogue, user, load_optional(SpeakerRequest, p.request_id, dialogue), seconds=p.seconds,
                        client_id=p.client_id)


@on_write("speakers.end_turn", EndTurn)
def end_turn(p: EndTurn, user):
    """Moderator → everyone: the current speaker's turn ends."""
    dialogue = get_dialogue(p.dialogue_id)
    speakers.end_turn(dialogue, user, load_optional(SpeakerRequest, p.request_id, dialogue), client_id=p.client_id)


@on_write("speakers.settings", SpeakerSettings)
def settings(p: SpeakerSettings, user):
    """Moderator → everyone: default speaking time and first-time-speakers-first changed."""
    speakers.update_settings(get_dialogue(p.dialogue_id), user, default_seconds=p.default_seconds,
                             first_timers_first=p.first_timers_first, client_id=p.client_id)


@on_write("poll.create", CreatePoll)
def create_poll(p: CreatePoll, user):
    """Moderator → moderators: a new poll, not open yet (→ everyone with ``open_now``: created and opened)."""
    dialogue = get_dialogue(p.dialogue_id)
    polls.create_poll(dialogue, user, question=p.question, kind=p.kind, options=p.options,
                      hide_results=p.hide_results, open_now=p.open_now,
                      recommendation=load_optional(Recommendation, p.recommendation_id, dialogue),
                      client_id=p.client_id)


@on_write("poll.open", PollRef)
def open_poll(p: PollRef, user):
    """Moderator → everyone: a poll opens for votes."""
    dialogue = get_dialogue(p.dialogue_id)
    polls.open_poll(dialogue, user, load(Poll, p.poll_id, dialogue), client_id=p.client_id)


@on_write("poll.close", PollRef)
def close_poll(p: PollRef, user):
    """Moderator → everyone: a poll closes; its results become public."""
    dialogue = get_dialogue(p.dialogue_id)
    polls.close_poll(dialogue, user, load(Poll, p.poll_id, dialogue), client_id=p.client_id)


@on_write("poll.vote", CastVote)
def vote(p: CastVote, user):
    """Participant → everyone: a ballot is cast or replaced (counts only, and only when results are shown)."""
    dialogue = get_dialogue(p.dialogue_id)
    polls.vote(dialogue, user, load(Poll, p.poll_id, dialogue), p.option_ids, client_id=p.client_id)
