"""No-JavaScript forms; with JavaScript the same fields travel as Socket.IO payloads (see facilitation.js)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ..roundtable.models import Participant
from ..rows import load, load_optional
from .models import PollKind, RequestKind, SpeakerRequest
from .polls import OPTION_LIMIT, QUESTION_LIMIT, recommendation_choices
from .speakers import MAX_SECONDS, NAME_LIMIT

KINDS = [k.value for k in RequestKind]


class RaiseHandForm(FlaskForm):
    kind = StringField(validators=[AnyOf(KINDS)], default="normal")
    rows = {}  # the fields that name a row, and the service's argument it arrives as (rows.arguments)


class RequestForm(FlaskForm):
    request_id = IntegerField(validators=[Optional(), NumberRange(min=1)])
    rows = {"request_id": ("entry", load_optional, SpeakerRequest)}


class WithdrawForm(RequestForm):
    rows = {"request_id": ("entry", load, SpeakerRequest)}  # a withdrawal names its request


class MoveForm(FlaskForm):
    request_id = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    to_index = IntegerField(validators=[Optional(), NumberRange(min=0, max=10_000)],
                            default=0)
    rows = WithdrawForm.rows


class GiveFloorForm(RequestForm):
    seconds = IntegerField(_l("Speaking time (seconds)"), validators=[Optional(), NumberRange(0, MAX_SECONDS)])


class AddSpeakerForm(FlaskForm):
    # Any id is accepted here: the service checks that it belongs to this dialogue.
    participant_id = SelectField(_l("Participant"), coerce=int, default=0, validate_choice=False)
    name = StringField(_l("Or the name of someone without an account"), validators=[Length(max=NAME_LIMIT)])
    kind = SelectField(_l("Kind"), choices=RequestKind.choices())
    rows = {"participant_id": ("person", load_optional, Participant)}


class SettingsForm(FlaskForm):
    default_seconds = IntegerField(_l("Default speaking time in seconds (0: no limit)"),
                                   validators=[Optional(), NumberRange(0, MAX_SECONDS)], default=0)
    first_timers_first = BooleanField(_l("First-time speakers first"))
    rows = {}


class PollForm(FlaskForm):
    question = StringField(_l("Question"), validators=[DataRequired(), Length(max=QUESTION_LIMIT)])
    kind = SelectField(_l("Kind of poll"), choices=PollKind.choices())
    options = TextAreaField(_l("Options, one per line (not needed for the agree–disagree scale)"),
                            validators=[Length(max=(OPTION_LIMIT + 1) * 12)])
    hide_results = BooleanField(_l("Hide the results until the poll closes"))
    open_now = BooleanField(_l("Open it now"), default=True)
    # "" for none: the page's script leaves an empty number out of the socket payload.
    recommendation_id = SelectField(_l("Recommendation it tests (optional)"), default=0,
                                    coerce=lambda value: int(value) if value not in ("", None) else 0)


def poll_form(dialogue, **fields) -> PollForm:
    """The poll form with this dialogue's recommendations to choose from, by title."""
    form = PollForm(**fields)
    form.recommendation_id.choices = [("", "—")] + recommendation_choices(dialogue)
    return form
