"""Pages of the room pass: a dialogue's join page, continuing with a personal code, the pass
holder's own page, and the registration desk's codes and revocations."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..errors import InvalidInput
from ..extensions import db
from ..security.limits import per_address
from ..web import ActionForm, attach_error, status_for
from . import passes, services
from .forms import CodeForm, PassForm
from .routes import remember_dialogue

bp = Blueprint("passes", __name__)
bp.url_value_preprocessor(remember_dialogue)


def _join_page(dialogue, form: PassForm, code_form: CodeForm):
    status = max(status_for(form), status_for(code_form))
    return render_template("roundtable/join_dialogue.html", dialogue=dialogue, form=form, code_form=code_form,
                           cover=passes.hosts(dialogue), groups=passes.organizations_by_group(dialogue),
                           entry=passes.entry_state(dialogue)), status


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
    if form.validate_on_submit():
        try:
            participant, code = passes.join(dialogue, form.data, str(get_locale()))
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            login_user(participant.user, remember=True)  # the phone keeps the pass (a signed remember cookie)
            return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant,
                                   code=code, qr=passes.code_qr(dialogue, code), welcome=True)
    return _join_page(dialogue, form, code_form)


@bp.post("/d/<int:dialogue_id>/join/code")
@per_address("RATELIMIT_PASS_CODE")
def continue_with_code(dialogue_id: int):
    """Another device of a pass holder: their personal code signs them in, in this dialogue only."""
    dialogue = services.get_visible_dialogue(dialogue_id, current_user)
    code_form = CodeForm()
    if code_form.validate_on_submit():
        try:
            user = passes.holder(dialogue, code_form.code.data)
        except InvalidInput as exc:
            attach_error(code_form, exc)
        else:
            login_user(user, remember=True)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(url_for("roundtable.show", dialogue_id=dialogue.id))
    form = PassForm(formdata=None)
    form.fill_choices(dialogue)
    return _join_page(dialogue, form, code_form)


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
    if not ActionForm().validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    code = passes.new_code(dialogue, current_user)
    db.session.commit()
    participant = services.membership(dialogue, current_user)
    return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant, code=code,
                           qr=passes.code_qr(dialogue, code))


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/pass-code")
@login_required
def desk_code(dialogue_id: int, participant_id: int):
    """The registration desk shows or prints a pass holder's new code (the old one stops working)."""
    dialogue = services.get_dialogue(dialogue_id, current_user)
    participant = services.get_participant(dialogue, participant_id)
    if not ActionForm().validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    code = passes.desk_code(dialogue, current_user, participant)
    db.session.commit()
    return render_template("roundtable/pass_code.html", dialogue=dialogue, participant=participant, code=code,
                           qr=passes.code_qr(dialogue, code), at_desk=True)


@bp.post("/d/<int:dialogue_id>/participants/<int:participant_id>/revoke-pass")
@login_required
def revoke(dialogue_id: int, participant_id: int):
    dialogue = services.get_dialogue(dialogue_id, current_user)
    participant = services.get_participant(dialogue, participant_id)
    if not ActionForm().validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    passes.revoke(dialogue, current_user, participant)
    db.session.commit()
    flash(_("The room pass of %(name)s no longer works on any device.", name=participant.name), "success")
    return redirect(url_for("roundtable.participants", dialogue_id=dialogue.id))
