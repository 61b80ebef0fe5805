from flask import Blueprint, flash, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import InvalidInput
from ..security.limits import per_account, per_address
from ..web import ActionForm, button, go, safe_next, submit
from . import services
from .forms import ForgotPasswordForm, LanguageForm, LoginForm, ResetPasswordForm, SignupForm

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.route("/signup", methods=["GET", "POST"])
@per_address("RATELIMIT_SIGNUP")
def signup():
    form = SignupForm(locale=str(get_locale()))  # the language the page is read in
    return submit(form, lambda: services.create_account(form.name.data, form.email.data, form.password.data,
                                                        form.locale.data),
                  done=lambda user: _signed_in(user, _("Welcome, %(name)s. Your account is ready.", name=user.name)),
                  again=lambda: render_template("accounts/signup.html", form=form))


def _signed_in(user, message: str | None = None, remember: bool = False):
    login_user(user, remember=remember)
    session["lang"] = user.locale
    return go(safe_next(url_for("roundtable.my_dialogues")), message)


def _login_email() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@per_address("RATELIMIT_LOGIN")
@per_account("RATELIMIT_LOGIN_ACCOUNT", _login_email)
def login():
    form = LoginForm()
    return submit(form, lambda: services.authenticate(form.email.data, form.password.data, request.remote_addr),
                  done=lambda user: _signed_in(user, remember=form.remember.data),
                  again=lambda: render_template("accounts/login.html", form=form))


@bp.route("/password/forgot", methods=["GET", "POST"])
@per_address("RATELIMIT_PASSWORD_RESET")
@per_account("RATELIMIT_PASSWORD_RESET_ACCOUNT", _login_email)
def forgot_password():
    form = ForgotPasswordForm()
    return submit(form, lambda: services.request_password_reset(form.email.data),
                  done=lambda _sent: go(url_for(".forgot_password"), _(
                      "If an account uses %(email)s, we sent it a link to choose a new password. "
                      "Look in your mail (and its spam folder).", email=form.email.data), "info"),
                  again=lambda: render_template("accounts/forgot_password.html", form=form))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        services.user_for_reset_token(token)
    except InvalidInput as exc:
        flash(exc.message, "error")
        return render_template("accounts/forgot_password.html", form=ForgotPasswordForm(formdata=None)), 400
    return submit(form, lambda: services.reset_password(token, form.password.data),
                  done=lambda user: _signed_in(user, _("Your new password is saved. You are signed in.")),
                  again=lambda: render_template("accounts/reset_password.html", form=form))


@bp.post("/logout")
@login_required
def logout():
    user = current_user._get_current_object()
    logout_user()
    # copies of the cookies, other devices, open sockets: all signed out
    return button(ActionForm(), lambda: services.revoke_sessions(user), back_to=url_for("roundtable.index"),
                  leave=True, message=_("You are signed out on every device."))


@bp.post("/language")
def language():
    form = LanguageForm()
    answer = button(form, lambda: services.set_locale(current_user, form.lang.data)
                    if current_user.is_authenticated else None, back_to=url_for("roundtable.index"))
    session["lang"] = form.lang.data  # valid: button refuses an invalid form
    return answer
