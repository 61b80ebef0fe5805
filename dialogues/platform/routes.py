"""The administrators' page: who may create dialogues."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..extensions import db
from ..web import ActionForm, attach_error
from . import services
from .forms import AllowCreatorForm, CreatorsSettingForm

bp = Blueprint("platform", __name__, url_prefix="/admin")


def _page(allow_form: AllowCreatorForm, status: int = 200):
    setting = services.settings()
    return render_template("platform/admin.html", creators=services.creators(current_user), allow_form=allow_form,
                           setting_form=CreatorsSettingForm(formdata=None, everyone=setting.everyone_creates_dialogues),
                           action_form=ActionForm()), status


@bp.get("")
@login_required
def admin():
    services.require_admin(current_user)
    return _page(AllowCreatorForm(formdata=None))


@bp.post("/settings")
@login_required
def save_settings():
    form = CreatorsSettingForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    services.set_everyone_creates(current_user, form.everyone.data)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".admin"))


@bp.post("/creators")
@login_required
def allow_creator():
    services.require_admin(current_user)
    form = AllowCreatorForm()
    if form.validate_on_submit():
        try:
            account = services.allow(current_user, form.email.data)
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(name)s may now create dialogues.", name=account.name), "success")
            return redirect(url_for(".admin"))
    return _page(form, 400)


@bp.post("/creators/remove")
@login_required
def disallow_creator():
    form = AllowCreatorForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("The form expired. Reload the page and try again."))
    account = services.disallow(current_user, form.email.data)
    db.session.commit()
    flash(_("%(name)s may no longer create dialogues.", name=account.name), "success")
    return redirect(url_for(".admin"))
