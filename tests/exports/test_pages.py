"""The Export page, who may export what, the job in its own subprocess, download, print page."""
import time

import pytest

from dialogues.exports.models import ExportJob, JobState
from dialogues.extensions import db
from dialogues.roundtable.models import DialogueStatus

from .conftest import ADOPTED_TITLE, OPEN_TITLE
from .helpers import pdf_text

FORMS = {"format": "pdf", "language": "en", "scope": "adopted", "comments": "y"}


def _wait_done(client, url: str) -> dict:
    """Poll the status endpoint as the page does (the export-job subprocess renders meanwhile). The
    job runs niced, so on a busy machine it waits for spare CPU: the bound is generous."""
    deadline = time.monotonic() + 100
    while True:
        status = client.get(url).get_json()
        if status["state"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert status["state"] in ("done", "failed"), status
    return status


def test_organizer_exports_a_pdf_through_a_subprocess(client, login_as, outcome):
    login_as(outcome.organizer)
    page = client.get(f"/d/{outcome.dialogue.id}/export")
    assert page.status_code == 200 and "CSV: participants" in page.get_data(as_text=True)
    response = client.post(f"/d/{outcome.dialogue.id}/export", data=FORMS)
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert "data-export-status" in client.get(job_url).get_data(as_text=True)
    status = _wait_done(client, job_url + "/status")
    assert status["state"] == "done" and status["progress"] == 100, status
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert ADOPTED_TITLE in pdf_text(download.data)
    # The same request again, with nothing changed in the dialogue, reuses the file.
    again = client.post(f"/d/{outcome.dialogue.id}/export", data=FORMS)
    assert again.headers["Location"] == job_url


def test_participant_gets_403_for_the_participant_csv(client, login_as, outcome):
    login_as(outcome.users.listed)
    response = client.post(f"/d/{outcome.dialogue.id}/export", data={**FORMS, "format": "participants.csv"})
    assert response.status_code == 403
    assert "Only the organizers" in response.get_data(as_text=True)
    assert db.session.query(ExportJob).count() == 0


def test_participant_csv_job_is_not_readable_by_a_participant(client, login_as, outcome):
    job = ExportJob(dialogue_id=outcome.dialogue.id, options={**FORMS, "format": "participants.csv", "comments": True},
                    state=JobState.DONE, file_name="x.csv")
    db.session.add(job)
    db.session.commit()
    login_as(outcome.users.listed)
    assert client.get(f"/d/{outcome.dialogue.id}/export/{job.id}/download").status_code == 403
    login_as(outcome.users.moderator)
    assert client.get(f"/d/{outcome.dialogue.id}/export/{job.id}/download").status_code == 403


def test_moderator_is_not_offered_the_participant_csv(client, login_as, outcome):
    login_as(outcome.users.moderator)
    page = client.get(f"/d/{outcome.dialogue.id}/export").get_data(as_text=True)
    assert "CSV: comments" in page and "CSV: participants" not in page


def test_public_gets_the_published_outcome_of_a_closed_dialogue_only(client, login_as, outcome, db):
    page = client.get(f"/d/{outcome.dialogue.id}/export").get_data(as_text=True)
    assert "PDF document" in page and "CSV: comments" not in page and "All recommendations" not in page
    assert client.post(f"/d/{outcome.dialogue.id}/export", data={**FORMS, "format": "json"}).status_code == 403
    assert client.post(f"/d/{outcome.dialogue.id}/export", data={**FORMS, "scope": "all"}).status_code == 403
    assert client.get(f"/d/{outcome.dialogue.id}/export/print?scope=all").status_code == 403
    printed = client.get(f"/d/{outcome.dialogue.id}/export/print").get_data(as_text=True)
    assert ADOPTED_TITLE in printed and OPEN_TITLE not in printed and "<script" not in printed
    outcome.dialogue.status = DialogueStatus.LIVE
    db.session.commit()
    assert client.get(f"/d/{outcome.dialogue.id}/export").status_code == 403


@pytest.mark.parametrize("data, message", [({"format": "exe"}, "Choose one of the offered formats"),
                                           ({"language": "xx"}, "Choose one of the offered languages"),
                                           ({"paper": "a3"}, "Not a valid choice"),
                                           ({"scope": "some"}, "Choose which recommendations")])
def test_bad_options_get_a_clear_message_and_no_job(client, login_as, outcome, data, message):
    login_as(outcome.organizer)
    response = client.post(f"/d/{outcome.dialogue.id}/export", data={**FORMS, **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.query(ExportJob).count() == 0


def test_export_form_needs_csrf(client, login_as, outcome, csrf):
    login_as(outcome.organizer)
    response = client.post(f"/d/{outcome.dialogue.id}/export", data=FORMS)
    assert response.status_code == 400 and db.session.query(ExportJob).count() == 0


def test_spanish_export_has_spanish_headings(outcome):
    """Headings, and the cover's labels, in the export's language."""
    from .helpers import produce

    spanish = produce(outcome.dialogue, "md", language="es").decode()
    english = produce(outcome.dialogue, "md", language="en").decode()
    assert "## Recommendations" in english and "## Executive summary" in english
    assert "## Recomendaciones" in spanish and "## Resumen ejecutivo" in spanish
    assert "Dates:" in english and "Place:" in english
    assert "Fechas:" in spanish and "Lugar:" in spanish and "Dates:" not in spanish
