from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, URLField, widgets)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..config import LANGUAGES
from .models import DEFAULT_GROUPS, Gender, OrganizationKind

TIMEZONES = ["America/La_Paz", "America/Lima", "America/Bogota", "America/Guayaquil", "America/Managua",
             "America/Mexico_City", "America/Santiago", "America/Sao_Paulo", "Africa/Ouagadougou", "Africa/Bamako",
             "Africa/Niamey", "Africa/Abidjan", "Africa/Accra", "Europe/Madrid", "UTC"]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DialogueForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    country = StringField(_l("Country"), validators=[Length(max=80)])
    region = StringField(_l("Region"), validators=[Length(max=120)])
    venue = StringField(_l("Venue"), validators=[Length(max=200)])
    online_url = URLField(_l("Online meeting link"), validators=[Optional(), Length(max=500)])
    starts_at = DateTimeLocalField(_l("Starts"), validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), validators=[DataRequired()])
    timezone = SelectField(_l("Time zone"), choices=[(tz, tz) for tz in TIMEZONES])
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))
    groups = MultiCheckboxField(_l("Stakeholder groups taking part"),
                                choices=[(k, v) for k, v in DEFAULT_GROUPS.items()], default=list(DEFAULT_GROUPS))
    requires_approval = BooleanField(_l("Registrations need approval"), default=True)
    allow_anonymous = BooleanField(_l("Allow anonymous comments"), default=True)
    participants_may_propose = BooleanField(_l("Participants may propose recommendations"), default=False)
    min_stances = IntegerField(_l("Stances needed per stakeholder group for a joint recommendation"), default=2,
                               validators=[InputRequired(), NumberRange(min=1, max=50)])


def _gender_choices():
    return [("", _l("Leave blank"))] + Gender.choices()


class _PersonFields(FlaskForm):
    group_id = SelectField(_l("Stakeholder group"), coerce=int, validators=[DataRequired()])
    organization_id = SelectField(_l("Organization"), coerce=int, default=0)
    org_name = StringField(_l("Or add your organization"), validators=[Length(max=120)])
    org_kind = SelectField(_l("Kind of organization"),
                           choices=[("", "—")] + OrganizationKind.choices())
    org_country = StringField(_l("Country of the organization"), validators=[Length(max=80)])
    gender = RadioField(_l("Gender (optional, self-declared)"), choices=_gender_choices(), default="",
                        validators=[Optional()])
    consent_listed = BooleanField(_l("Name me in the participant list and in published documents"))

    def fill_choices(self, dialogue, organizations) -> None:
        self.group_id.choices = [(g.id, g.name) for g in dialogue.groups]
        self.organization_id.choices = [(0, "—")] + [(o.id, o.name) for o in organizations]


class RegistrationForm(_PersonFields):
    needs = TextAreaField(_l("Interpretation or accessibility needs (seen by the organizers only)"),
                          validators=[Length(max=2000)])


class WalkInForm(_PersonFields):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])


class JoinForm(FlaskForm):
    code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=20)])


class StatusForm(FlaskForm):
    status = StringField(validators=[DataRequired(), Length(max=24)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[("participant", _l("Participant")), ("moderator", _l("Moderator")),
                                             ("organizer", _l("Organizer")), ("observer", _l("Observer"))])


class InvitationForm(FlaskForm):
    addresses = TextAreaField(_l("E-mail addresses"), validators=[DataRequired(), Length(max=20000)])
class PassForm(FlaskForm):
    """Joining at the door with a room pass: no e-mail, no password."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    group_id = SelectField(_l("Stakeholder group"), coerce=int, validators=[DataRequired()])
    organization_id = SelectField(_l("Organization"), coerce=int, default=0, validate_choice=False)
    org_name = StringField(_l("Or type your organization"), validators=[Length(max=120)])
    gender = RadioField(_l("Gender (optional, self-declared)"), choices=_gender_choices(), default="",
                        validators=[Optional()])
    consent_listed = BooleanField(_l("Name me in the participant list and in published documents"))
    # The service refuses a join without it too; checked here as well, so a form sent back lists it with the rest.
    agree = BooleanField(_l("I agree to take part: what I write is kept in this dialogue's record, and I can "
                            "download or delete my data with my personal code."),
                         validators=[DataRequired(_l("Agree to take part on these terms to join."))])

    def fill_choices(self, dialogue) -> None:
        self.group_id.choices = [(g.id, g.name) for g in dialogue.groups]


class CodeForm(FlaskForm):
    code = StringField(_l("Personal code"), validators=[DataRequired(), Length(max=20)])


class DecideForm(FlaskForm):
    """The organizer's queue: the ticked people (``participant_id`` checkboxes), or everyone waiting."""

    decision = SelectField(choices=[("approve", _l("Approve")), ("decline", _l("Decline"))])
    everyone = BooleanField()
