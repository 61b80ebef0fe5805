"""Counts in the documents' sentences take their own plural in each language ("1 présent", "2 présents")."""
import pytest
from flask_babel import force_locale

from dialogues.exports import labels


@pytest.mark.parametrize("code, one, two", [
    ("en", "1 registered participant, 1 attended.", "2 registered participants, 2 attended."),
    ("es", "1 participante registrado, 1 asistió.", "2 participantes registrados, 2 asistieron."),
    ("fr", "1 participant inscrit, 1 présent.", "2 participants inscrits, 2 présents.")])
def test_registered_and_attended_each_take_their_own_plural(app, code, one, two):
    with app.test_request_context(), force_locale(code):
        assert labels.totals_line({"registered": 1, "attended": 1}) == one
        assert labels.totals_line({"registered": 2, "attended": 2}) == two


def test_a_thousand_attendees_are_written_as_the_language_writes_numbers(app):
    with app.test_request_context(), force_locale("fr"):
        assert labels.totals_line({"registered": 1200, "attended": 1}) == \
            "1\u202f200 participants inscrits, 1 présent."


@pytest.mark.parametrize("code, one, two", [("en", "Closed · 1 voter", "Closed · 2 voters"),
                                            ("es", "Cerrada · 1 votante", "Cerrada · 2 votantes"),
                                            ("fr", "Clos · 1 votant", "Clos · 2 votants")])
def test_a_polls_voters_take_their_plural(app, code, one, two):
    with app.test_request_context(), force_locale(code):
        closed = {"open": False, "state_label": one.split(" · ")[0]}
        assert labels.poll_status({**closed, "results": {"voters": 1}}) == one
        assert labels.poll_status({**closed, "results": {"voters": 2}}) == two


def test_a_french_document_names_its_time_zone_in_words(app):
    """The cover's dates line names the zone as the pages do, never Babel's fallback "heure : Bolivie"."""
    from datetime import datetime

    dialogue = {"timezone": "America/La_Paz", "starts_at": datetime(2026, 12, 1, 13, 0),
                "ends_at": datetime(2026, 12, 1, 21, 0)}
    with app.test_request_context(), force_locale("fr"):
        assert labels.dates_line(dialogue) == "mardi 1 décembre 2026, de 09:00 à 17:00 (heure de Bolivie)"
        assert labels.zone("Africa/Ouagadougou") == "heure moyenne de Greenwich"



@pytest.mark.parametrize("code, organizers, note", [
    ("en", "Organized by: CAMIPA; Ministerio de Minería, Bolivia", "December 2, 2026: Agreed."),
    ("es", "Organizado por: CAMIPA; Ministerio de Minería, Bolivia", "2 de diciembre de 2026: Agreed."),
    ("fr", "Organisé par\u00a0: CAMIPA\u00a0; Ministerio de Minería, Bolivia", "2 décembre 2026\u00a0: Agreed.")])
def test_lists_and_dated_notes_are_punctuated_as_the_language_writes_them(app, code, organizers, note):
    """Names are set apart by semicolons (an organization's name may hold a comma), and French puts a
    no-break space before the semicolon and the colon, as everywhere else in the document."""
    from datetime import date, datetime

    dialogue = {"timezone": "UTC", "starts_at": datetime(2026, 12, 1, 13, 0), "ends_at": datetime(2026, 12, 1, 21, 0),
                "venue": "", "region": "", "country": "", "funders": [],
                "organizers": ["CAMIPA", "Ministerio de Minería, Bolivia"]}
    with app.test_request_context(), force_locale(code):
        assert labels.cover_lines(dialogue)[1:] == [organizers]
        assert labels.note_line({"on": date(2026, 12, 2), "body": "Agreed."}) == note
