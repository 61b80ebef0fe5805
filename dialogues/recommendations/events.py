"""Socket.IO writes on recommendations. Each calls the same service as the matching form;
the resulting ``recommendation.*`` event reaches everyone in the dialogue's rooms after commit."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, writes
from ..roundtable.services import get_visible_dialogue
from . import services
from .models import Amendment, Recommendation, RecommendationStatus, StanceKind


class RecommendationPayload(WritePayload):
    recommendation_id: int = Field(gt=0)
    rows = {"recommendation_id": ("recommendation", Recommendation)}


class StancePayload(RecommendationPayload):
    kind: Literal[tuple(k.value for k in StanceKind)]
    note: str = Field(default="", max_length=services.LIMITS["note"])


class StatusPayload(RecommendationPayload):
    status: Literal[tuple(s.value for s in RecommendationStatus)]


class DecisionPayload(RecommendationPayload):
    amendment_id: int = Field(gt=0)
    accept: bool
    reason: str = Field(default="", max_length=services.LIMITS["reason"])
    rows = {**RecommendationPayload.rows, "amendment_id": ("amendment", Amendment, "recommendation")}


EVENTS = {
    # A participant → everyone: takes or changes a stance (recommendation.stance_changed).
    "recommendation.stance": (StancePayload, services.set_stance),
    # A moderator → everyone: voting closes (recommendation.status_changed).
    "recommendation.close_voting": (RecommendationPayload, services.close_voting),
    # A moderator → everyone: the recommendation moves on (recommendation.status_changed).
    "recommendation.set_status": (StatusPayload, services.set_status),
    # A moderator → everyone: an amendment accepted or rejected (recommendation.amendment_decided).
    "recommendation.decide_amendment": (DecisionPayload, services.decide_amendment),
}
writes(EVENTS, dialogue=get_visible_dialogue)
