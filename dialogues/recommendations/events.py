"""Socket.IO writes on recommendations. Each ``@write`` names an event and the service it calls (the
same as the matching form's), above the payload it carries; the resulting ``recommendation.*``
event reaches everyone in the dialogue's rooms after commit."""
from typing import Literal

from pydantic import Field

from ..realtime.sockets import WritePayload, writer
from ..roundtable.services import get_visible_dialogue
from ..rows import load
from . import services
from .models import Amendment, Recommendation, RecommendationStatus, StanceKind

write = writer(get_visible_dialogue)


@write("recommendation.close_voting", services.close_voting)  # A moderator: recommendation.status_changed
class RecommendationPayload(WritePayload):
    recommendation_id: int = Field(gt=0)
    rows = {"recommendation_id": ("recommendation", load, Recommendation)}


@write("recommendation.stance", services.set_stance)  # A participant: recommendation.stance_changed
class StancePayload(RecommendationPayload):
    kind: Literal[tuple(k.value for k in StanceKind)]
    note: str = Field(default="", max_length=services.LIMITS["note"])


@write("recommendation.set_status", services.set_status)  # A moderator: recommendation.status_changed
class StatusPayload(RecommendationPayload):
    status: Literal[tuple(s.value for s in RecommendationStatus)]


# A moderator accepts or rejects an amendment: recommendation.amendment_decided.
@write("recommendation.decide_amendment", services.decide_amendment)
class DecisionPayload(RecommendationPayload):
    amendment_id: int = Field(gt=0)
    accept: bool
    reason: str = Field(default="", max_length=services.LIMITS["reason"])
    rows = {**RecommendationPayload.rows, "amendment_id": ("amendment", load, Amendment, "recommendation")}
