"""A small closed dialogue with everything an export shows, and the secrets it must never show."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dialogues.agenda.models import AgendaItem, ItemState
from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.recommendations.models import (FollowUpStatus, Recommendation, RecommendationSource,
                                              RecommendationStatus, Stance, StanceKind)
from dialogues.roundtable.models import DialogueStatus, Gender, Organization, OrganizationKind, Participant, Role

from ..factories import make_dialogue, make_participant, make_user

ADOPTED_TITLE = "Ventanilla única para la formalización de cooperativas"
ADOPTED_2_TITLE = "Fondo rotatorio para retortas y mesas concentradoras"
OPEN_TITLE = "Observatorio del mercurio en Madre de Dios"
HIDDEN_COMMENT = "Comentario ofensivo que se ocultó"
ANONYMOUS_COMMENT = "Los intermediarios pagan menos a las mujeres mineras"
SOURCE_COMMENT = "Hace falta asistencia técnica para dejar el mercurio"


def _comment(dialogue, item, author, body, **fields) -> Comment:
    comment = Comment(dialogue_id=dialogue.id, item_id=item.id, author_id=author.id, body=body,
                      group_id=author.group_id, **fields)
    db.session.add(comment)
    return comment


def _recommendation(dialogue, item, title, status, stances, sources=(), **fields) -> Recommendation:
    rec = Recommendation(dialogue_id=dialogue.id, item_id=item.id, title=title, status=status,
                         body=f"{title}: texto de la recomendación.", **fields)
    db.session.add(rec)
    db.session.flush()
    for participant, kind, note in stances:
        db.session.add(Stance(recommendation_id=rec.id, participant_id=participant.id, group_id=participant.group_id,
                              kind=kind, note=note))
    for comment in sources:
        db.session.add(RecommendationSource(recommendation_id=rec.id, comment_id=comment.id))
    return rec


@pytest.fixture
def outcome():
    """Closed dialogue: 2 adopted recommendations and 1 still open; consenting and private people."""
    organizer = make_user("Lucía Organizadora", email="lucia.secret@example.org")
    dialogue = make_dialogue(organizer, title="Diálogos del Oro – La Paz", venue="Oficinas del BID",
                             region="La Paz", country="Bolivia", status=DialogueStatus.CLOSED)
    donor = Organization(name="BID Lab", kind=OrganizationKind.DONOR)
    federation = Organization(name="FENCOMIN", kind=OrganizationKind.FEDERATION)
    db.session.add_all([donor, federation])
    people = SimpleNamespace(
        moderator=make_participant(dialogue, make_user("Jorge Moderador", email="jorge.secret@example.org"),
                                   role=Role.MODERATOR, group_key="civil_society", consent_listed=True),
        listed=make_participant(dialogue, make_user("Teodoro Condori", email="teodoro.secret@example.org"),
                                consent_listed=True, gender=Gender.MAN,
                                checked_in_at=datetime(2026, 12, 1, 13, 0)),
        private=make_participant(dialogue, make_user("Efraín Reservado", email="efrain.secret@example.org"),
                                 consent_listed=False, gender=Gender.ANOTHER),
        official=make_participant(dialogue, make_user("Patricia Flores", email="patricia.secret@example.org"),
                                  group_key="government", consent_listed=True, gender=Gender.WOMAN),
        funder=make_participant(dialogue, make_user("Andrea Donante"), role=Role.OBSERVER, group_key="international",
                                consent_listed=True))
    people.listed.organization = federation
    people.funder.organization = donor
    item = AgendaItem(dialogue_id=dialogue.id, title="Reemplazo del mercurio", position=1, planned_minutes=45,
                      state=ItemState.DONE, started_at=datetime(2026, 12, 1, 13, 5),
                      ended_at=datetime(2026, 12, 1, 14, 0), elapsed_seconds=55 * 60)
    db.session.add(item)
    db.session.flush()
    source = _comment(dialogue, item, people.private, SOURCE_COMMENT)
    anonymous = _comment(dialogue, item, people.listed, ANONYMOUS_COMMENT, is_anonymous=True, show_group=True)
    hidden = _comment(dialogue, item, people.official, HIDDEN_COMMENT, hidden_at=datetime(2026, 12, 1, 14, 0),
                      hidden_reason="insulto")
    db.session.flush()
    S, K = RecommendationStatus, StanceKind
    adopted = _recommendation(
        dialogue, item, ADOPTED_TITLE, S.ADOPTED,
        [(people.listed, K.SUPPORT, ""), (people.private, K.OPPOSE, "Faltan recursos en provincias"),
         (people.official, K.RESERVATIONS, "Depende del presupuesto 2027")],
        sources=[source, anonymous, hidden], actors=["Viceministerio de Cooperativas Mineras", "AJAM"],
        responsible_actor="Viceministerio de Cooperativas Mineras", due_date=date(2027, 6, 30),
        follow_up_status=FollowUpStatus.IN_PROGRESS)
    second = _recommendation(dialogue, item, ADOPTED_2_TITLE, S.ADOPTED,
                             [(people.listed, K.SUPPORT, ""), (people.official, K.SUPPORT, "")])
    still_open = _recommendation(dialogue, item, OPEN_TITLE, S.DISCUSSION, [(people.official, K.ABSTAIN, "")])
    db.session.commit()
    return SimpleNamespace(dialogue=dialogue, organizer=organizer, people=people, item=item, adopted=adopted,
                           second=second, still_open=still_open,
                           users=SimpleNamespace(moderator=people.moderator.user, listed=people.listed.user))


SUMMARY = "Los tres sectores acordaron **dejar el mercurio** antes de 2030."
ENDORSEMENT_STATEMENT = "La federación respalda la ventanilla única"
ACCEPTED_AMENDMENT = "Incluir a las oficinas regionales de la AJAM"
ACCEPTED_REASON = "Llega a las provincias"
REJECTED_AMENDMENT = "Cerrar las oficinas regionales"
REJECTED_DECISION = "Contradice la ley minera"
OPEN_AMENDMENT = "Enmienda aún abierta"
PROGRESS_NOTE = "Primera mesa técnica con la AJAM en Guanay"


@pytest.fixture
def signed(outcome):
    """The closed dialogue with what a signed document shows: summary, logo, amendments decided either way,
    two organizations' endorsements (one by a representative who did not consent to be listed), a progress note."""
    from dialogues.exports.models import OutcomeDocument
    from dialogues.recommendations.models import Amendment, AmendmentState, Endorsement, ProgressNote, Representative

    p, rec = outcome.people, outcome.adopted
    ministry = Organization(name="Viceministerio de Cooperativas Mineras", kind=OrganizationKind.GOVERNMENT)
    organizers = Organization(name="Cumbre del Sajama", kind=OrganizationKind.NGO)
    db.session.add_all([ministry, organizers])
    db.session.flush()
    db.session.scalar(select(Participant).where(Participant.user_id == outcome.organizer.id)).organization = organizers
    p.private.organization = db.session.get(Organization, p.listed.organization_id)  # FENCOMIN too
    p.official.organization = ministry
    db.session.add_all([
        OutcomeDocument(dialogue_id=outcome.dialogue.id, summary=SUMMARY),
        Representative(dialogue_id=outcome.dialogue.id, organization_id=ministry.id, participant_id=p.official.id),
        Endorsement(recommendation_id=rec.id, organization_id=ministry.id, representative_id=p.official.id,
                    statement=ENDORSEMENT_STATEMENT, created_at=datetime(2026, 12, 1, 20, 30)),
        Endorsement(recommendation_id=outcome.second.id, organization_id=p.listed.organization_id,
                    representative_id=p.private.id, created_at=datetime(2026, 12, 1, 21, 0)),
        Amendment(recommendation_id=rec.id, author_id=p.private.id, body=ACCEPTED_AMENDMENT, reason=ACCEPTED_REASON,
                  state=AmendmentState.ACCEPTED, decided_at=datetime(2026, 12, 1, 15, 0)),
        Amendment(recommendation_id=rec.id, author_id=p.listed.id, body=REJECTED_AMENDMENT, reason="Ahorro",
                  state=AmendmentState.REJECTED, decision_reason=REJECTED_DECISION,
                  decided_at=datetime(2026, 12, 1, 15, 30)),
        Amendment(recommendation_id=rec.id, author_id=p.listed.id, body=OPEN_AMENDMENT, reason="x"),
        ProgressNote(recommendation_id=rec.id, on=date(2027, 1, 15), body=PROGRESS_NOTE),
    ])
    db.session.commit()
    return outcome
