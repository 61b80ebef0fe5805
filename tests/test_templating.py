"""One way to show a moment everywhere: the reader's date order, four-digit year, 24-hour time without
seconds, in the dialogue's time zone, which is named in words; counts the page's script words."""
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask_babel import force_locale, ngettext

from dialogues.roundtable.forms import TIMEZONES
from dialogues.templating import DATETIME_PARTS, breakable_url, local_datetime, plural_texts, timezone_name

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_dates_times_and_time_zone_in_the_readers_language(app):
    noon_utc = datetime(2026, 12, 1, 13, 0)  # 09:00 in La Paz
    with app.test_request_context():
        with force_locale("es"):
            assert local_datetime(noon_utc, "America/La_Paz") == "1/12/2026, 09:00"
            assert local_datetime(noon_utc, "America/La_Paz", "time") == "09:00"
            assert timezone_name("America/La_Paz") == "hora de Bolivia"
        with force_locale("en"):
            assert local_datetime(noon_utc, "America/La_Paz") == "12/1/2026, 09:00"
            assert local_datetime(noon_utc, "America/La_Paz", "date") == "12/1/2026"
        with force_locale("fr"):
            assert local_datetime(noon_utc, "America/La_Paz", "date") == "01/12/2026"
            assert local_datetime(noon_utc, "America/La_Paz", "time") == "09:00"
        assert local_datetime(None) == ""


@pytest.mark.parametrize("code, written", [("es", "2/12/2026, 14:00"), ("en", "12/2/2026, 14:00"),
                                           ("fr", "02/12/2026 14:00")])
def test_a_date_and_its_time_are_joined_as_the_readers_language_joins_them(app, code, written):
    """CLDR's own pattern joins them (Babel's ``get_datetime_format``), never a comma of ours: French
    writes no comma between a short date and its time."""
    with app.test_request_context(), force_locale(code):
        assert local_datetime(datetime(2026, 12, 2, 14, 0), "UTC") == written
        assert local_datetime(datetime(2026, 12, 2, 18, 0), "America/La_Paz") == written


@pytest.mark.parametrize("code, written", [("es", "1 de diciembre de 2026, 09:00"),
                                           ("en", "December 1, 2026, 09:00"),
                                           ("fr", "1 décembre 2026, 09:00")])
def test_the_long_format_writes_the_date_in_words_with_its_time(app, code, written):
    """Mail and the exports page: Babel's long date, joined to the time by CLDR's long pattern."""
    with app.test_request_context(), force_locale(code):
        assert local_datetime(datetime(2026, 12, 1, 13, 0), "America/La_Paz", "long") == written


def test_an_unknown_format_fails_instead_of_falling_back(app):
    with app.test_request_context(), pytest.raises(ValueError, match="'longer'"):
        local_datetime(datetime(2026, 12, 1, 13, 0), "America/La_Paz", "longer")
    with app.test_request_context(), pytest.raises(ValueError):
        local_datetime(None, "UTC", "Long")  # even with nothing to show


def test_every_template_asks_for_a_format_that_exists():
    """A page a test never renders still may not ask for a format local_datetime does not know."""
    asked = {(path.name, name) for path in TEMPLATES.rglob("*.*")
             for name in re.findall(r"local_datetime\([^)\"']*[\"'](\w+)[\"']", path.read_text(encoding="utf-8"))}
    assert {name for _path, name in asked} >= {"long", "time"}  # the scan sees them
    assert not {(path, name) for path, name in asked if name not in DATETIME_PARTS}


@pytest.mark.parametrize("tz, es, fr, en", [
    ("America/La_Paz", "hora de Bolivia", "heure de Bolivie", "Bolivia Time"),
    ("Africa/Ouagadougou", "hora del meridiano de Greenwich", "heure moyenne de Greenwich", "Greenwich Mean Time"),
    ("America/Lima", "hora de Perú", "heure du Pérou", "Peru Time"),
    ("America/Bogota", "hora de Colombia", "heure de Colombie", "Colombia Time"),
    ("America/Guayaquil", "hora de Ecuador", "heure de l’Équateur", "Ecuador Time"),
    ("UTC", "tiempo universal coordinado", "temps universel coordonné", "Coordinated Universal Time")])
def test_a_time_zone_is_named_as_each_language_names_it(app, tz, es, fr, en):
    """CLDR's generic name, else its standard one: never Babel's location fallback, which French writes
    "heure : Bolivie" and every language writes "(Guayaquil)" or "Unknown Region (UTC)"."""
    with app.test_request_context():
        for code, name in (("es", es), ("fr", fr), ("en", en)):
            with force_locale(code):
                assert timezone_name(tz) == name


def test_no_offered_time_zone_reads_as_a_fallback(app):
    with app.test_request_context():
        for code in ("es", "fr", "en"):
            with force_locale(code):
                for tz in TIMEZONES:
                    assert not re.search(r"heure :|\(|Unknown|desconocida", timezone_name(tz)), (code, tz)


@pytest.mark.parametrize("code, rule, one, other", [
    ("es", "n in 1", "T: %(n)s minuto más", "T: %(n)s minutos más"),
    ("fr", "i in 0..1", "T\u00a0: %(n)s minute de plus", "T\u00a0: %(n)s minutes de plus"),
    ("en", "i in 1 and v in 0", "T: %(n)s more minute", "T: %(n)s more minutes")])
def test_a_count_gives_the_script_each_form_that_reads_differently_with_its_rule(app, code, rule, one, other):
    """Each CLDR category's form comes from the catalogue through ngettext, the number left for the
    script; only the forms that differ from "other" travel, each with Babel's rule. French's gettext
    catalogue has a third form (millions) with the plural's text, so it stays out."""
    asked = []

    def render(n):
        asked.append(n)
        return ngettext("%(title)s: %(n)s more minute", "%(title)s: %(n)s more minutes", n, title="T", n="%(n)s")

    with app.test_request_context(), force_locale(code):
        assert plural_texts(render) == {"when": [[rule, one]], "other": other}
    # one number of each category: the smallest (fr: 0 is "one", 2 "other"), and the millions' "many"
    assert sorted(asked) == {"es": [0, 1, 1_000_000], "fr": [0, 2, 1_000_000], "en": [0, 1]}[code]


def test_a_label_takes_its_colon_as_the_readers_language_writes_it(app):
    """French puts a no-break space before a colon; labels joined in code or templates used to skip it."""
    from flask_babel import gettext as _

    from dialogues.templating import colon

    with app.test_request_context():
        with force_locale("fr"):
            assert colon(_("Place")) == "Lieu\u00a0:"
        with force_locale("es"):
            assert colon(_("Place")) == "Lugar:"
        with force_locale("en"):
            assert colon("Place") == "Place:"


def test_a_join_link_wraps_after_its_slashes_and_never_inside_the_code():
    assert breakable_url("https://dialogos.example/join/9TT5EK") == \
        "https:/<wbr>/<wbr>dialogos.example/<wbr>join/<wbr>9TT5EK"
    assert "&lt;b&gt;" in breakable_url("https://x/<b>")  # its parts are escaped


def test_a_french_page_writes_its_dates_without_a_comma(client):
    from .factories import make_dialogue

    dialogue = make_dialogue(language="fr", timezone="Africa/Ouagadougou")  # 1 Dec 2026, 09:00–17:00 there
    page = client.get(f"/d/{dialogue.id}/join").get_data(as_text=True)
    assert 'lang="fr"' in page and "01/12/2026 09:00 – 01/12/2026 17:00" in page
