"""Realistic demo Gold Dialogues: one drawn from the Gold Dialogues held in La Paz (Spanish), one from
the OECD due-diligence trainings with artisanal gold miners in West Africa (French, Ouagadougou).

People are fictional; organizations, places and topics are the real ones of the sector. Each area's
``demo.py`` holds that area's content per dialogue language.
"""
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Demo:
    """One demo dialogue: its details, organizations and people (the areas add the rest)."""

    language: str
    country: str
    region: str
    title: str
    description: str
    venue: str
    online_url: str
    timezone: str
    organizations: list[tuple[str, OrganizationKind]]
    # (e-mail, name, role, group key, organization index, gender, consent); the first is the organizer.
    people: list[tuple]
    pending: list[tuple]  # (e-mail, name, group key, organization index, gender, consent)
    walk_ins: list[tuple]  # (name, group key, organization index, gender, consent)


BOLIVIA = Demo(
    language="es", country="Bolivia", region="La Paz",
    title="Diálogos del Oro – Bolivia: cooperativas y Estado por una minería aurífera responsable",
    description=(
        "Diálogo entre cooperativas mineras auríferas, el Estado y la sociedad civil en el marco de la Ley de "
        "Minería y Metalurgia: financiamiento para tecnologías limpias, interacción minero–Estado, seguridad y "
        "salud ocupacional, y reemplazo del mercurio. El objetivo es acordar recomendaciones conjuntas para el "
        "Ministerio de Minería, las federaciones y la cooperación internacional."),
    venue="Oficinas del BID, Av. 6 de Agosto, La Paz", online_url="https://meet.example.org/dialogos-oro",
    timezone="America/La_Paz",
    organizations=[
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
    ],
    people=[
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
    ],
    pending=[("pendiente@demo.oro", "Hilarión Poma Quispe", "miners", 4, Gender.MAN, True)],
    walk_ins=[("Justina Mamani Ticona", "miners", 5, Gender.WOMAN, True),
              ("Felipe Choque Alanoca", "miners", 2, Gender.MAN, False)],
)

BURKINA_FASO = Demo(
    language="fr", country="Burkina Faso", region="Centre",
    title="Dialogues de l’or – Burkina Faso : devoir de diligence dans la filière de l’orpaillage",
    description=(
        "Atelier de formation et de dialogue sur le devoir de diligence selon le Guide de l’OCDE pour des chaînes "
        "d’approvisionnement responsables en minerais, avec la fédération nationale des orpailleurs, l’ANEEMAS, le "
        "ministère en charge des mines et la société civile : cartographie des risques sur les sites d’orpaillage, "
        "traçabilité de l’or jusqu’au comptoir d’achat, sécurité des sites et réduction du mercure. L’objectif est "
        "d’adopter des recommandations communes pour l’exploitation minière artisanale et à petite échelle (EMAPE)."),
    venue="Salle de conférences de l’hôtel Silmandé, Ouagadougou", online_url="https://meet.example.org/dialogues-or-bf",
    timezone="Africa/Ouagadougou",
    organizations=[
        ("FNOB – Fédération nationale des orpailleurs du Burkina", OrganizationKind.FEDERATION),
        ("Union régionale des coopératives d’orpailleurs du Centre-Nord", OrganizationKind.FEDERATION),
        ("Union des exploitants miniers artisanaux du Sud-Ouest", OrganizationKind.FEDERATION),
        ("Coopérative des orpailleurs de Kalsaka", OrganizationKind.COOPERATIVE),
        ("Société coopérative minière artisanale de Poura", OrganizationKind.COOPERATIVE),
        ("Coopérative des femmes orpailleuses du Boulkiemdé", OrganizationKind.COOPERATIVE),
        ("Ministère de l’Énergie, des Mines et des Carrières", OrganizationKind.GOVERNMENT),
        ("ANEEMAS – Agence nationale d’encadrement des exploitations minières artisanales et semi-mécanisées",
         OrganizationKind.GOVERNMENT),
        ("BUMIGEB – Bureau des mines et de la géologie du Burkina", OrganizationKind.GOVERNMENT),
        ("ONASSIM – Office national de sécurisation des sites miniers", OrganizationKind.GOVERNMENT),
        ("Alliance pour une mine responsable (ARM)", OrganizationKind.NGO),
        ("Association pour la promotion de l’orpaillage responsable", OrganizationKind.NGO),
        ("Réseau des femmes dans les mines du Burkina", OrganizationKind.NGO),
        ("Union européenne – Délégation au Burkina Faso", OrganizationKind.DONOR),
        ("Université Joseph Ki-Zerbo", OrganizationKind.ACADEMIC),
    ],
    people=[
        ("organisatrice@ouaga.demo.oro", "Mariam Compaoré", Role.ORGANIZER, "civil_society", 11, Gender.WOMAN, True),
        ("moderateur@ouaga.demo.oro", "Issouf Sawadogo", Role.MODERATOR, "civil_society", 10, Gender.MAN, True),
        ("orpailleur1@ouaga.demo.oro", "Boureima Kaboré", Role.PARTICIPANT, "miners", 0, Gender.MAN, True),
        ("orpailleuse2@ouaga.demo.oro", "Awa Ouédraogo", Role.PARTICIPANT, "miners", 3, Gender.WOMAN, True),
        ("orpailleur3@ouaga.demo.oro", "Salif Zongo", Role.PARTICIPANT, "miners", 1, Gender.MAN, False),
        ("orpailleuse4@ouaga.demo.oro", "Rasmata Kinda", Role.PARTICIPANT, "miners", 12, Gender.WOMAN, True),
        ("fonctionnaire1@ouaga.demo.oro", "Fatimata Sanou", Role.PARTICIPANT, "government", 6, Gender.WOMAN, True),
        ("fonctionnaire2@ouaga.demo.oro", "Adama Ouattara", Role.PARTICIPANT, "government", 7, Gender.MAN, True),
        ("fonctionnaire3@ouaga.demo.oro", "Jean-Baptiste Somé", Role.PARTICIPANT, "government", 9, Gender.MAN, True),
        ("ong@ouaga.demo.oro", "Clarisse Zida", Role.PARTICIPANT, "civil_society", 10, Gender.WOMAN, True),
        ("bailleur@ouaga.demo.oro", "Hélène Dupuis", Role.OBSERVER, "international", 13, None, True),
    ],
    pending=[("attente@ouaga.demo.oro", "Hamidou Tiendrébéogo", "miners", 4, Gender.MAN, True)],
    walk_ins=[("Aminata Yaméogo", "miners", 5, Gender.WOMAN, True),
              ("Moussa Diallo", "miners", 2, Gender.MAN, False)],
)

DEMOS = {demo.language: demo for demo in (BOLIVIA, BURKINA_FASO)}


def database_is_empty() -> bool:
    return db.session.scalar(select(Dialogue.id).limit(1)) is None


def _account(email: str, name: str, language: str) -> User:
    return find_user_by_email(email) or create_account(name, email, DEMO_PASSWORD, language)


def seed_all() -> list[Dialogue]:
    """Every demo dialogue (``flask seed-demo``)."""
    return [seed(language) for language in DEMOS]


def seed(language: str = "es") -> Dialogue:
    """Create one demo dialogue, live, with its organizer, moderator, miners and officials."""
    demo = DEMOS[language]
    orgs = []
    for name, kind in demo.organizations:
        org = db.session.scalar(select(Organization).where(Organization.name == name))
        if org is None:
            org = Organization(name=name, kind=kind, country=demo.country)
            db.session.add(org)
        orgs.append(org)
    organizer = _account(demo.people[0][0], demo.people[0][1], language)
    organizer.may_create_dialogues = True  # creating dialogues is a right administrators give
    start = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    dialogue = roundtable.create_dialogue(organizer, {
        "title": demo.title, "description": demo.description, "country": demo.country, "region": demo.region,
        "venue": demo.venue, "online_url": demo.online_url,
        "starts_at": start, "ends_at": start + timedelta(hours=8), "timezone": demo.timezone,
        "language": language, "requires_approval": True, "allow_anonymous": True,
    })
    groups = {g.key: g for g in dialogue.groups}
    db.session.flush()

    def person(**fields) -> Participant:
        participant = Participant(dialogue=dialogue, **fields)
        db.session.add(participant)
        return participant

    for email, name, role, group, org, gender, consent in demo.people:
        user = _account(email, name, language)
        existing = roundtable.membership(dialogue, user)
        if existing:  # the organizer, created with the dialogue
            existing.group, existing.organization, existing.gender = groups[group], orgs[org], gender
            continue
        person(user=user, name=name, role=role, group=groups[group], organization=orgs[org], gender=gender,
               consent_listed=consent, state=RegistrationState.APPROVED, checked_in_at=start)
    for email, name, group, org, gender, consent in demo.pending:
        person(user=_account(email, name, language), name=name, group=groups[group], organization=orgs[org],
               gender=gender, consent_listed=consent, state=RegistrationState.PENDING)
    for name, group, org, gender, consent in demo.walk_ins:
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
