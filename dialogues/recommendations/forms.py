"""No-JS forms of the recommendations pages. Services re-check every rule."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import FollowUpStatus, StanceKind
from .services import LIMITS


class RecommendationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=LIMITS["title"])])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=LIMITS["body"])],
                         description=_l("Markdown: *emphasis*, **strong**, lists, > quotes and [links](https://…)."))
    item_id = SelectField(_l("Agenda item"), coerce=int, default=0)
    actors = TextAreaField(_l("Addressed to (one actor per line)"), validators=[Length(max=3000)])
    source_ids = HiddenField(validators=[Length(max=400)])
    base_revision_id = HiddenField()

    def fill_choices(self, items) -> None:
        self.item_id.choices = [(0, "—")] + [(i.id, i.title) for i in items]

    def data_for_service(self) -> dict:
        base = self.base_revision_id.data
        return {"title": self.title.data, "body": self.body.data, "item_id": self.item_id.data or None,
                "actors": self.actors.data, "source_ids": self.source_ids.data,
                "base_revision_id": int(base) if base and base.isdigit() else None}


class AmendmentForm(FlaskForm):
    body = TextAreaField(_l("Replacement text"), validators=[DataRequired(), Length(max=LIMITS["body"])])
    reason = TextAreaField(_l("Why this change?"), validators=[DataRequired(), Length(max=LIMITS["reason"])])


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason (required to reject)"), validators=[Length(max=LIMITS["reason"])])


class StanceForm(FlaskForm):
    kind = RadioField(_l("Your stance"), choices=StanceKind.choices(),
                      validators=[DataRequired()])
    note = TextAreaField(_l("Note (required with reservations or when you oppose)"),
                         validators=[Length(max=LIMITS["note"])])


class StatusForm(FlaskForm):
    status = StringField(validators=[DataRequired(), Length(max=24)])


class EndorseForm(FlaskForm):
    statement = TextAreaField(_l("Statement (optional)"), validators=[Length(max=LIMITS["statement"])])
    endorsed = HiddenField(default="1")


class FollowUpForm(FlaskForm):
    responsible_actor = StringField(_l("Responsible actor"), validators=[Length(max=LIMITS["responsible_actor"])])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=FollowUpStatus.choices())


class ProgressForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    body = TextAreaField(_l("Progress note"), validators=[DataRequired(), Length(max=LIMITS["note"])])


class RepresentativeForm(FlaskForm):
    participant_id = SelectField(_l("Representative"), coerce=int, validators=[DataRequired()])
