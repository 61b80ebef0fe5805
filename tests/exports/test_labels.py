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
