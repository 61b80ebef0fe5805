"""Socket.IO handlers for the list of speakers and straw polls: thin, one service call each.

Every handler's service appends a ``speakers.*`` or ``poll.*`` event, broadcast after commit to
every page of the dialogue (``poll.created`` to moderators only); the sender gets ``{ok, id, seq}``.
"""
from typing import Literal

from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime.sockets import WritePayload, writes
from ..recommendations.models import Recommendation
from ..roundtable.models import Participant
from ..roundtable.services import get_dialogue
from . import polls, speakers
from .models import Poll, SpeakerRequest

Kind = Literal["normal", "point_of_order"]


class RaiseHand(WritePayload):
    kind: Kind = "normal"
    item_id: int | None = Field(default=None, gt=0)
    rows = {"item_id": ("item", AgendaItem)}


class RequestRef(WritePayload):
    request_id: int = Field(gt=0)
    rows = {"request_id": ("entry", SpeakerRequest)}


class AddSpeaker(WritePayload):
    participant_id: int | None = Field(default=None, ge=0)
    name: str = Field(default="", max_length=speakers.NAME_LIMIT)
    kind: Kind = "normal"
    rows = {"participant_id": ("person", Participant)}


class MoveSpeaker(RequestRef):
    to_index: int = Field(ge=0, le=10_000)


class GiveFloor(WritePayload):
    request_id: int | None = Field(default=None, gt=0)
    seconds: int | None = Field(default=None, ge=0, le=speakers.MAX_SECONDS)
    rows = RequestRef.rows


class EndTurn(WritePayload):
    request_id: int | None = Field(default=None, gt=0)
    rows = RequestRef.rows


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
    rows = {"recommendation_id": ("recommendation", Recommendation)}


class PollRef(WritePayload):
    poll_id: int = Field(gt=0)
    rows = {"poll_id": ("poll", Poll)}


class CastVote(PollRef):
    option_ids: list[int] = Field(max_length=polls.MAX_OPTIONS)


EVENTS = {
    # Participant → everyone: a hand is raised on the current item (or a point of order).
    "speakers.raise_hand": (RaiseHand, speakers.raise_hand),
    # Participant (own hand) or moderator → everyone: a waiting request is withdrawn.
    "speakers.withdraw": (RequestRef, speakers.withdraw),
    # Moderator → everyone: someone (registered, or a walk-in by name) is put on the list.
    "speakers.add": (AddSpeaker, speakers.add_speaker),
    # Moderator → everyone: a waiting entry moves to another place in the queue.
    "speakers.move": (MoveSpeaker, speakers.move),
    # Moderator → everyone: the next (or a chosen) speaker has the floor.
    "speakers.give_floor": (GiveFloor, speakers.give_floor),
    # Moderator → everyone: the current speaker's turn ends.
    "speakers.end_turn": (EndTurn, speakers.end_turn),
    # Moderator → everyone: default speaking time and first-time-speakers-first changed.
    "speakers.settings": (SpeakerSettings, speakers.update_settings),
    # Moderator → moderators: a new poll, not open yet (→ everyone with open_now: created and opened).
    "poll.create": (CreatePoll, polls.create_poll),
    # Moderator → everyone: a poll opens for votes.
    "poll.open": (PollRef, polls.open_poll),
    # Moderator → everyone: a poll closes; its results become public.
    "poll.close": (PollRef, polls.close_poll),
    # Participant → everyone: a ballot is cast or replaced (counts only, and only when results are shown).
    "poll.vote": (CastVote, polls.vote),
}
writes(EVENTS, dialogue=get_dialogue)
