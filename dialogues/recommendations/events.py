"""Socket.IO writes on recommendations. Each calls the same service as the matching form;
the resulting ``recommendation.*`` event reaches everyone in the dialogue's rooms after commit."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, on_write
from ..roundtable.services import get_visible_dialogue
from ..rows import load
from . import services
from .models import Amendment, Recommendation, RecommendationStatus, StanceKind


class RecommendationPayload(WritePayload):
    recommendation_id: int = Field(gt=0)


class StancePayload(RecommendationPayload):
    kind: Literal[tuple(k.value for k in StanceKind)]
    note: str = Field(default="", max_length=services.LIMITS["note"])


class StatusPayload(RecommendationPayload):
    status: Literal[tuple(s.value for s in RecommendationStatus)]


class DecisionPayload(RecommendationPayload):
    amendment_id: int = Field(gt=0)
    accept: bool
    reason: str = Field(default="", max_length=services.LIMITS["reason"])


def _load(payload: RecommendationPayload, user):
    dialogue = get_visible_dialogue(payload.dialogue_id, user)
    return dialogue, load(Recommendation, payload.recommendation_id, dialogue)


@on_write("recommendation.stance", StancePayload)
def stance(payload: StancePayload, user) -> None:
    """A participant → server: take or change a stance; everyone receives recommendation.stance_changed."""
    dialogue, recommendation = _load(payload, user)
    services.set_stance(dialogue, user, recommendation, payload.kind, payload.note, client_id=payload.client_id)


@on_write("recommendation.close_voting", RecommendationPayload)
def close_voting(payload: RecommendationPayload, user) -> None:
    """A moderator → server: close voting; everyone receives recommendation.status_changed."""
    dialogue, recommendation = _load(payload, user)
    services.close_voting(dialogue, user, recommendation, client_id=payload.client_id)


@on_write("recommendation.set_status", StatusPayload)
def set_status(payload: StatusPayload, user) -> None:
    """A moderator → server: move the recommendation on; everyone receives recommendation.status_changed."""
    dialogue, recommendation = _load(payload, user)
    services.set_status(dialogue, user, recommendation, payload.status, client_id=payload.client_id)


@on_write("recommendation.decide_amendment", DecisionPayload)
def decide_amendment(payload: DecisionPayload, user) -> None:
    """A moderator → server: accept or reject an amendment; everyone receives recommendation.amendment_decided."""
    dialogue, recommendation = _load(payload, user)
    amendment = load(Amendment, payload.amendment_id, recommendation)
    services.decide_amendment(dialogue, user, recommendation, amendment, payload.accept, payload.reason,
                              client_id=payload.client_id)
