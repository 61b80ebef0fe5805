"""The recommendations section: adopted first, each with its stance by group (reusing the consensus of
recommendations.consensus), reservations and objections (named only with consent), accepted and rejected
amendments, organizational endorsements, the comments it came from, and its follow-up with progress notes."""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..comments.models import Comment
from ..extensions import db
from ..recommendations.consensus import VERDICT_LABELS
from ..recommendations.models import (Amendment, AmendmentState, Endorsement, ProgressNote, Recommendation,
                                      RecommendationSource, RecommendationStatus, StanceKind)
from ..recommendations.services import Matrix, stance_listing
from ..recommendations.text import render_markdown
from ..roundtable.models import Dialogue, Participant
from . import labels
from .matrix_section import position
from .options import ExportOptions
from .sections import comment_rows, display_name

S = RecommendationStatus
ORDER = [S.ADOPTED, S.DISCUSSION, S.NOT_ADOPTED, S.DRAFT, S.WITHDRAWN]
OBJECTIONS = (StanceKind.RESERVATIONS, StanceKind.OPPOSE)
KINDS = (StanceKind.SUPPORT, StanceKind.RESERVATIONS, StanceKind.OPPOSE, StanceKind.ABSTAIN)
DECIDED = (AmendmentState.ACCEPTED, AmendmentState.REJECTED)


def build(dialogue: Dialogue, options: ExportOptions, matrix: Matrix) -> list[dict]:
    """The recommendations the options include, numbered, each with the stances of the groups that took part."""
    rows = [(r, c) for r, c in matrix.rows if not options.adopted_only or r.status == S.ADOPTED]
    rows.sort(key=lambda row: (ORDER.index(row[0].status), row[0].id))
    groups = matrix.groups
    objections = defaultdict(list)
    for view in stance_listing(dialogue, kinds=OBJECTIONS):
        objections[view.recommendation_id].append(
            {"who": view.who, "group": view.group, "kind": view.kind.value, "kind_label": view.kind.label,
             "note": view.note, "named": view.named})
    sources = _sources(dialogue) if options.comments else {}
    amendments, endorsements, notes = _amendments(dialogue), _endorsements(dialogue), _progress_notes(dialogue)
    return [{**_recommendation(n, r, c, groups, objections[r.id], sources.get(r.id, [])),
             "amendments": amendments[r.id], "endorsements": endorsements[r.id],
             "follow_up": _follow_up(r, notes[r.id])}
            for n, (r, c) in enumerate(rows, start=1)]


def _of_dialogue(model, dialogue: Dialogue):
    return (select(model).join(Recommendation, Recommendation.id == model.recommendation_id)
            .where(Recommendation.dialogue_id == dialogue.id))


def _sources(dialogue: Dialogue) -> dict[int, list[dict]]:
    """Recommendation id → its visible source comments (two queries for the whole dialogue)."""
    links = db.session.execute(
        select(RecommendationSource.recommendation_id, RecommendationSource.comment_id)
        .join(Recommendation, Recommendation.id == RecommendationSource.recommendation_id)
        .where(Recommendation.dialogue_id == dialogue.id)).all()
    visible = comment_rows(select(Comment).where(Comment.id.in_({c for _r, c in links})))
    comments = {row["id"]: row for row in visible}
    result = defaultdict(list)
    for recommendation_id, comment_id in sorted(links):
        if comment_id in comments:
            result[recommendation_id].append(comments[comment_id])
    return result


def _amendments(dialogue: Dialogue) -> dict[int, list[dict]]:
    """Accepted and rejected amendments with the proposer's reason and the decision's (no names)."""
    result = defaultdict(list)
    for a in db.session.scalars(_of_dialogue(Amendment, dialogue).where(Amendment.state.in_(DECIDED))
                                .order_by(Amendment.id)):
        result[a.recommendation_id].append({"body": a.body, "reason": a.reason, "state": a.state.value,
                                            "state_label": a.state.label, "decision_reason": a.decision_reason,
                                            "decided_at": a.decided_at})
    return result


def _endorsements(dialogue: Dialogue) -> dict[int, list[dict]]:
    result = defaultdict(list)
    reps = db.session.scalars(_of_dialogue(Endorsement, dialogue).order_by(Endorsement.id)
                              .options(selectinload(Endorsement.organization)))
    endorsements = list(reps)
    people = {p.id: p for p in db.session.scalars(
        select(Participant).where(Participant.id.in_({e.representative_id for e in endorsements}))
        .options(selectinload(Participant.group)))}
    for e in endorsements:
        result[e.recommendation_id].append({
            "organization": e.organization.name, "representative": display_name(people.get(e.representative_id)),
            "statement": e.statement, "endorsed_at": e.created_at})
    return result


def _progress_notes(dialogue: Dialogue) -> dict[int, list[dict]]:
    result = defaultdict(list)
    for note in db.session.scalars(_of_dialogue(ProgressNote, dialogue).order_by(ProgressNote.on, ProgressNote.id)):
        result[note.recommendation_id].append({"on": note.on, "body": note.body})
    return result


def _recommendation(number: int, r: Recommendation, consensus, groups, objections: list, sources: list) -> dict:
    cells = []
    for group in groups:
        counts = consensus.cells[group.id]
        cells.append({"group": group.name, **{k.value: getattr(counts, k.value) for k in KINDS},
                      "stances": counts.stances, "position": position(counts),
                      "support_pct": round(100 * counts.supports / counts.stances) if counts.stances else None})
    return {
        "number": number, "id": r.id, "title": r.title, "body": r.body, "body_html": str(render_markdown(r.body)),
        "status": r.status.value, "status_label": r.status.label, "actors": list(r.actors or []),
        "consensus": {"verdict": consensus.verdict, "verdict_label": str(VERDICT_LABELS[consensus.verdict]),
                      "score": None if consensus.score is None else round(consensus.score, 2), "groups": cells},
        "objections": objections,
        "sources": sources,
    }


def _follow_up(r: Recommendation, notes: list[dict]) -> dict | None:
    if r.status != S.ADOPTED or not (r.responsible_actor or r.due_date or r.follow_up_status or notes):
        return None
    return {"responsible_actor": r.responsible_actor, "due_date": r.due_date,
            "status_label": r.follow_up_status.label if r.follow_up_status else "", "notes": notes}


def recommendations_table(recommendations: list[dict]) -> tuple[list[str], list[list]]:
    """The CSV table of recommendations, its header in the export's language."""
    header = [_("Number"), _("Identifier"), _("Title"), _("Status"), _("Addressed to"), _("Consensus"),
              _("Joint support"), *labels.stance_headers(), _("Amendments accepted"), _("Amendments rejected"),
              _("Endorsed by"), _("Responsible actor"), _("Due date"), _("Follow-up"), _("Progress notes")]
    rows = []
    for r in recommendations:
        totals = [sum(cell[k.value] for cell in r["consensus"]["groups"]) for k in KINDS]
        follow = r["follow_up"] or {}
        decided = [a["state"] for a in r["amendments"]]
        rows.append([r["number"], r["id"], r["title"], r["status_label"], "; ".join(r["actors"]),
                     r["consensus"]["verdict_label"], r["consensus"]["score"], *totals,
                     decided.count(AmendmentState.ACCEPTED.value), decided.count(AmendmentState.REJECTED.value),
                     "; ".join(e["organization"] for e in r["endorsements"]),
                     follow.get("responsible_actor"), follow.get("due_date"), follow.get("status_label"),
                     " | ".join(f'{n["on"].isoformat()}: {n["body"]}' for n in follow.get("notes", []))])
    return header, rows


def stances_table(dialogue: Dialogue) -> tuple[list[str], list[list]]:
    """One row per stance; the person is named only with their consent (see ``stance_listing``)."""
    return ([_("Recommendation identifier"), _("Who"), _("Stakeholder group"), _("Stance"), _("Note")],
            [[v.recommendation_id, v.who, v.group, v.kind.label, v.note] for v in stance_listing(dialogue)])
