"""The administrators' page: who may create dialogues."""
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..web import ActionForm, button, go, submit
from . import services
from .forms import AllowCreatorForm, CreatorsSettingForm

bp = Blueprint("platform", __name__, url_prefix="/admin")


def _page(allow_form: AllowCreatorForm) -> str:
    setting = services.settings()
    return render_template("platform/admin.html", creators=services.creators(current_user), allow_form=allow_form,
                           setting_form=CreatorsSettingForm(formdata=None, everyone=setting.everyone_creates_dialogues),
                           action_form=ActionForm())


@bp.get("")
@login_required
def admin():
    services.require_admin(current_user)
    return _page(AllowCreatorForm(formdata=None))


@bp.post("/settings")
@login_required
def save_settings():
    form = CreatorsSettingForm()
    return button(form, lambda: services.set_everyone_creates(current_user, form.everyone.data),
                  back_to=url_for(".admin"), message=_("Saved."))


@bp.post("/creators")
@login_required
def allow_creator():
    services.require_admin(current_user)
    form = AllowCreatorForm()
    return submit(form, lambda: services.allow(current_user, form.email.data),
                  done=lambda account: go(url_for(".admin"),
                                          _("%(name)s may now create dialogues.", name=account.name)),
                  again=lambda: _page(form))


@bp.post("/creators/remove")
@login_required
def disallow_creator():
    form = AllowCreatorForm()
    return button(form, lambda: services.disallow(current_user, form.email.data), back_to=url_for(".admin"),
                  message=lambda account: _("%(name)s may no longer create dialogues.", name=account.name))
