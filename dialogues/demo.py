"""Realistic demo Gold Dialogues: one drawn from the Gold Dialogues held in La Paz (Spanish), one from
the OECD due-diligence trainings with artisanal gold miners in West Africa (French, Ouagadougou).

People are fictional; organizations, places and topics are the real ones of the sector. The
dialogues, their organizations and people are data (``demo.toml``); each area's ``demo.py`` holds
that area's content per dialogue language.
"""
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from pathlib import Path

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


def _gender(value: str) -> Gender | None:
    return Gender(value) if value else None


def _demo(language: str, data: dict) -> Demo:
    """One dialogue language's table of demo.toml, with its enums."""
    return Demo(language=language, **{
        **data, "organizations": [(name, OrganizationKind(kind)) for name, kind in data["organizations"]],
        "people": [(email, name, Role(role), group, org, _gender(gender), consent)
                   for email, name, role, group, org, gender, consent in data["people"]],
        "pending": [(*who, _gender(gender), consent) for *who, gender, consent in data["pending"]],
        "walk_ins": [(*who, _gender(gender), consent) for *who, gender, consent in data["walk_ins"]]})


# One drawn from the Gold Dialogues held in La Paz (es), one from the OECD due-diligence trainings in
# Ouagadougou (fr): their data is in demo.toml.
DEMOS = {language: _demo(language, data)
         for language, data in tomllib.loads((Path(__file__).parent / "demo.toml").read_text("utf-8")).items()}


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
    # Today at 9:00 where the dialogue takes place (the form's times are local), not the server's date:
    # seeded in La Paz's evening, the server's UTC date is already tomorrow.
    start = datetime.now(ZoneInfo(demo.timezone)).replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
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
               consent_listed=consent, state=RegistrationState.APPROVED, checked_in_at=dialogue.starts_at)
    for email, name, group, org, gender, consent in demo.pending:
        person(user=_account(email, name, language), name=name, group=groups[group], organization=orgs[org],
               gender=gender, consent_listed=consent, state=RegistrationState.PENDING)
    for name, group, org, gender, consent in demo.walk_ins:
        person(name=name, group=groups[group], organization=orgs[org], gender=gender, consent_listed=consent,
               state=RegistrationState.APPROVED, checked_in_at=dialogue.starts_at)
    dialogue.status = DialogueStatus.LIVE
    db.session.flush()
    agenda_demo.seed(dialogue)
    comments_demo.seed(dialogue)  # after the agenda's seed: it comments on the agenda items
    recommendations_demo.seed(dialogue)  # cites the demo comments
    facilitation_demo.seed(dialogue)  # hands raised on the running item, a poll
    exports_demo.seed(dialogue)  # the outcome document's summary and logo
    return dialogue
