"""One way to show a moment everywhere: the reader's date order, four-digit year, 24-hour time without
seconds, in the dialogue's time zone, which is named in words."""
from datetime import datetime

import pytest
from flask_babel import force_locale

from dialogues.templating import breakable_url, local_datetime, timezone_name


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
