from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField
from wtforms.validators import DataRequired, Length


class CreatorsSettingForm(FlaskForm):
    everyone = BooleanField(_l("Everyone with an account may create dialogues"))


class AllowCreatorForm(FlaskForm):
    email = EmailField(_l("E-mail of the account"), validators=[DataRequired(), Length(max=254)])
