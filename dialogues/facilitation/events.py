"""Socket.IO writes of the list of speakers and straw polls. Each ``@write`` names an event and the
one service it calls, above the payload it carries.

Every service appends a ``speakers.*`` or ``poll.*`` event, broadcast after commit to every page of
the dialogue (``poll.created`` to moderators only); the sender gets ``{ok, id, seq}``.
"""
from typing import Literal

from pydantic import Field

from ..agenda.models import AgendaItem
from ..realtime.sockets import WritePayload, writer
from ..recommendations.models import Recommendation
from ..roundtable.models import Participant
from ..roundtable.services import get_dialogue
from ..rows import load, load_optional
from . import polls, speakers
from .models import Poll, SpeakerRequest

Kind = Literal["normal", "point_of_order"]
write = writer(get_dialogue)


@write("speakers.raise_hand", speakers.raise_hand)  # Participant: a hand raised on the current item
class RaiseHand(WritePayload):
    kind: Kind = "normal"  # or a point of order
    item_id: int | None = Field(default=None, gt=0)
    rows = {"item_id": ("item", load_optional, AgendaItem)}


@write("speakers.withdraw", speakers.withdraw)  # Participant (own hand) or moderator: a waiting request withdrawn
class RequestRef(WritePayload):
    request_id: int = Field(gt=0)
    rows = {"request_id": ("entry", load, SpeakerRequest)}


@write("speakers.add", speakers.add_speaker)  # Moderator: someone (registered, or a walk-in by name) on the list
class AddSpeaker(WritePayload):
    participant_id: int | None = Field(default=None, ge=0)
    name: str = Field(default="", max_length=speakers.NAME_LIMIT)
    kind: Kind = "normal"
    rows = {"participant_id": ("person", load_optional, Participant)}


@write("speakers.move", speakers.move)  # Moderator: a waiting entry moves to another place in the queue
class MoveSpeaker(RequestRef):
    to_index: int = Field(ge=0, le=10_000)


@write("speakers.end_turn", speakers.end_turn)  # Moderator: the current speaker's turn ends
class EndTurn(WritePayload):
    request_id: int | None = Field(default=None, gt=0)
    rows = {"request_id": ("entry", load_optional, SpeakerRequest)}


@write("speakers.give_floor", speakers.give_floor)  # Moderator: the next (or a chosen) speaker has the floor
class GiveFloor(EndTurn):
    seconds: int | None = Field(default=None, ge=0, le=speakers.MAX_SECONDS)


# Moderator: the default speaking time and the first-time-speakers-first rule.
@write("speakers.settings", speakers.update_settings)
class SpeakerSettings(WritePayload):
    default_seconds: int = Field(ge=0, le=speakers.MAX_SECONDS)
    first_timers_first: bool


# Moderator → moderators: a new poll, not open yet (→ everyone with ``open_now``: created and opened).
@write("poll.create", polls.create_poll)
class CreatePoll(WritePayload):
    question: str = Field(max_length=polls.QUESTION_LIMIT)
    kind: Literal["single", "multiple", "scale"]
    options: list[str] = Field(default_factory=list, max_length=polls.MAX_OPTIONS + 5)
    hide_results: bool = False
    open_now: bool = False
    recommendation_id: int | None = Field(default=None, gt=0)
    rows = {"recommendation_id": ("recommendation", load_optional, Recommendation)}


@write("poll.open", polls.open_poll)  # Moderator: a poll opens for votes
@write("poll.close", polls.close_poll)  # Moderator: a poll closes; its results become public
class PollRef(WritePayload):
    poll_id: int = Field(gt=0)
    rows = {"poll_id": ("poll", load, Poll)}


@write("poll.vote", polls.vote)  # Participant: a ballot cast or replaced (counts only, when results are shown)
class CastVote(PollRef):
    option_ids: list[int] = Field(max_length=polls.MAX_OPTIONS)
