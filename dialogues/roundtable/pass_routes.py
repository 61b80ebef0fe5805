"""Pages of the room pass: a dialogue's join page, continuing with a personal code, the pass
holder's own page, and the registration desk's codes and revocations."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..rows import load
from ..security.limits import per_address
from ..web import ActionForm, button, go, submit
from . import passes, services
from .forms import CodeForm, PassForm
from .models import Participant

bp = Blueprint("passes", __name__)


def _join_page(dialogue, form: PassForm, code_form: CodeForm) -> str:
    return render_template("roundtable/join_dialogue.html", dialogue=dialogue, form=form, code_form=code_form,
                           cover=passes.hosts(dialogue), groups=passes.organizations_by_group(dialogue),
                           entry=passes.entry_state(dialogue))


def _code_page(dialogue, participant, code: str, **context) -> str:
    return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant, code=code,
                           qr=passes.code_qr(dialogue, code), **context)


@bp.route("/d/<int:dialogue_id>/join", methods=["GET", "POST"])
@per_address("RATELIMIT_PASS")
def join(dialogue_id: int):
    """The page the join link and QR code open. An account goes to its registration form, this
    dialogue's pass holder to the dialogue; anyone else may join with a name or a personal code."""
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    if current_user.is_authenticated and not current_user.is_pass:
        return redirect(url_for("roundtable.register", dialogue_id=dialogue.id))
    if current_user.is_authenticated and current_user.pass_dialogue_id == dialogue.id:
        return redirect(url_for("roundtable.show", dialogue_id=dialogue.id))
    form = PassForm()
    form.fill_choices(dialogue)
    code_form = CodeForm(formdata=None, code=request.args.get("code", "")[:20])
    return submit(form, lambda: passes.join(dialogue, form.data, str(get_locale())),
                  done=lambda joined: _joined(dialogue, *joined),
                  again=lambda: _join_page(dialogue, form, code_form))


def _joined(dialogue, participant, code: str) -> str:
    login_user(participant.user, remember=True)  # the phone keeps the pass (a signed remember cookie)
    return _code_page(dialogue, participant, code, welcome=True)


@bp.post("/d/<int:dialogue_id>/join/code")
@per_address("RATELIMIT_PASS_CODE")
def continue_with_code(dialogue_id: int):
    """Another device of a pass holder: their personal code signs them in, in this dialogue only."""
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    code_form = CodeForm()
    form = PassForm(formdata=None)
    form.fill_choices(dialogue)
    return submit(code_form, lambda: passes.holder(dialogue, code_form.code.data),
                  done=lambda user: _welcome_back(dialogue, user),
                  again=lambda: _join_page(dialogue, form, code_form))


def _welcome_back(dialogue, user):
    login_user(user, remember=True)
    return go(url_for("roundtable.show", dialogue_id=dialogue.id), _("Welcome back, %(name)s.", name=user.name))


@bp.get("/d/<int:dialogue_id>/pass")
@login_required
def my_pass(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    participant = passes.own_pass(dialogue, current_user)
    return render_template("roundtable/pass.html", dialogue=dialogue, participant=participant,
                           action_form=ActionForm())


@bp.post("/d/<int:dialogue_id>/pass/code")
@login_required
def new_code(dialogue_id: int):
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    return _issue(ActionForm(), lambda: passes.new_code(dialogue, current_user), dialogue,
                  lambda: services.membership(dialogue, current_user))


def _issue(form, change, dialogue, participant, **context):
    """A new personal code is shown on its own page, once (it is stored only as a digest)."""
    return submit(form, change, done=lambda code: _code_page(dialogue, participant(), code, **context),
                  again=lambda: go(url_for("roundtable.show", dialogue_id=dialogue.id)))


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/pass-code")
@login_required
def desk_code(dialogue_id: int, participant_id: int):
    """The registration desk shows or prints a pass holder's new code (the old one stops working)."""
    dialogue = services.get_dialogue(dialogue_id, current_user)
    participant = load(Participant, participant_id, dialogue)
    return _issue(ActionForm(), lambda: passes.desk_code(dialogue, current_user, participant), dialogue,
                  lambda: participant, at_desk=True)


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/revoke-pass")
@login_required
def revoke(dialogue_id: int, participant_id: int):
    dialogue = services.get_dialogue(dialogue_id, current_user)
    participant = load(Participant, participant_id, dialogue)
    return button(ActionForm(), lambda: passes.revoke(dialogue, current_user, participant),
                  back_to=url_for("roundtable.participants", dialogue_id=dialogue.id),
                  message=_("The room pass of %(name)s no longer works on any device.", name=participant.name))
