"""The organizer's part of the outcome document: executive summary, cover logos, version and status.
Functions flush, never commit. A final version cannot change; the organizer starts the next one."""
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..clock import utcnow
from ..errors import InvalidInput, InvalidState
from ..extensions import db
from ..roundtable.models import Dialogue, DialogueStatus
from ..roundtable.services import require_organizer
from .logos import checked_png
from .models import DocumentLogo, DocumentStatus, LogoRole, OutcomeDocument
from .outcome_section import outcome_of

SUMMARY_LIMIT = 20_000
LOGO_LIMIT = 8


def _editable(dialogue: Dialogue, user: User | None) -> OutcomeDocument:
    require_organizer(dialogue, user)
    outcome = outcome_of(dialogue)
    if outcome.status == DocumentStatus.FINAL:
        raise InvalidState(_("Version %(n)d is final and cannot change. Start a new version to edit.",
                             n=outcome.version))
    if outcome.id is None:
        db.session.add(outcome)
    return outcome


def save_summary(dialogue: Dialogue, user: User | None, summary: str) -> OutcomeDocument:
    """The executive summary (Markdown, sanitised when rendered). Raises NotPermitted, InvalidState, InvalidInput."""
    outcome = _editable(dialogue, user)
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_LIMIT:
        raise InvalidInput(_("The summary may be at most %(n)d characters.", n=SUMMARY_LIMIT), field="summary")
    outcome.summary, outcome.updated_at = summary, utcnow()
    db.session.flush()
    return outcome


def add_logo(dialogue: Dialogue, user: User | None, role: str, name: str, data: bytes) -> DocumentLogo:
    """A cover logo, checked and stored as PNG. Raises NotPermitted, InvalidState, InvalidInput."""
    _editable(dialogue, user)
    try:
        role = LogoRole(role)
    except ValueError:
        raise InvalidInput(_("Choose whose logo it is."), field="role")
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InvalidInput(_("Give the organization's name (at most 200 characters)."), field="name")
    count = len(db.session.scalars(select(DocumentLogo.id).where(DocumentLogo.dialogue_id == dialogue.id)).all())
    if count >= LOGO_LIMIT:
        raise InvalidInput(_("A cover holds at most %(n)d logos.", n=LOGO_LIMIT), field="file")
    png, width, height = checked_png(data)
    logo = DocumentLogo(dialogue_id=dialogue.id, role=role, name=name, png=png, width=width, height=height)
    db.session.add(logo)
    db.session.flush()
    return logo


def remove_logo(dialogue: Dialogue, user: User | None, logo: DocumentLogo) -> None:
    _editable(dialogue, user)
    db.session.delete(logo)
    db.session.flush()


def finalisable(dialogue: Dialogue) -> bool:
    """A final version is the signed result of the dialogue, not a snapshot of a room still deciding:
    only a closed dialogue's document is finalised."""
    return dialogue.status == DialogueStatus.CLOSED


def finalise(dialogue: Dialogue, user: User | None, *, confirmed: bool) -> OutcomeDocument:
    """Freeze the current version: its files are made once and served again unchanged (``finalisable``).
    It cannot be undone, so the organizer ``confirmed`` it (the page's checkbox).
    Raises NotPermitted, InvalidState, InvalidInput (not confirmed)."""
    outcome = _editable(dialogue, user)
    if not finalisable(dialogue):
        raise InvalidState(_("Close the dialogue before finalising its outcome document: a final version "
                             "records what the dialogue agreed."))
    if confirmed is not True:
        raise InvalidInput(_("Tick the box to confirm: a final version cannot be changed afterwards."),
                           field="confirm")
    outcome.status, outcome.finalised_at = DocumentStatus.FINAL, utcnow()
    db.session.flush()
    return outcome


def start_next_version(dialogue: Dialogue, user: User | None) -> OutcomeDocument:
    """A new draft after a final version, which stays available as it was."""
    require_organizer(dialogue, user)
    outcome = outcome_of(dialogue)
    if outcome.status != DocumentStatus.FINAL:
        raise InvalidState(_("This version is still a draft."))
    outcome.version, outcome.status, outcome.finalised_at = outcome.version + 1, DocumentStatus.DRAFT, None
    outcome.updated_at = utcnow()
    db.session.flush()
    return outcome
