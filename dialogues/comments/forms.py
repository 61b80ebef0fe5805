from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from .services import BODY_MAX, REASON_MAX


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=BODY_MAX)])
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # Chosen again for each comment: a browser must not bring back the last choice on reload or "back".
    anonymous = BooleanField(_l("Comment anonymously"), render_kw={"autocomplete": "off"})
    show_group = BooleanField(_l("Show my stakeholder group"), default=True, render_kw={"autocomplete": "off"})


class EditForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=BODY_MAX)])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Length(max=REASON_MAX)])


class ReactForm(FlaskForm):
    kind = StringField(validators=[DataRequired(), Length(max=20)])
