from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import InvalidInput, RateLimited
from ..extensions import db
from ..realtime import connections
from ..security.limits import per_account, per_address
from ..web import attach_error, safe_next, status_for
from . import services
from .forms import LanguageForm, LoginForm, SignupForm

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.route("/signup", methods=["GET", "POST"])
@per_address("RATELIMIT_SIGNUP")
def signup():
    form = SignupForm(locale=str(get_locale()))  # the language the page is read in
    if form.validate_on_submit():
        try:
            user = services.create_account(form.name.data, form.email.data, form.password.data, form.locale.data)
        except InvalidInput as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            login_user(user)
            session["lang"] = user.locale
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(safe_next(url_for("roundtable.my_dialogues")))
    return render_template("accounts/signup.html", form=form), status_for(form)


def _login_email() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@per_address("RATELIMIT_LOGIN")
@per_account("RATELIMIT_LOGIN_ACCOUNT", _login_email)
def login():
    form = LoginForm()
    status = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except InvalidInput as exc:
            db.session.commit()  # keep the failure on record: it makes the next attempts wait
            form.form_errors.append(exc.message)
        except RateLimited as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            session["lang"] = user.locale
            return redirect(safe_next(url_for("roundtable.my_dialogues")))
    return render_template("accounts/login.html", form=form), status or status_for(form)


@bp.post("/logout")
@login_required
def logout():
    user_id = current_user.id
    logout_user()
    connections.close_user_connections(user_id)  # sockets keep the session they were opened with
    flash(_("You are signed out."), "info")
    return redirect(url_for("roundtable.index"))


@bp.post("/language")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            services.set_locale(current_user, form.lang.data)
            db.session.commit()
    return redirect(safe_next(url_for("roundtable.index")))
