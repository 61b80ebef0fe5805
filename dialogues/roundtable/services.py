"""Dialogues and registration: every rule and permission check lives here."""
import secrets
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import gettext as _
from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from .. import mail
from ..accounts.models import User
from ..clock import utcnow
from ..config import LANGUAGES
from ..errors import InvalidInput, InvalidState, NotFound, NotPermitted
from ..extensions import db
from ..figures import min_cell, suppress_small_cells
from ..permissions import can, rule
from ..platform import services as platform
from ..realtime import connections, log
from ..rows import is_id
from .models import (DEFAULT_GROUPS, Dialogue, DialogueStatus, Gender, Organization, OrganizationKind,
                     Participant, RegistrationState, Role, StakeholderGroup)

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
JOIN_CODE_LENGTH = 6
MEMBERSHIPS = "roundtable_memberships"
PREFETCHED = "roundtable_prefetched"

TRANSITIONS = {
    DialogueStatus.DRAFT: {DialogueStatus.REGISTRATION_OPEN},
    DialogueStatus.REGISTRATION_OPEN: {DialogueStatus.DRAFT, DialogueStatus.LIVE},
    DialogueStatus.LIVE: {DialogueStatus.CLOSED},
    DialogueStatus.CLOSED: set(),
}

FIELD_LIMITS = {"title": 200, "country": 80, "region": 120, "venue": 200, "online_url": 500,
                "description": 20000, "name": 120, "needs": 2000}


# --- loading and access -------------------------------------------------------

def get_dialogue(dialogue_id: int, user: User | None = None, also: tuple = (), known: bool = False) -> Dialogue:
    """The dialogue with this id. Raises NotFound.

    What the caller asks for next comes in the same query: a signed-in ``user``'s membership (every
    permission check needs it), and ``also``, ``(Model, id)`` pairs of rows of this dialogue (an agenda
    item, a comment…) that a later ``db.session.get`` then finds without another round trip.
    ``known`` (a socket write): the dialogue and membership as the connection knows them, without a
    query, if it does (``realtime.connections``); what it reads here, it knows from now on."""
    if known and _signed_in(user) and (copies := connections.known_dialogue(dialogue_id, user)):
        _memberships()[(dialogue_id, user.id)] = copies[1]
        return copies[0]
    with_membership = _signed_in(user) and not _known(dialogue_id, user)
    if not (with_membership or also):
        dialogue = db.session.get(Dialogue, dialogue_id)
    else:
        query = _dialogue_query(tuple(model for model, _row_id in also), with_membership)
        params = {"dialogue_id": dialogue_id, **{f"row_{n}": row_id for n, (_model, row_id) in enumerate(also)}}
        if with_membership:
            params["user_id"] = user.id
        row = db.session.execute(query, params).first()
        dialogue = row[0] if row else None
        # The identity map holds rows weakly: keep the extra ones until the transaction ends.
        db.session.info.setdefault(PREFETCHED, []).append(row)
        if row and with_membership:
            _memberships()[(dialogue_id, user.id)] = row[-1]
            if known:
                connections.remember_dialogue(dialogue, row[-1])
    if dialogue is None:
        raise NotFound(_("This dialogue does not exist."))
    return dialogue


@cache
def _dialogue_query(models: tuple, with_membership: bool):
    """``get_dialogue``'s statement for this shape, built once with bound parameters: building it
    (an alias per joined model, its column proxies, the comparisons) cost more CPU than running it,
    on every socket write (docs/performance.md, issue 18)."""
    query = select(Dialogue).where(Dialogue.id == bindparam("dialogue_id"))
    for n, model in enumerate(models):  # aliased: a participant named in a request joins beside the membership
        joined = aliased(model)
        query = query.add_columns(joined).outerjoin(
            joined, (joined.dialogue_id == Dialogue.id) & (joined.id == bindparam(f"row_{n}")))
    if with_membership:
        query = query.add_columns(Participant).outerjoin(
            Participant, (Participant.dialogue_id == Dialogue.id) & (Participant.user_id == bindparam("user_id")))
    return query


def membership(dialogue: Dialogue, user: User | None) -> Participant | None:
    """The user's participation in the dialogue, looked up once per transaction (see ``_memberships``)."""
    if not _signed_in(user):
        return None
    if not _known(dialogue.id, user):
        _memberships()[(dialogue.id, user.id)] = db.session.scalar(
            select(Participant).where(Participant.dialogue_id == dialogue.id, Participant.user_id == user.id))
    return _memberships()[(dialogue.id, user.id)]


def _signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _known(dialogue_id: int, user: User) -> bool:
    """Whether this transaction has the user's membership and nothing was added or deleted since
    (a query's autoflush would write those first, and forget what is known)."""
    return (dialogue_id, user.id) in _memberships() and not (db.session.new or db.session.deleted)


def _memberships() -> dict:
    """``(dialogue id, user id) → Participant | None`` known in this transaction. Forgotten at every
    flush (a participation may have been added or removed), bulk change and transaction end."""
    return db.session.info.setdefault(MEMBERSHIPS, {})


@sa_event.listens_for(Session, "after_flush")
@sa_event.listens_for(Session, "after_transaction_end")
def _forget_memberships(session: Session, *_args) -> None:
    session.info.pop(MEMBERSHIPS, None)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_prefetched(session: Session, *_args) -> None:
    session.info.pop(PREFETCHED, None)


@sa_event.listens_for(Session, "do_orm_execute")
def _forget_memberships_on_bulk_change(state) -> None:
    if state.is_update or state.is_delete:
        state.session.info.pop(MEMBERSHIPS, None)


def _authenticated(user: User | None) -> User:
    if not _signed_in(user):
        raise NotPermitted(_("Sign in first."))
    return user


def require_account(user: User | None) -> User:
    """A signed-in account, not a room pass (a pass works only in its own dialogue)."""
    user = _authenticated(user)
    if user.is_pass:
        raise NotPermitted(_("A room pass works only in its own dialogue. Create an account to do this."))
    return user


def _staff(dialogue: Dialogue, user: User | None, may: str, refusal: str) -> Participant | None:
    """The user's participation if its ``may`` property allows (platform administrators always may)."""
    user = _authenticated(user)
    participant = membership(dialogue, user)
    if user.is_admin or (participant and getattr(participant, may)):
        return participant
    raise NotPermitted(refusal)


@rule("organize")
def require_organizer(dialogue: Dialogue, user: User | None) -> Participant | None:
    """The user's participation if they organize this dialogue. Raises NotPermitted."""
    return _staff(dialogue, user, "can_organize", _("Only the organizers of this dialogue can do that."))


@rule("moderate")
def require_moderator(dialogue: Dialogue, user: User | None) -> Participant | None:
    """The user's participation if they organize or moderate. Raises NotPermitted."""
    return _staff(dialogue, user, "can_moderate", _("Only the moderators of this dialogue can do that."))


@rule("contribute")
def require_contributor(dialogue: Dialogue, user: User | None) -> Participant:
    """The user's approved, non-observer participation. Raises NotPermitted."""
    participant = membership(dialogue, _authenticated(user))
    if participant is None:
        raise NotPermitted(_("Register for this dialogue first."))
    if participant.state == RegistrationState.PENDING:
        raise NotPermitted(_("Your registration is waiting for approval."))
    if not participant.can_contribute:
        raise NotPermitted(_("Your registration does not allow you to take part."))
    return participant


def can_view(dialogue: Dialogue, user: User | None) -> bool:
    """Drafts are visible to their organizers only; everything else is public."""
    return dialogue.status != DialogueStatus.DRAFT or can("organize", dialogue, user)


def get_visible_dialogue(dialogue_id: int, user: User | None, token: str | None = None,
                         also: tuple = (), known: bool = False) -> Dialogue:
    """Load a dialogue the user may see, or whose secret projector link ``token`` is.

    A draft looks like a missing page to everyone else. Raises NotFound.
    """
    dialogue = get_dialogue(dialogue_id, user, also, known)
    if not can_view(dialogue, user) and not (token and secrets.compare_digest(token, dialogue.projector_token)):
        raise NotFound(_("This dialogue does not exist."))
    return dialogue


# --- dialogues ----------------------------------------------------------------

def _text(value, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > FIELD_LIMITS.get(field, 200):
        raise InvalidInput(_("This text is too long (at most %(n)d characters).", n=FIELD_LIMITS.get(field, 200)),
                           field=field)
    return value


def local_to_utc(value: datetime, tz: str) -> datetime:
    """A naive wall-clock time in ``tz`` as naive UTC."""
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def utc_to_local(value: datetime, tz: str) -> datetime:
    return value.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz))


def _dialogue_fields(data: dict) -> dict:
    tz = data.get("timezone") or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_("Unknown time zone."), field="timezone")
    if tz not in available_timezones():
        raise InvalidInput(_("Unknown time zone."), field="timezone")
    language = data.get("language") or "es"
    if language not in LANGUAGES:
        raise InvalidInput(_("Unknown language."), field="language")
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if not isinstance(starts, datetime) or not isinstance(ends, datetime):
        raise InvalidInput(_("Give the start and the end."), field="starts_at")
    if ends <= starts:
        raise InvalidInput(_("The end must come after the start."), field="ends_at")
    online_url = _text(data.get("online_url"), "online_url")
    if online_url and not online_url.startswith(("https://", "http://")):
        raise InvalidInput(_("The meeting link must start with https://"), field="online_url")
    return {
        "title": _text(data.get("title"), "title", required=True),
        "description": _text(data.get("description"), "description"),
        "country": _text(data.get("country"), "country"),
        "region": _text(data.get("region"), "region"),
        "venue": _text(data.get("venue"), "venue"),
        "online_url": online_url,
        "timezone": tz,
        "language": language,
        "starts_at": local_to_utc(starts, tz),
        "ends_at": local_to_utc(ends, tz),
        "requires_approval": bool(data.get("requires_approval")),
        "allow_anonymous": bool(data.get("allow_anonymous")),
        "participants_may_propose": bool(data.get("participants_may_propose")),
        "min_stances": _min_stances(data.get("min_stances", 2)),
    }


def _min_stances(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 50:
        raise InvalidInput(_("Give a number of stances between 1 and 50."), field="min_stances")
    return value


def _group_keys(keys) -> list[str]:
    keys = [k for k in (keys or []) if k]
    unknown = [k for k in keys if k not in DEFAULT_GROUPS]
    if unknown or not keys:
        raise InvalidInput(_("Choose at least one stakeholder group from the list."), field="groups")
    return [k for k in DEFAULT_GROUPS if k in keys]  # canonical order


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Dialogue.id).where(Dialogue.join_code == code)) is None:
            return code


def create_dialogue(user: User, data: dict) -> Dialogue:
    """Create a draft dialogue; its creator becomes its organizer. Raises NotPermitted (a room pass,
    or someone platform.services.require_creator refuses) or InvalidInput."""
    user = platform.require_creator(require_account(user))
    fields = _dialogue_fields(data)
    dialogue = Dialogue(join_code=new_join_code(), **fields)
    for position, key in enumerate(_group_keys(data.get("groups") or list(DEFAULT_GROUPS))):
        dialogue.groups.append(StakeholderGroup(key=key, position=position))
    db.session.add(dialogue)
    db.session.flush()
    db.session.add(Participant(dialogue=dialogue, user=user, name=user.name, role=Role.ORGANIZER,
                               state=RegistrationState.APPROVED, consent_listed=True))
    db.session.flush()
    return dialogue


def update_dialogue(dialogue: Dialogue, user: User, data: dict) -> Dialogue:
    """Change a dialogue's details and groups. Groups in use by participants are kept."""
    require_organizer(dialogue, user)
    changed = []
    for name, value in _dialogue_fields(data).items():
        if getattr(dialogue, name) != value:
            changed.append(name)
            setattr(dialogue, name, value)
    wanted = _group_keys(data.get("groups"))
    if set(wanted) != {g.key for g in dialogue.groups}:
        changed.append("groups")
    in_use = set(db.session.scalars(
        select(StakeholderGroup.key).join(Participant, Participant.group_id == StakeholderGroup.id)
        .where(StakeholderGroup.dialogue_id == dialogue.id)))
    for group in list(dialogue.groups):
        if group.key not in wanted and group.key not in in_use:
            dialogue.groups.remove(group)
    existing = {g.key for g in dialogue.groups}
    for key in wanted:
        if key not in existing:
            dialogue.groups.append(StakeholderGroup(key=key))
    order = list(DEFAULT_GROUPS)
    for group in dialogue.groups:
        group.position = order.index(group.key) if group.key in order else len(order)
    db.session.flush()
    if changed:  # the details are public once the dialogue is; a draft's log is read by organizers only
        log.append(dialogue.id, "dialogue.updated", {"fields": changed},
                   audience=log.MODERATORS if dialogue.status == DialogueStatus.DRAFT else log.ALL,
                   object_id=dialogue.id, actor_user_id=user.id)
    return dialogue


def set_status(dialogue: Dialogue, user: User, status: str) -> Dialogue:
    """Move the dialogue along draft → registration open → live → closed. Raises InvalidState."""
    require_organizer(dialogue, user)
    try:
        target = DialogueStatus(status)
    except ValueError:
        raise InvalidInput(_("Unknown status."))
    if target not in TRANSITIONS[dialogue.status]:
        raise InvalidState(_("A dialogue cannot go from “%(a)s” to “%(b)s”.", a=dialogue.status.label, b=target.label))
    dialogue.status = target
    log.append(dialogue.id, "dialogue.status_changed", {"status": target.value}, actor_user_id=user.id)
    return dialogue


def public_dialogues() -> list[Dialogue]:
    return list(db.session.scalars(
        select(Dialogue).where(Dialogue.status.in_([DialogueStatus.REGISTRATION_OPEN, DialogueStatus.LIVE]))
        .order_by(Dialogue.starts_at)))


def dialogues_of(user: User) -> list[tuple[Dialogue, Participant]]:
    require_account(user)
    rows = db.session.execute(
        select(Dialogue, Participant).join(Participant, Participant.dialogue_id == Dialogue.id)
        .where(Participant.user_id == user.id).order_by(Dialogue.starts_at.desc()))
    return [tuple(r) for r in rows]


def normalise_join_code(code: str) -> str:
    """Upper-case, spaces and dashes dropped. Raises InvalidInput for anything else malformed."""
    cleaned = "".join((code or "").split()).replace("-", "").upper()
    if len(cleaned) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in cleaned):
        raise InvalidInput(_("A join code has %(n)d letters and digits, like K7M2QX.", n=JOIN_CODE_LENGTH),
                           field="code")
    return cleaned


def find_by_join_code(code: str) -> Dialogue:
    """The dialogue with this join code. Raises InvalidInput (malformed) or NotFound."""
    dialogue = db.session.scalar(select(Dialogue).where(Dialogue.join_code == normalise_join_code(code)))
    if dialogue is None or dialogue.status == DialogueStatus.DRAFT:
        raise NotFound(_("No dialogue has this join code."))
    return dialogue


# --- registration -------------------------------------------------------------

def organizations(dialogue: Dialogue) -> list[Organization]:
    """The directory's organizations that a person of this dialogue picks from: those of its country,
    those of no country, and any that one of its participants already named (all of them while the
    dialogue names no country). The directory is shared by every dialogue; a Bolivian cooperative has
    no place in the list of a dialogue in Burkina Faso."""
    return list(db.session.scalars(_offered(dialogue).order_by(Organization.name)))


def _offered(dialogue: Dialogue):
    """The statement of ``organizations``: the form's choices, and the registration's only valid ones."""
    query = select(Organization)
    country = (dialogue.country or "").strip().lower()
    if country:
        named = select(Participant.organization_id).where(Participant.dialogue_id == dialogue.id,
                                                          Participant.organization_id.is_not(None))
        query = query.where((func.lower(Organization.country) == country) | (Organization.country == "")
                            | Organization.id.in_(named))
    return query


def _group(dialogue: Dialogue, group_id) -> StakeholderGroup:
    for group in dialogue.groups:
        if group.id == group_id:
            return group
    raise InvalidInput(_("Choose one of this dialogue's stakeholder groups."), field="group_id")


def _organization(dialogue: Dialogue, organization_id, new_name: str = "", kind: str = "",
                  country: str = "") -> Organization | None:
    """The organization a person speaks for: one typed in (found in the directory or added to it), or
    one of those this dialogue's form offers (``organizations``); none if neither. Raises InvalidInput
    for an id the form does not offer (unknown, or of another country's directory)."""
    new_name = _text(new_name, "name")
    if new_name:
        try:
            org_kind = OrganizationKind(kind)
        except ValueError:
            raise InvalidInput(_("Say what kind of organization it is."), field="org_kind")
        country = _text(country, "country")
        existing = db.session.scalar(select(Organization).where(
            func.lower(Organization.name) == new_name.lower(), Organization.country == country))
        if existing:
            return existing
        org = Organization(name=new_name, kind=org_kind, country=country)
        db.session.add(org)
        return org
    if organization_id:
        org = db.session.scalar(_offered(dialogue).where(Organization.id == organization_id)) \
            if is_id(organization_id) else None
        if org is None:
            raise InvalidInput(_("Pick an organization from this dialogue's list or add yours."),
                               field="organization_id")
        return org
    return None


def _gender(value) -> Gender | None:
    if not value:
        return None
    try:
        return Gender(value)
    except ValueError:
        raise InvalidInput(_("Unknown gender option."), field="gender")


def person_fields(dialogue: Dialogue, data: dict) -> dict:
    return {
        "group": _group(dialogue, data.get("group_id")),
        "organization": _organization(dialogue, data.get("organization_id"), data.get("org_name"), data.get("org_kind"),
                                      data.get("org_country")),
        "gender": _gender(data.get("gender")),
        "consent_listed": bool(data.get("consent_listed")),
    }


def register(dialogue: Dialogue, user: User, data: dict) -> Participant:
    """Register the user. Pending when the dialogue needs approval.

    Raises InvalidState (not open, already registered) or InvalidInput.
    """
    user = require_account(user)
    if not dialogue.is_open_for_registration:
        raise InvalidState(_("Registration for this dialogue is not open."))
    if membership(dialogue, user) is not None:
        raise InvalidState(_("You are already registered for this dialogue."))
    state = RegistrationState.PENDING if dialogue.requires_approval else RegistrationState.APPROVED
    participant = Participant(dialogue=dialogue, user=user, name=user.name, role=Role.PARTICIPANT, state=state,
                              needs=_text(data.get("needs"), "needs"), **person_fields(dialogue, data))
    db.session.add(participant)
    participant_changed(dialogue, user, participant, "participant.added")
    mail.send_registration_received(participant)
    return participant


def add_walk_in(dialogue: Dialogue, user: User, data: dict) -> Participant:
    """Register someone at the door who has no account: approved and checked in."""
    require_organizer(dialogue, user)
    if dialogue.status == DialogueStatus.CLOSED:
        raise InvalidState(_("This dialogue is closed."))
    return admit_walk_in(dialogue, user, _text(data.get("name"), "name", required=True),
                         **person_fields(dialogue, data))


def admit_walk_in(dialogue: Dialogue, user: User, name: str, **fields) -> Participant:
    """A person in the room without an account, approved and checked in, and the event that tells
    moderators' pages and the audit. Moderators may (putting someone on the list of speakers); the
    registration desk's ``add_walk_in`` asks more. The caller has checked the name. The person holds
    a room pass, without a personal code until the desk prints one (passes.desk_code)."""
    require_moderator(dialogue, user)
    participant = Participant(dialogue=dialogue, user=pass_account(dialogue, name), name=name, role=Role.PARTICIPANT,
                              state=RegistrationState.APPROVED, checked_in_at=utcnow(), **fields)
    db.session.add(participant)
    participant_changed(dialogue, user, participant, "participant.added")
    return participant


def pass_account(dialogue: Dialogue, name: str, locale: str | None = None) -> User:
    """A room pass for ``dialogue``: a user without e-mail or password (see passes.py), speaking
    ``locale`` (the language they joined in) or else the dialogue's."""
    person = User(name=name, pass_dialogue_id=dialogue.id, locale=locale if locale in LANGUAGES else dialogue.language)
    db.session.add(person)
    return person


def participant_changed(dialogue: Dialogue, user: User, participant: Participant,
                        type_: str = "participant.changed") -> None:
    """Tell moderators' pages, and the person's own open pages (a ``me`` message), that a
    registration changed."""
    db.session.flush()
    state = {"participant_id": participant.id, "state": participant.state.value, "role": participant.role.value,
             "present": participant.checked_in_at is not None}
    log.append(dialogue.id, type_, state, audience=log.MODERATORS, object_id=participant.id, actor_user_id=user.id)
    if participant.user_id is not None:
        connections.tell_after_commit(participant.user_id, {"dialogue_id": dialogue.id, **state})


def decide(dialogue: Dialogue, user: User, participant: Participant, approve: bool) -> Participant:
    """Approve or decline a registration. The creator-organizer cannot be declined by themself."""
    require_organizer(dialogue, user)
    if participant.user_id == user.id and not approve:
        raise InvalidState(_("You cannot decline your own registration."))
    state = RegistrationState.APPROVED if approve else RegistrationState.DECLINED
    if participant.state != state:
        participant.state = state
        mail.send_registration_decision(participant)
    participant_changed(dialogue, user, participant)
    if not approve and participant.user_id is not None:
        connections.close_after_commit(participant.user_id)  # their sockets were opened as a member
    return participant


def decide_many(dialogue: Dialogue, user: User, participant_ids: list[int] | None, approve: bool) -> list[Participant]:
    """Approve or decline several registrations at once (``None``: everyone waiting), all or none.

    Raises NotPermitted, NotFound (an id of another dialogue) or InvalidState (as ``decide``)."""
    require_organizer(dialogue, user)
    if participant_ids is None:
        chosen = waiting(dialogue)
    else:
        found = {p.id: p for p in db.session.scalars(select(Participant).where(
            Participant.dialogue_id == dialogue.id, Participant.id.in_(participant_ids)))}
        if set(participant_ids) - set(found):
            raise NotFound(_("This participant does not exist."))
        chosen = [found[i] for i in dict.fromkeys(participant_ids)]
    if not chosen:
        raise InvalidInput(_("Choose at least one person."))
    return [decide(dialogue, user, participant, approve) for participant in chosen]


def waiting(dialogue: Dialogue) -> list[Participant]:
    """Registrations waiting for an organizer, oldest first."""
    return list(db.session.scalars(select(Participant).where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.PENDING)
        .order_by(Participant.created_at, Participant.id)))


def waiting_count(dialogue: Dialogue) -> int:
    return db.session.scalar(select(func.count()).where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.PENDING))


def set_role(dialogue: Dialogue, user: User, participant: Participant, role: str) -> Participant:
    """Name a moderator, organizer, participant or observer. Raises InvalidState for a last organizer."""
    require_organizer(dialogue, user)
    try:
        new_role = Role(role)
    except ValueError:
        raise InvalidInput(_("Unknown role."))
    if (participant.user is None or participant.user.is_pass) and new_role in (Role.ORGANIZER, Role.MODERATOR):
        raise InvalidState(_("Someone without an account cannot moderate."))
    if participant.role == Role.ORGANIZER and new_role != Role.ORGANIZER:
        organizers = db.session.scalar(select(func.count()).where(
            Participant.dialogue_id == dialogue.id, Participant.role == Role.ORGANIZER))
        if organizers <= 1:
            raise InvalidState(_("A dialogue needs at least one organizer."))
    could_moderate, could_contribute = participant.can_moderate, participant.can_contribute
    participant.role = new_role
    participant_changed(dialogue, user, participant)
    _close_if_rights_lost(participant, could_moderate, could_contribute)
    return participant


def _close_if_rights_lost(participant: Participant, could_moderate: bool, could_contribute: bool) -> None:
    """Someone who lost rights must not keep a connection that joined with them (the moderators'
    room): their live connections close after commit, and a reconnection joins with today's rights."""
    lost = (could_moderate and not participant.can_moderate) or (could_contribute and not participant.can_contribute)
    if lost and participant.user_id is not None:
        connections.close_after_commit(participant.user_id)


def check_in(dialogue: Dialogue, user: User, participant: Participant, present: bool) -> Participant:
    require_organizer(dialogue, user)
    if present and participant.state != RegistrationState.APPROVED:
        raise InvalidState(_("Approve the registration before checking the person in."))
    participant.checked_in_at = utcnow() if present else None
    participant_changed(dialogue, user, participant)
    return participant


# --- participant lists ----------------------------------------------------------

def participant_overview(dialogue: Dialogue, user: User, filters: dict) -> dict:
    """The full list with the figures donors ask for. Organizers and moderators only."""
    require_moderator(dialogue, user)
    waiting_first = case((Participant.state == RegistrationState.PENDING, 0), else_=1)
    query = (select(Participant).where(Participant.dialogue_id == dialogue.id)
             .options(selectinload(Participant.user), selectinload(Participant.organization),
                      selectinload(Participant.group))
             .order_by(waiting_first, Participant.name))
    if filters.get("group"):
        query = query.where(Participant.group_id == filters["group"])
    if filters.get("state") in {s.value for s in RegistrationState}:
        query = query.where(Participant.state == RegistrationState(filters["state"]))
    if filters.get("attendance") == "present":
        query = query.where(Participant.checked_in_at.is_not(None))
    elif filters.get("attendance") == "absent":
        query = query.where(Participant.checked_in_at.is_(None))
    approved = (Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED)
    by_group = dict(db.session.execute(
        select(Participant.group_id, func.count()).where(*approved).group_by(Participant.group_id)).all())
    by_gender = dict(db.session.execute(
        select(Participant.gender, func.count()).where(*approved).group_by(Participant.gender)).all())
    org_kinds = dict(db.session.execute(
        select(Organization.kind, func.count(func.distinct(Organization.id)))
        .join(Participant, Participant.organization_id == Organization.id).where(*approved)
        .group_by(Organization.kind)).all())
    return {
        "participants": list(db.session.scalars(query)),
        "total": sum(by_group.values()),
        "attended": db.session.scalar(select(func.count()).where(*approved, Participant.checked_in_at.is_not(None))),
        "pending": waiting_count(dialogue),
        "by_group": [(g, by_group.get(g.id, 0)) for g in dialogue.groups],
        # Small cells could single a person out: shown as "fewer than N" (None here).
        "by_gender": suppress_small_cells(
            [(g, by_gender.get(g, 0)) for g in Gender] + [(None, by_gender.get(None, 0))]),
        "gender_min_cell": min_cell(),
        "by_org_kind": [(k, org_kinds.get(k, 0)) for k in OrganizationKind if org_kinds.get(k)],
    }


def groups_taking_part(dialogue: Dialogue) -> tuple[list[StakeholderGroup], list[StakeholderGroup]]:
    """The dialogue's stakeholder groups in order, split in two: the groups that took part (at least one
    approved person who may take a position: an observer may not), which are the consensus matrix's
    columns on the recommendation pages and in the outcome document, and the groups without
    participants (nobody registered, or observers only), which fold into one note under the matrix."""
    registered = set(db.session.scalars(select(Participant.group_id).distinct().where(
        Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED,
        Participant.role != Role.OBSERVER)))
    return ([g for g in dialogue.groups if g.id in registered],
            [g for g in dialogue.groups if g.id not in registered])


def public_participants(dialogue: Dialogue) -> list[Participant]:
    """Approved people who consented to be named: name and organization only."""
    return list(db.session.scalars(
        select(Participant).where(Participant.dialogue_id == dialogue.id,
                                  Participant.state == RegistrationState.APPROVED,
                                  Participant.consent_listed.is_(True))
        .order_by(Participant.name)))
