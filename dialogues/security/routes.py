"""Pages of the security area: a dialogue's audit log, a person's data download and account deletion."""
import json

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..roundtable import services as roundtable
from ..web import go, submit
from . import audit, privacy
from .forms import DeleteAccountForm

bp = Blueprint("security", __name__)


@bp.get("/d/<int:dialogue_id>/audit")
@login_required
def audit_log(dialogue_id: int):
    dialogue = roundtable.get_visible_dialogue(dialogue_id, current_user)
    page = audit.audit_page(dialogue, current_user, type_=request.args.get("type"),
                            page=request.args.get("page", 1, type=int))
    return render_template("security/audit.html", dialogue=dialogue, audit=page)


@bp.get("/me/data")
@login_required
def my_data():
    body = json.dumps(privacy.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="gold-dialogues-my-data.json"',
                             "Cache-Control": "no-store"})


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if current_user.is_pass:  # a room pass has no password: its personal code proves it is theirs
        form.password.label.text = _("Your personal code")
    return submit(form, lambda: privacy.delete_account(current_user, form.password.data),
                  done=lambda _deleted: _deleted_and_signed_out(),
                  again=lambda: render_template("security/delete_account.html", form=form))


def _deleted_and_signed_out():
    logout_user()
    return go(url_for("roundtable.index"),
              _("Your account was deleted. What you said in dialogues stays, as a former participant."), "info")
