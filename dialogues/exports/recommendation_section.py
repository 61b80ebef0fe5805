"""The recommendations section: adopted first, each with its consensus per group, the reservations
and objections (named only with consent), the comments it came from, and its follow-up."""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from ..comments.models import Comment
from ..extensions import db
from ..recommendations.consensus import VERDICT_LABELS
from ..recommendations.models import Recommendation, RecommendationSource, RecommendationStatus, StanceKind
from ..recommendations.services import consensus_for_dialogue, stance_listing
from ..recommendations.text import render_markdown
from ..roundtable.models import Dialogue
from . import labels
from .options import ExportOptions
from . import sections  # (module import: sections imports this module too)

S = RecommendationStatus
ORDER = [S.ADOPTED, S.DISCUSSION, S.NOT_ADOPTED, S.DRAFT, S.WITHDRAWN]
OBJECTIONS = (StanceKind.RESERVATIONS, StanceKind.OPPOSE)
KINDS = (StanceKind.SUPPORT, StanceKind.RESERVATIONS, StanceKind.OPPOSE, StanceKind.ABSTAIN)


def build(dialogue: Dialogue, options: ExportOptions) -> list[dict]:
    matrix = consensus_for_dialogue(dialogue)
    rows = [(r, c) for r, c in matrix.rows if not options.adopted_only or r.status == S.ADOPTED]
    rows.sort(key=lambda row: (ORDER.index(row[0].status), row[0].id))
    objections = defaultdict(list)
    for view in stance_listing(dialogue, kinds=OBJECTIONS):
        objections[view.recommendation_id].append(
            {"who": view.who, "group": view.group, "kind": view.kind.value, "kind_label": view.kind.label,
             "note": view.note})
    sources = _sources(dialogue) if options.comments else {}
    return [_recommendation(n, r, c, matrix.groups, objections[r.id], sources.get(r.id, []))
            for n, (r, c) in enumerate(rows, start=1)]


def _sources(dialogue: Dialogue) -> dict[int, list[dict]]:
    """Recommendation id → its visible source comments (two queries for the whole dialogue)."""
    links = db.session.execute(
        select(RecommendationSource.recommendation_id, RecommendationSource.comment_id)
        .join(Recommendation, Recommendation.id == RecommendationSource.recommendation_id)
        .where(Recommendation.dialogue_id == dialogue.id)).all()
    visible = sections.comment_rows(select(Comment).where(Comment.id.in_({c for _r, c in links})))
    comments = {row["id"]: row for row in visible}
    result = defaultdict(list)
    for recommendation_id, comment_id in sorted(links):
        if comment_id in comments:
            result[recommendation_id].append(comments[comment_id])
    return result


def _recommendation(number: int, r: Recommendation, consensus, groups, objections: list, sources: list) -> dict:
    cells = []
    for group in groups:
        counts = consensus.cells[group.id]
        cells.append({"group": group.name, **{k.value: getattr(counts, k.value) for k in KINDS},
                      "stances": counts.stances,
                      "support_pct": round(100 * counts.supports / counts.stances) if counts.stances else None})
    return {
        "number": number, "id": r.id, "title": r.title, "body": r.body, "body_html": str(render_markdown(r.body)),
        "status": r.status.value, "status_label": r.status.label, "actors": list(r.actors or []),
        "consensus": {"verdict": consensus.verdict, "verdict_label": str(VERDICT_LABELS[consensus.verdict]),
                      "score": None if consensus.score is None else round(consensus.score, 2), "groups": cells},
        "objections": objections,
        "sources": sources,
        "follow_up": _follow_up(r),
    }


def _follow_up(r: Recommendation) -> dict | None:
    if r.status != S.ADOPTED or not (r.responsible_actor or r.due_date or r.follow_up_status):
        return None
    return {"responsible_actor": r.responsible_actor, "due_date": r.due_date,
            "status_label": r.follow_up_status.label if r.follow_up_status else ""}


def recommendations_table(dialogue: Dialogue, options: ExportOptions) -> tuple[list[str], list[list]]:
    header = [_("Number"), _("Identifier"), _("Title"), _("Status"), _("Addressed to"), _("Consensus"),
              _("Joint support"), *labels.stance_headers(), _("Responsible actor"), _("Due date"), _("Follow-up")]
    rows = []
    for r in build(dialogue, options):
        totals = [sum(cell[k.value] for cell in r["consensus"]["groups"]) for k in KINDS]
        follow = r["follow_up"] or {}
        rows.append([r["number"], r["id"], r["title"], r["status_label"], "; ".join(r["actors"]),
                     r["consensus"]["verdict_label"], r["consensus"]["score"], *totals,
                     follow.get("responsible_actor"), follow.get("due_date"), follow.get("status_label")])
    return header, rows


def stances_table(dialogue: Dialogue) -> tuple[list[str], list[list]]:
    """One row per stance; the person is named only with their consent (see ``stance_listing``)."""
    return ([_("Recommendation identifier"), _("Who"), _("Stakeholder group"), _("Stance"), _("Note")],
            [[v.recommendation_id, v.who, v.group, v.kind.label, v.note] for v in stance_listing(dialogue)])
