"""Socket.IO handlers for the list of speakers and straw polls: thin, one service call each.

Every handler's service appends a ``speakers.*`` or ``poll.*`` event, broadcast after commit to
every page of the dialogue (``poll.created`` to moderators only); the sender gets ``{ok, id, seq}``.
"""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, on_write
from ..roundtable.services import get_dialogue
from . import polls, speakers

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
    recommendation_id: int | None = Field(default=None, gt=0)


class PollRef(WritePayload):
    poll_id: int = Field(gt=0)


class CastVote(PollRef):
    option_ids: list[int] = Field(max_length=polls.MAX_OPTIONS)


@on_write("speakers.raise_hand", RaiseHand)
def raise_hand(p: RaiseHand, user):
    """Participant → everyone: a hand is raised on the current item (or a point of order)."""
    speakers.raise_hand(get_dialogue(p.dialogue_id), user, kind=p.kind, item_id=p.item_id, client_id=p.client_id)


@on_write("speakers.withdraw", RequestRef)
def withdraw(p: RequestRef, user):
    """Participant (own hand) or moderator → everyone: a waiting request is withdrawn."""
    speakers.withdraw(get_dialogue(p.dialogue_id), user, p.request_id, client_id=p.client_id)


@on_write("speakers.add", AddSpeaker)
def add(p: AddSpeaker, user):
    """Moderator → everyone: someone (registered, or a walk-in by name) is put on the list."""
    speakers.add_speaker(get_dialogue(p.dialogue_id), user, participant_id=p.participant_id, name=p.name,
                         kind=p.kind, client_id=p.client_id)


@on_write("speakers.move", MoveSpeaker)
def move(p: MoveSpeaker, user):
    """Moderator → everyone: a waiting entry moves to another place in the queue."""
    speakers.move(get_dialogue(p.dialogue_id), user, p.request_id, p.to_index, client_id=p.client_id)


@on_write("speakers.give_floor", GiveFloor)
def give_floor(p: GiveFloor, user):
    """Moderator → everyone: the next (or a chosen) speaker has the floor."""
    speakers.give_floor(get_dialogue(p.dialogue_id), user, p.request_id, seconds=p.seconds, client_id=p.client_id)


@on_write("speakers.end_turn", EndTurn)
def end_turn(p: EndTurn, user):
    """Moderator → everyone: the current speaker's turn ends."""
    speakers.end_turn(get_dialogue(p.dialogue_id), user, p.request_id, client_id=p.client_id)


@on_write("speakers.settings", SpeakerSettings)
def settings(p: SpeakerSettings, user):
    """Moderator → everyone: default speaking time and first-time-speakers-first changed."""
    speakers.update_settings(get_dialogue(p.dialogue_id), user, default_seconds=p.default_seconds,
                             first_timers_first=p.first_timers_first, client_id=p.client_id)


@on_write("poll.create", CreatePoll)
def create_poll(p: CreatePoll, user):
    """Moderator → moderators: a new poll, not open yet."""
    polls.create_poll(get_dialogue(p.dialogue_id), user, question=p.question, kind=p.kind, options=p.options,
                      hide_results=p.hide_results, recommendation_id=p.recommendation_id, client_id=p.client_id)


@on_write("poll.open", PollRef)
def open_poll(p: PollRef, user):
    """Moderator → everyone: a poll opens for votes."""
    polls.open_poll(get_dialogue(p.dialogue_id), user, p.poll_id, client_id=p.client_id)


@on_write("poll.close", PollRef)
def close_poll(p: PollRef, user):
    """Moderator → everyone: a poll closes; its results become public."""
    polls.close_poll(get_dialogue(p.dialogue_id), user, p.poll_id, client_id=p.client_id)


@on_write("poll.vote", CastVote)
def vote(p: CastVote, user):
    """Participant → everyone: a ballot is cast or replaced (counts only, and only when results are shown)."""
    polls.vote(get_dialogue(p.dialogue_id), user, p.poll_id, p.option_ids, client_id=p.client_id)
