"""A realistic demo Gold Dialogue, drawn from the Gold Dialogues held in La Paz.

People are fictional; organizations, places and topics are the real ones of the sector.
"""
from datetime import datetime, timedelta

from sqlalchemy import select

from .accounts.models import User
from .accounts.services import create_account, find_user_by_email
from .agenda import demo as agenda_demo
from .comments import demo as comments_demo
from .exports import demo as exports_demo
from .extensions import db
from .facilitation import demo as facilitation_demo
from .recommendations import demo as recommendations_demo
from .roundtable import services as roundtable
from .roundtable.models import (Dialogue, DialogueStatus, Gender, Organization, OrganizationKind, Participant,
                                RegistrationState, Role)

DEMO_PASSWORD = "oro-demo-2026"

ORGANIZATIONS = [
    ("FENCOMIN – Federación Nacional de Cooperativas Mineras de Bolivia", OrganizationKind.FEDERATION),
    ("FERRECO – Federación Regional de Cooperativas Mineras Auríferas", OrganizationKind.FEDERATION),
    ("FECOMAN – Federación de Cooperativas Mineras Auríferas del Norte de La Paz", OrganizationKind.FEDERATION),
    ("Cooperativa Minera Aurífera Yani", OrganizationKind.COOPERATIVE),
    ("Cooperativa Minera 15 de Agosto", OrganizationKind.COOPERATIVE),
    ("Cooperativa Minera Señor de Mayo", OrganizationKind.COOPERATIVE),
    ("Viceministerio de Cooperativas Mineras", OrganizationKind.GOVERNMENT),
    ("Autoridad Jurisdiccional Administrativa Minera (AJAM)", OrganizationKind.GOVERNMENT),
    ("Servicio Geológico Minero (SERGEOMIN)", OrganizationKind.GOVERNMENT),
    ("Fondo Financiero Minero", OrganizationKind.GOVERNMENT),
    ("Alianza por la Minería Responsable (ARM)", OrganizationKind.NGO),
    ("Cumbre del Sajama", OrganizationKind.NGO),
    ("Red Nacional de Mujeres y Minería de Bolivia", OrganizationKind.NGO),
    ("BID Lab", OrganizationKind.DONOR),
    ("Universidad Mayor de San Andrés", OrganizationKind.ACADEMIC),
]

# (e-mail, name, role, group key, organization index, gender, consent)
PEOPLE = [
    ("organizadora@demo.oro", "Lucía Quispe Mamani", Role.ORGANIZER, "civil_society", 11, Gender.WOMAN, True),
    ("moderador@demo.oro", "Jorge Vargas Limachi", Role.MODERATOR, "civil_society", 10, Gender.MAN, True),
    ("minero1@demo.oro", "Teodoro Condori Apaza", Role.PARTICIPANT, "miners", 0, Gender.MAN, True),
    ("minera2@demo.oro", "Rosa Huanca Choque", Role.PARTICIPANT, "miners", 3, Gender.WOMAN, True),
    ("minero3@demo.oro", "Efraín Tola Ticona", Role.PARTICIPANT, "miners", 1, Gender.MAN, False),
    ("minera4@demo.oro", "Sonia Mendoza Callisaya", Role.PARTICIPANT, "miners", 12, Gender.WOMAN, True),
    ("funcionaria1@demo.oro", "Patricia Flores Rojas", Role.PARTICIPANT, "government", 6, Gender.WOMAN, True),
    ("funcionario2@demo.oro", "Marcelo Gutiérrez Paz", Role.PARTICIPANT, "government", 7, Gender.MAN, True),
    ("funcionario3@demo.oro", "Daniel Arce Villca", Role.PARTICIPANT, "government", 9, Gender.MAN, True),
    ("ong@demo.oro", "Carla Rivero Soliz", Role.PARTICIPANT, "civil_society", 10, Gender.WOMAN, True),
    ("donante@demo.oro", "Andrea Salinas Prado", Role.OBSERVER, "international", 13, None, True),
]
PENDING = [("pendiente@demo.oro", "Hilarión Poma Quispe", "miners", 4, Gender.MAN, True)]
WALK_INS = [("Justina Mamani Ticona", "miners", 5, Gender.WOMAN, True),
            ("Felipe Choque Alanoca", "miners", 2, Gender.MAN, False)]

DESCRIPTION = (
    "Diálogo entre cooperativas mineras auríferas, el Estado y la sociedad civil en el marco de la Ley de "
    "Minería y Metalurgia: financiamiento para tecnologías limpias, interacción minero–Estado, seguridad y "
    "salud ocupacional, y reemplazo del mercurio. El objetivo es acordar recomendaciones conjuntas para el "
    "Ministerio de Minería, las federaciones y la cooperación internacional."
)


def database_is_empty() -> bool:
    return db.session.scalar(select(Dialogue.id).limit(1)) is None


def _account(email: str, name: str) -> User:
    return find_user_by_email(email) or create_account(name, email, DEMO_PASSWORD, "es")


def seed() -> Dialogue:
    """Create the demo dialogue, live, with its organizer, moderator, miners and officials."""
    orgs = []
    for name, kind in ORGANIZATIONS:
        org = db.session.scalar(select(Organization).where(Organization.name == name))
        if org is None:
            org = Organization(name=name, kind=kind, country="Bolivia")
            db.session.add(org)
        orgs.append(org)
    organizer = _account(PEOPLE[0][0], PEOPLE[0][1])
    organizer.may_create_dialogues = True  # creating dialogues is a right administrators give
    start = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    dialogue = roundtable.create_dialogue(organizer, {
        "title": "Diálogos del Oro – Bolivia: cooperativas y Estado por una minería aurífera responsable",
        "description": DESCRIPTION, "country": "Bolivia", "region": "La Paz",
        "venue": "Oficinas del BID, Av. 6 de Agosto, La Paz", "online_url": "https://meet.example.org/dialogos-oro",
        "starts_at": start, "ends_at": start + timedelta(hours=8), "timezone": "America/La_Paz",
        "language": "es", "requires_approval": True, "allow_anonymous": True,
    })
    groups = {g.key: g for g in dialogue.groups}
    db.session.flush()

    def person(**fields) -> Participant:
        participant = Participant(dialogue=dialogue, **fields)
        db.session.add(participant)
        return participant

    for email, name, role, group, org, gender, consent in PEOPLE:
        user = _account(email, name)
        existing = roundtable.membership(dialogue, user)
        if existing:  # the organizer, created with the dialogue
            existing.group, existing.organization, existing.gender = groups[group], orgs[org], gender
            continue
        person(user=user, name=name, role=role, group=groups[group], organization=orgs[org], gender=gender,
               consent_listed=consent, state=RegistrationState.APPROVED, checked_in_at=start)
    for email, name, group, org, gender, consent in PENDING:
        person(user=_account(email, name), name=name, group=groups[group], organization=orgs[org], gender=gender,
               consent_listed=consent, state=RegistrationState.PENDING)
    for name, group, org, gender, consent in WALK_INS:
        person(name=name, group=groups[group], organization=orgs[org], gender=gender, consent_listed=consent,
               state=RegistrationState.APPROVED, checked_in_at=start)
    dialogue.status = DialogueStatus.LIVE
    db.session.flush()
    agenda_demo.seed(dialogue)
    comments_demo.seed(dialogue)  # after the agenda's seed: it comments on the agenda items
    recommendations_demo.seed(dialogue)  # cites the demo comments
    facilitation_demo.seed(dialogue)  # hands raised on the running item, a poll
    exports_demo.seed(dialogue)  # the outcome document's summary and logo
    return dialogue
