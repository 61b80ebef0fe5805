"""What the organizer adds to the document (cover logos, executive summary, version and status) and the
key figures that follow the summary."""
from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from ..recommendations.consensus import CONTESTED, JOINT
from ..recommendations.models import RecommendationStatus
from ..recommendations.services import Matrix
from ..recommendations.text import render_markdown
from ..roundtable.models import Dialogue
from .models import DocumentLogo, DocumentStatus, LogoRole, OutcomeDocument


def outcome_of(dialogue: Dialogue) -> OutcomeDocument:
    """The dialogue's outcome-document row, or an unsaved first draft when the organizer set nothing yet."""
    found = db.session.scalar(select(OutcomeDocument).where(OutcomeDocument.dialogue_id == dialogue.id))
    return found or OutcomeDocument(dialogue_id=dialogue.id, summary="", version=1, status=DocumentStatus.DRAFT)


def logos_of(dialogue: Dialogue) -> list[DocumentLogo]:
    """The organizer's logos first, then the supporters', each in upload order."""
    logos = db.session.scalars(select(DocumentLogo).where(DocumentLogo.dialogue_id == dialogue.id)
                               .order_by(DocumentLogo.id))
    return sorted(logos, key=lambda logo: logo.role != LogoRole.ORGANIZER)


def build(dialogue: Dialogue, matrix: Matrix) -> dict:
    outcome = outcome_of(dialogue)
    verdicts = [c.verdict for _r, c in matrix.rows]
    return {
        "version": outcome.version, "status": outcome.status.value, "status_label": outcome.status.label,
        "date": outcome.finalised_at or utcnow(),
        "summary": outcome.summary, "summary_html": str(render_markdown(outcome.summary)),
        "logos": [{"name": logo.name, "role": logo.role.value, "png": logo.png, "width": logo.width,
                   "height": logo.height} for logo in logos_of(dialogue)],
        "tallies": {"recommendations": len(matrix.rows),
                    "adopted": sum(r.status == RecommendationStatus.ADOPTED for r, _c in matrix.rows),
                    "joint": verdicts.count(JOINT), "contested": verdicts.count(CONTESTED)},
    }
