"""HTTP pages of joint recommendations: load or 404, call one service, commit once, render or redirect."""
from flask import Blueprint, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem
from ..extensions import db
from ..realtime import log
from ..roundtable import services as roundtable
from ..roundtable.models import Dialogue, Participant
from ..comments.models import Comment
from ..permissions import can
from ..rows import load, load_optional
from ..web import ActionForm, go, submit
from . import services
from .consensus import VERDICT_LABELS
from .forms import (AmendmentForm, DecisionForm, EndorseForm, FollowUpForm, ProgressForm, RecommendationForm,
                    RepresentativeForm, StanceForm, StatusForm)
from .models import Amendment, Recommendation, Revision, StanceKind
from .text import render_markdown, word_diff

bp = Blueprint("recommendations", __name__, url_prefix="/d/<int:dialogue_id>/recommendations")
bp.add_app_template_filter(render_markdown, "markdown")


@bp.context_processor
def figures_context() -> dict:
    """What the consensus macros need on every page of this blueprint."""
    dialogue = db.session.get(Dialogue, g.dialogue_id) if g.get("dialogue_id") else None
    return {"groups_by_id": {gr.id: gr for gr in dialogue.groups} if dialogue else {},
            "kind_labels": dict(StanceKind.choices()), "verdict_labels": VERDICT_LABELS}


def _load(dialogue_id: int, recommendation_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    return dialogue, load(Recommendation, recommendation_id, dialogue)


def _items(dialogue):
    return db.session.scalars(select(AgendaItem).where(AgendaItem.dialogue_id == dialogue.id)
                              .order_by(AgendaItem.position, AgendaItem.id))


def _to_show(dialogue, recommendation, message: str):
    return go(url_for(".show", dialogue_id=dialogue.id, recommendation_id=recommendation.id), message)


@bp.get("")
def index(dialogue_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    live_seq = log.last_seq(dialogue.id)  # read before the page's data: replay may repeat, never skip
    return render_template("recommendations/index.html", dialogue=dialogue, live_seq=live_seq,
                           matrix=services.consensus_for_dialogue(dialogue),
                           can_propose=can("propose", dialogue, current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(dialogue_id: int):
    """``?comment=<id>`` pre-fills the form from that comment ("turn this comment into a recommendation")."""
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    services.require_proposer(dialogue, current_user)
    comment = load_optional(Comment, request.args.get("comment", type=int), dialogue)
    prefill = services.draft_from_comment(dialogue, current_user, comment) if comment else None
    form = RecommendationForm(data=prefill if request.method == "GET" else None)
    form.fill_choices(_items(dialogue))
    return submit(form, lambda: services.propose(dialogue, current_user, form.data_for_service()),
                  done=lambda proposed: _to_show(dialogue, proposed, _("The recommendation was proposed.")),
                  again=lambda: render_template("recommendations/form.html", dialogue=dialogue, form=form,
                                                recommendation=None, conflict=None))


@bp.route("/<int:recommendation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int, recommendation_id: int):
    dialogue, recommendation = _load(dialogue_id, recommendation_id)
    services.require_editor(dialogue, current_user, recommendation)
    form = RecommendationForm(obj=recommendation if request.method == "GET" else None)
    form.fill_choices(_items(dialogue))
    if request.method == "GET":
        form.item_id.data = recommendation.item_id or 0
        form.actors.data = "\n".join(recommendation.actors)
        form.base_revision_id.data = services.latest_revision(recommendation).id
    return submit(form, lambda: services.edit(dialogue, current_user, recommendation, form.data_for_service()),
                  done=lambda _revision: _to_show(dialogue, recommendation,
                                                  _("Your changes were saved as a new revision.")),
                  again=lambda: _edit_form(dialogue, recommendation, form))


def _edit_form(dialogue, recommendation, form) -> str:
    """The edit form; after a RevisionConflict, both texts side by side and the newer base to save on."""
    conflict = getattr(form, "refusal", None)
    conflict = conflict if isinstance(conflict, services.RevisionConflict) else None
    if conflict is not None:
        form.base_revision_id.data = conflict.current.id
    return render_template("recommendations/form.html", dialogue=dialogue, form=form, recommendation=recommendation,
                           conflict=conflict)


def _show(dialogue, recommendation, **forms) -> str:
    live_seq = log.last_seq(dialogue.id)
    me = roundtable.membership(dialogue, current_user)
    stance = services.stance_of(recommendation, me)
    defaults = {
        "stance_form": StanceForm(data={"kind": stance.kind.value, "note": stance.note} if stance else None),
        "amendment_form": AmendmentForm(data={"body": recommendation.body}),
        "decision_form": DecisionForm(), "endorse_form": EndorseForm(),
        "follow_up_form": FollowUpForm(data={"responsible_actor": recommendation.responsible_actor,
                                              "due_date": recommendation.due_date,
                                              "status": getattr(recommendation.follow_up_status, "value", None)}),
        "progress_form": ProgressForm(), "action_form": ActionForm(),
    }
    groups, absent_groups = roundtable.groups_taking_part(dialogue)
    return render_template(
        "recommendations/show.html", dialogue=dialogue, recommendation=recommendation, live_seq=live_seq, me=me,
        figures=services.consensus_for(dialogue, recommendation), groups=groups, absent_groups=absent_groups,
        stances=services.stance_listing(dialogue, recommendation), my_stance=stance,
        sources=services.sources_of(recommendation), revisions=services.revisions_of(recommendation),
        amendments=services.amendments_of(recommendation), endorsements=services.endorsements_of(recommendation),
        representative=services.represented_by(dialogue, me), notes=services.progress_notes_of(recommendation),
        is_moderator=can("moderate", dialogue, current_user), can_contribute=can("contribute", dialogue, current_user),
        can_edit=can("edit_recommendation", dialogue, current_user, recommendation),
        statuses=services.TRANSITIONS[recommendation.status], stance_kinds=list(StanceKind),
        **{**defaults, **forms})


@bp.get("/<int:recommendation_id>")
def show(dialogue_id: int, recommendation_id: int):
    dialogue, recommendation = _load(dialogue_id, recommendation_id)
    return _show(dialogue, recommendation)


def _submit(form_name: str, form, dialogue, recommendation, action, message: str):
    """A form of the show page: ``action(form)``; on bad input the page again with the form's errors."""
    return submit(form, lambda: action(form), done=lambda _result: _to_show(dialogue, recommendation, message),
                  again=lambda: _show(dialogue, recommendation, **{form_name: form}))


def _page_form(form_name: str, form_class, change, message):
    """A form of a recommendation's page: ``change(dialogue, recommendation, form)``, one service call,
    through the door; then back to the page with ``message()``, or the page again with the form's errors."""

    def view(dialogue_id: int, recommendation_id: int):
        dialogue, recommendation = _load(dialogue_id, recommendation_id)
        form = form_class()
        return _submit(form_name, form, dialogue, recommendation, lambda f: change(dialogue, recommendation, f),
                       message())

    return login_required(view)


# The forms of a recommendation's page, /d/<id>/recommendations/<recommendation id>/<path>:
# path → (endpoint, the form's name on the page, the form, the service call, the message after it).
PAGE_FORMS = {
    "stance": ("stance", "stance_form", StanceForm, lambda d, r, f: services.set_stance(
        d, current_user, r, f.kind.data, f.note.data), lambda: _("Your stance was recorded.")),
    "amendments": ("amend", "amendment_form", AmendmentForm, lambda d, r, f: services.propose_amendment(
        d, current_user, r, f.data), lambda: _("Your amendment was proposed.")),
    "status": ("change_status", "action_form", StatusForm, lambda d, r, f: services.set_status(
        d, current_user, r, f.status.data), lambda: _("The status was changed.")),
    "close-voting": ("close_voting", "action_form", ActionForm, lambda d, r, f: services.close_voting(
        d, current_user, r), lambda: _("Voting on this recommendation is closed.")),
    "endorse": ("endorse", "endorse_form", EndorseForm, lambda d, r, f: services.endorse(
        d, current_user, r, f.endorsed.data == "1", f.statement.data), lambda: _("The endorsement was saved.")),
    "follow-up": ("follow_up", "follow_up_form", FollowUpForm, lambda d, r, f: services.set_follow_up(
        d, current_user, r, f.data), lambda: _("The follow-up was saved.")),
    "progress": ("progress", "progress_form", ProgressForm, lambda d, r, f: services.add_progress_note(
        d, current_user, r, f.data), lambda: _("The progress note was added.")),
}
for path, (endpoint, form_name, form_class, change, message) in PAGE_FORMS.items():
    bp.add_url_rule(f"/<int:recommendation_id>/{path}", endpoint, _page_form(form_name, form_class, change, message),
                    methods=["POST"])


@bp.post("/<int:recommendation_id>/amendments/<int:amendment_id>/<any(accept, reject):decision>")
@login_required
def decide(dialogue_id: int, recommendation_id: int, amendment_id: int, decision: str):
    dialogue, recommendation = _load(dialogue_id, recommendation_id)
    amendment = load(Amendment, amendment_id, recommendation)
    return _submit("decision_form", DecisionForm(), dialogue, recommendation,
                   lambda f: services.decide_amendment(dialogue, current_user, recommendation, amendment,
                                                       decision == "accept", f.reason.data),
                   _("The amendment was decided."))


@bp.get("/<int:recommendation_id>/history")
def history(dialogue_id: int, recommendation_id: int):
    """Every revision; ``?a=<id>&b=<id>`` compares two of them (default: the last two)."""
    dialogue, recommendation = _load(dialogue_id, recommendation_id)
    revisions = services.revisions_of(recommendation)
    older = load(Revision, request.args.get("a", type=int), recommendation) if "a" in request.args \
        else revisions[max(0, len(revisions) - 2)]
    newer = load(Revision, request.args.get("b", type=int), recommendation) if "b" in request.args \
        else revisions[-1]
    diff = {"title": word_diff(older.title, newer.title), "body": word_diff(older.body, newer.body),
            "actors": word_diff("\n".join(older.actors), "\n".join(newer.actors))}
    return render_template("recommendations/history.html", dialogue=dialogue, recommendation=recommendation,
                           revisions=revisions, older=older, newer=newer, diff=diff)


@bp.route("/representatives", methods=["GET", "POST"])
@login_required
def representatives(dialogue_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    roundtable.require_organizer(dialogue, current_user)
    people = db.session.scalars(select(Participant).where(Participant.dialogue_id == dialogue.id,
                                                          Participant.organization_id.is_not(None))
                                .options(selectinload(Participant.organization)).order_by(Participant.name))
    form = RepresentativeForm()
    form.participant_id.choices = [(p.id, f"{p.name} — {p.organization.name}") for p in people]
    return submit(form, lambda: services.designate_representative(
                      dialogue, current_user, load(Participant, form.participant_id.data, dialogue)),
                  done=lambda representative: go(url_for(".representatives", dialogue_id=dialogue.id), _(
                      "%(name)s now endorses for their organization.", name=representative.participant.name)),
                  again=lambda: render_template("recommendations/representatives.html", dialogue=dialogue, form=form,
                                                representatives=services.representatives_of(dialogue)))
