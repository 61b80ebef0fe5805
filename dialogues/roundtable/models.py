"""Dialogues, the stakeholder groups taking part, organizations and participants."""
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..clock import utcnow
from ..enums import LabelledEnum, str_enum
from ..extensions import db


class DialogueStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    REGISTRATION_OPEN = "registration_open", _l("Registration open")
    LIVE = "live", _l("Live")
    CLOSED = "closed", _l("Closed")


class Role(LabelledEnum):
    ORGANIZER = "organizer", _l("Organizer")
    MODERATOR = "moderator", _l("Moderator")
    PARTICIPANT = "participant", _l("Participant")
    OBSERVER = "observer", _l("Observer")


class RegistrationState(LabelledEnum):
    PENDING = "pending", _l("Pending")
    APPROVED = "approved", _l("Approved")
    DECLINED = "declined", _l("Declined")


class Gender(LabelledEnum):
    WOMAN = "woman", _l("Woman")
    MAN = "man", _l("Man")
    ANOTHER = "another", _l("Another gender")
    UNDISCLOSED = "undisclosed", _l("Prefer not to say")


class OrganizationKind(LabelledEnum):
    COOPERATIVE = "cooperative", _l("Cooperative")
    FEDERATION = "federation", _l("Federation")
    GOVERNMENT = "government", _l("Government body")
    NGO = "ngo", _l("NGO")
    COMPANY = "company", _l("Company")
    DONOR = "donor", _l("Donor")
    ACADEMIC = "academic", _l("Academic")


# The constituencies a dialogue starts with; organizers may rename or add.
DEFAULT_GROUPS = {
    "miners": _l("Miners and cooperatives"),
    "government": _l("Government"),
    "civil_society": _l("Civil society"),
    "market": _l("Market and buyers"),
    "international": _l("International cooperation"),
    "academia": _l("Academia"),
}


# The kinds of organization a group's people usually come from: the join page lists these first
# under each group (the organization list "filtered by the chosen group").
GROUP_ORGANIZATION_KINDS = {
    "miners": (OrganizationKind.COOPERATIVE, OrganizationKind.FEDERATION),
    "government": (OrganizationKind.GOVERNMENT,),
    "civil_society": (OrganizationKind.NGO,),
    "market": (OrganizationKind.COMPANY,),
    "international": (OrganizationKind.DONOR, OrganizationKind.NGO),
    "academia": (OrganizationKind.ACADEMIC,),
}


class Dialogue(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(80), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime]  # UTC
    ends_at: Mapped[datetime]  # UTC
    timezone: Mapped[str] = mapped_column(String(64), default="America/La_Paz")
    language: Mapped[str] = mapped_column(String(8), default="es")
    status: Mapped[DialogueStatus] = mapped_column(str_enum(DialogueStatus, "dialogue_status"),
                                                   default=DialogueStatus.DRAFT)
    requires_approval: Mapped[bool] = mapped_column(default=True)
    allow_anonymous: Mapped[bool] = mapped_column(default=True)
    # Recommendations: may participants (not only moderators) propose; stances each group needs for "joint".
    participants_may_propose: Mapped[bool] = mapped_column(default=False)
    min_stances: Mapped[int] = mapped_column(default=2)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    # The secret link to the projector view of a dialogue that is not public yet (see facilitation).
    projector_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(24))
    # Last seq handed out in this dialogue's event log (see realtime).
    event_seq: Mapped[int] = mapped_column(default=0)
    # Bumped by every change to the row's other columns (``bump_versions``): what a live connection
    # knows of the dialogue is checked against it as its write commits (realtime/connections.py).
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    groups: Mapped[list["StakeholderGroup"]] = relationship(
        back_populates="dialogue", order_by="StakeholderGroup.position", cascade="all, delete-orphan")

    @property
    def is_open_for_registration(self) -> bool:
        return self.status in (DialogueStatus.REGISTRATION_OPEN, DialogueStatus.LIVE)

    def __repr__(self) -> str:
        return f"<Dialogue {self.id}>"


class StakeholderGroup(db.Model):
    __table_args__ = (UniqueConstraint("dialogue_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    custom_name: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)

    dialogue: Mapped[Dialogue] = relationship(back_populates="groups")

    @property
    def name(self) -> str:
        """The organizer's name for the group, else the translated default."""
        return self.custom_name or str(DEFAULT_GROUPS.get(self.key, self.key))


class Organization(db.Model):
    __table_args__ = (UniqueConstraint("name", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganizationKind] = mapped_column(str_enum(OrganizationKind, "organization_kind"))
    country: Mapped[str] = mapped_column(String(80), default="")


class Participant(db.Model):
    """A person's registration in one dialogue. Walk-ins and people who joined at the door hold a
    room pass (a ``User`` without e-mail, see passes.py); former participants have no user."""
    missing = _l("This participant does not exist.")  # rows.load's words when it is not found

    __table_args__ = (UniqueConstraint("dialogue_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "participant_role"), default=Role.PARTICIPANT)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, "gender"))
    consent_listed: Mapped[bool] = mapped_column(default=False)
    needs: Mapped[str] = mapped_column(Text, default="")  # interpretation/accessibility: organizers only
    state: Mapped[RegistrationState] = mapped_column(str_enum(RegistrationState, "registration_state"),
                                                     default=RegistrationState.PENDING)
    checked_in_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=0, server_default="0")  # as Dialogue.version
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dialogue: Mapped[Dialogue] = relationship()
    user: Mapped[User | None] = relationship()
    group: Mapped[StakeholderGroup | None] = relationship()
    organization: Mapped[Organization | None] = relationship()

    @property
    def is_approved(self) -> bool:
        return self.state == RegistrationState.APPROVED

    @property
    def can_moderate(self) -> bool:
        return self.is_approved and self.role in (Role.ORGANIZER, Role.MODERATOR)

    @property
    def can_organize(self) -> bool:
        return self.is_approved and self.role == Role.ORGANIZER

    @property
    def can_contribute(self) -> bool:
        """Approved and not a mere observer: may comment, raise a hand, take a stance."""
        return self.is_approved and self.role != Role.OBSERVER

    def __repr__(self) -> str:
        return f"<Participant {self.id} d={self.dialogue_id}>"
