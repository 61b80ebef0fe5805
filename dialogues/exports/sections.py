"""The document's cover, participation figures, agenda and participant annex, and the privacy rules for
people (see exports.document for the whole).

Privacy rules live here and nowhere else: figures by gender are aggregate only; a person is named only
if they consented to be listed; anonymous comments carry no author; hidden comments are left out.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem
from ..comments.models import Comment
from ..extensions import db
from ..roundtable.models import (Dialogue, Gender, Organization, OrganizationKind, Participant,
                                 RegistrationState, Role)
from ..figures import min_cell, suppress_small_cells


def _approved(dialogue: Dialogue) -> tuple:
    return Participant.dialogue_id == dialogue.id, Participant.state == RegistrationState.APPROVED


def cover(dialogue: Dialogue) -> dict:
    """Title, place, dates, and the organizations that organized and funded the dialogue."""
    rows = db.session.execute(
        select(Organization.name, Organization.kind, Participant.role).distinct()
        .join(Participant, Participant.organization_id == Organization.id)
        .where(*_approved(dialogue), (Participant.role == Role.ORGANIZER) | (Organization.kind == OrganizationKind.DONOR)))
    organizers, funders = set(), set()
    for name, kind, role in rows:
        if role == Role.ORGANIZER:
            organizers.add(name)
        if kind == OrganizationKind.DONOR:
            funders.add(name)
    return {
        "id": dialogue.id, "title": dialogue.title, "description": dialogue.description,
        "venue": dialogue.venue, "region": dialogue.region, "country": dialogue.country,
        "starts_at": dialogue.starts_at, "ends_at": dialogue.ends_at, "timezone": dialogue.timezone,
        "status": dialogue.status.value, "status_label": dialogue.status.label,
        "organizers": sorted(organizers),
        "funders": sorted(funders),
        # The document's author in its metadata: the organizing organizations.
        "author": "; ".join(sorted(organizers)) or _("The organizers of the dialogue"),
    }


def figures(dialogue: Dialogue) -> dict:
    """Approved participants and attendance by stakeholder group and by gender: counts only, and
    gender counts below GENDER_MIN_CELL shown as None ("fewer than N") so nobody is singled out."""
    attended = func.sum(case((Participant.checked_in_at.is_not(None), 1), else_=0))

    def grouped(column) -> dict:
        rows = db.session.execute(select(column, func.count(), attended).where(*_approved(dialogue)).group_by(column))
        return {key: (n, int(present or 0)) for key, n, present in rows}

    by_group, by_gender = grouped(Participant.group_id), grouped(Participant.gender)
    groups = [(g.id, g.name, by_group.get(g.id, (0, 0))) for g in dialogue.groups]
    if by_group.get(None):
        groups.append((None, _("No group"), by_group[None]))
    genders = [(g.label, by_gender.get(g, (0, 0))) for g in Gender] + [(_("Not stated"), by_gender.get(None, (0, 0)))]
    registered = suppress_small_cells([(name, n) for name, (n, _p) in genders])
    attended = suppress_small_cells([(name, p) for name, (_n, p) in genders])
    return {
        "registered": sum(n for n, _p in by_group.values()),
        "attended": sum(p for _n, p in by_group.values()),
        "by_group": [{"id": gid, "name": name, "registered": n, "attended": p} for gid, name, (n, p) in groups],
        "by_gender": [{"name": name, "registered": n, "attended": p} for (name, n), (_name, p) in zip(registered, attended)],
        "gender_min_cell": min_cell(),
    }


def agenda(dialogue: Dialogue) -> list[dict]:
    """Items in order, with planned times (back to back from the start) and what actually happened."""
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id)
                               .order_by(AgendaItem.position, AgendaItem.id))
    planned_start, rows = dialogue.starts_at, []
    for item in items:
        planned_end = planned_start + timedelta(minutes=item.planned_minutes)
        rows.append({
            "id": item.id, "title": item.title, "presenter": item.presenter,
            "planned_minutes": item.planned_minutes, "planned_start": planned_start, "planned_end": planned_end,
            "actual_start": item.started_at, "actual_end": item.ended_at,
            "actual_minutes": round(item.elapsed_seconds / 60) if item.started_at else None,
            "state": item.state.value, "state_label": item.state.label,
        })
        planned_start = planned_end
    return rows


def display_name(participant: Participant | None) -> str:
    """A name only with the person's consent; otherwise the group they spoke for."""
    if participant is None:
        return _("Former participant")
    if participant.consent_listed:
        return participant.name
    if participant.group is not None:
        return _("A participant from %(group)s", group=participant.group.name)
    return _("A participant")


def comment_author(comment: Comment) -> str:
    if comment.is_anonymous:
        if comment.show_group and comment.group is not None:
            return _("Anonymous, from %(group)s", group=comment.group.name)
        return _("Anonymous")
    return display_name(comment.author)


def comment_rows(query) -> list[dict]:
    """Visible comments of ``query`` (a select of Comment) as plain rows, authors loaded in one go."""
    comments = db.session.scalars(
        query.where(Comment.hidden_at.is_(None))
        .options(selectinload(Comment.author).selectinload(Participant.group), selectinload(Comment.group))
        .order_by(Comment.id))
    return [{"id": c.id, "item_id": c.item_id, "parent_id": c.parent_id, "author": comment_author(c),
             "anonymous": c.is_anonymous, "body": c.body, "created_at": c.created_at} for c in comments]


def comments(dialogue: Dialogue) -> list[dict]:
    return comment_rows(select(Comment).where(Comment.dialogue_id == dialogue.id))


def annex(dialogue: Dialogue) -> list[dict]:
    """People who consented to be listed (name, organization, group), by stakeholder group in the
    dialogue's order, then organization, then name; people without a group or organization last."""
    people = db.session.scalars(
        select(Participant).where(*_approved(dialogue), Participant.consent_listed.is_(True))
        .options(selectinload(Participant.organization), selectinload(Participant.group)))
    order = {g.id: g.position for g in dialogue.groups}

    def key(p: Participant) -> tuple:
        organization = p.organization.name if p.organization else ""
        return (order.get(p.group_id, len(order)), organization == "", organization.casefold(), p.name.casefold())

    return [{"name": p.name, "organization": p.organization.name if p.organization else "",
             "group": p.group.name if p.group else _("No group")} for p in sorted(people, key=key)]
