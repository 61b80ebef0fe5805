"""Demo recommendations for the demo dialogues, with stances so the matrix shows every verdict.

Expected verdicts, in both (La Paz / Ouagadougou): financing / due diligence — joint; one-stop window /
traceability — contested (government opposes); safety — too few stances from government; mercury —
adopted, with follow-up; women miners — draft. The script of each is data (``demo.toml``).
"""
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from ..accounts.services import find_user_by_email
from ..agenda.models import AgendaItem
from ..comments.models import Comment
from ..extensions import db
from ..roundtable.models import Dialogue
from ..roundtable.services import membership
from . import services


@dataclass(frozen=True)
class Script:
    """What happens to one demo dialogue's recommendations (e-mails are the demo accounts')."""

    moderator: str
    organizer: str
    drafter: str  # proposes the last one, left as a draft
    # (title, text, actors, status, stances {e-mail: (kind, note)})
    recommendations: list[tuple]
    added_line: str  # the moderator's revision of the first one adds this line…
    added_actor: str  # …and this actor
    amendments: list[tuple[str, int, str, str]]  # (e-mail, recommendation index, text, reason)
    representative: str  # designated for their organization; endorses the first one
    endorsement: str
    responsible: str  # the follow-up of the adopted one
    progress_note: str


def _script(data: dict) -> Script:
    """One dialogue language's table of demo.toml."""
    return Script(**{
        **data, "recommendations": [(r["title"], r["body"], r["actors"], r["status"],
                                     {email: tuple(stance) for email, stance in r.get("stances", {}).items()})
                                    for r in data["recommendations"]],
        "amendments": [(a["by"], a["recommendation"], a["body"], a["reason"]) for a in data["amendments"]]})


SCRIPTS = {language: _script(data)
           for language, data in tomllib.loads((Path(__file__).parent / "demo.toml").read_text("utf-8")).items()}


def _discussion(dialogue: Dialogue) -> list[tuple[int, list[int]]]:
    """(agenda item id, its first comments' ids) for the demo agenda's substantive items, in order."""
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id)
                               .order_by(AgendaItem.position)).all()[1:6]
    return [(item.id, db.session.scalars(select(Comment.id).where(Comment.item_id == item.id, Comment.parent_id.is_(None))
                                         .order_by(Comment.id).limit(2)).all()) for item in items]


def seed(dialogue: Dialogue) -> None:
    """Propose, discuss and decide the demo recommendations through the services (events included).

    Each comes from one demo agenda item and cites that item's first comments, where they exist.
    """
    script = SCRIPTS[dialogue.language]
    user = find_user_by_email
    moderator = user(script.moderator)
    dialogue.participants_may_propose = True
    made = []
    origins = _discussion(dialogue)
    for n, (title, body, actors, status, stances) in enumerate(script.recommendations):
        proposer = user(script.drafter) if status == "draft" else moderator
        item_id, source_ids = origins[n] if n < len(origins) else (None, [])
        rec = services.propose(dialogue, proposer, {"title": title, "body": body, "actors": actors, "item_id": item_id,
                                                    "source_ids": source_ids})
        if status != "draft":
            services.set_status(dialogue, moderator, rec, "discussion")
        for email, (kind, note) in stances.items():
            services.set_stance(dialogue, user(email), rec, kind, note)
        if status == "adopted":
            services.set_status(dialogue, moderator, rec, "adopted")
            services.set_follow_up(dialogue, moderator, rec, {
                "responsible_actor": script.responsible, "due_date": date.today() + timedelta(days=120),
                "status": "in_progress"})
            services.add_progress_note(dialogue, moderator, rec, {
                "on": date.today(), "body": script.progress_note})
        made.append(rec)
    first = made[0]
    services.edit(dialogue, moderator, first, {
        "title": first.title, "body": first.body + "\n" + script.added_line,
        "actors": first.actors + [script.added_actor], "base_revision_id": services.latest_revision(first).id})
    for email, index, body, reason in script.amendments:
        services.propose_amendment(dialogue, user(email), made[index], {"body": body, "reason": reason})
    representative = user(script.representative)
    services.designate_representative(dialogue, user(script.organizer), membership(dialogue, representative))
    services.endorse(dialogue, representative, first, True, script.endorsement)
