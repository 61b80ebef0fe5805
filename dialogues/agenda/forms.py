from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .services import LIMITS, MAX_EXTEND_MINUTES, MAX_PLANNED_MINUTES


class ItemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=LIMITS["title"])])
    presenter = StringField(_l("Presenter"), validators=[Length(max=LIMITS["presenter"])])
    planned_minutes = IntegerField(_l("Planned minutes"), default=30,
                                   validators=[DataRequired(), NumberRange(1, MAX_PLANNED_MINUTES)])
    description = TextAreaField(_l("Description"), validators=[Length(max=LIMITS["description"])])


class MoveForm(FlaskForm):
    """Up, down, or to a place counted from 1."""

    direction = HiddenField(validators=[Optional()])
    to = IntegerField(_l("Move to place"), validators=[Optional()])


class ExtendForm(FlaskForm):
    minutes = IntegerField(_l("Minutes"), default=5, validators=[DataRequired(), NumberRange(1, MAX_EXTEND_MINUTES)])


class NextForm(FlaskForm):
    """``item_id``: the item the moderator saw as current, empty when none was."""

    item_id = IntegerField(validators=[Optional()])
    waiting = RadioField(choices=[("carry", _l("Carry the list of speakers over to the next item")),
                                  ("clear", _l("Clear the list of speakers"))], validators=[Optional()])
