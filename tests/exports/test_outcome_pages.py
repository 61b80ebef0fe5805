"""The organizer's outcome-document page (summary, logos, finalising a version), a final version's file served
again unchanged with its checksum, and the download's file name."""
import hashlib
import io
import re

import pytest
from PIL import Image

from dialogues.exports.models import DocumentLogo, ExportJob
from dialogues.exports.services import request_export, run_job
from dialogues.extensions import db
from dialogues.recommendations.models import ProgressNote

from .helpers import pdf_text
from .test_pages import FORMS


def _image(fmt: str, size=(300, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#d4a017").save(out, fmt)
    return out.getvalue()


HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="80">
<script>alert(1)</script><rect width="200" height="80" fill="#d4a017"/>
<image xlink:href="file:///etc/passwd" width="10" height="10"/><image href="http://example.org/x.png"/></svg>"""
ENTITY_SVG = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><text y="40">&secret;</text></svg>"""


def _exported(outcome, form: dict) -> str:
    """The download URL of the organizer's export with ``form``'s options, rendered here rather than in the
    runner's subprocess, which gets only CPU time nobody else wants (test_pages.py covers that path)."""
    job = request_export(outcome.dialogue, outcome.organizer, {**form, "comments": True})
    db.session.commit()
    if job.state.value != "done":
        run_job(job.id)
    return f"/d/{outcome.dialogue.id}/export/{job.id}/download"


def _upload(client, dialogue_id: int, content: bytes, name="logo.png", **fields):
    data = {"role": "organizer", "name": "Cumbre del Sajama", **fields, "file": (io.BytesIO(content), name)}
    return client.post(f"/d/{dialogue_id}/export/document/logos", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


@pytest.mark.parametrize("fmt, name", [("PNG", "logo.png"), ("JPEG", "logo.jpg")])
def test_organizer_adds_a_png_or_jpeg_logo(client, login_as, outcome, fmt, name):
    login_as(outcome.organizer)
    page = _upload(client, outcome.dialogue.id, _image(fmt), name)
    assert "The logo is added." in page.get_data(as_text=True)
    logo = db.session.query(DocumentLogo).one()
    assert logo.png.startswith(b"\x89PNG") and (logo.width, logo.height) == (300, 100)


def test_svg_logo_is_rasterised_without_its_script_entities_or_files(client, login_as, outcome):
    login_as(outcome.organizer)
    _upload(client, outcome.dialogue.id, HOSTILE_SVG, "logo.svg")
    logo = db.session.query(DocumentLogo).one()
    assert logo.png.startswith(b"\x89PNG") and b"root:" not in logo.png and b"script" not in logo.png
    assert Image.open(io.BytesIO(logo.png)).getpixel((logo.width // 2, logo.height // 2))[:3] == (0xd4, 0xa0, 0x17)


@pytest.mark.parametrize("content, message", [(b"MZ\x90\x00 not an image", "Upload a PNG, JPEG or SVG image."),
                                              (_image("GIF"), "Upload a PNG, JPEG or SVG image."),
                                              (b"<svg><unclosed", "This SVG file could not be read."),
                                              (ENTITY_SVG, "This SVG file could not be read."),
                                              (b"\x89PNG" + b"0" * 600_000, "The logo may be at most 500 KB."),
                                              (b"", "Choose an image file.")])
def test_bad_logo_gets_a_clear_message_and_nothing_is_stored(client, login_as, outcome, content, message):
    login_as(outcome.organizer)
    page = _upload(client, outcome.dialogue.id, content)
    assert message in page.get_data(as_text=True) and db.session.query(DocumentLogo).count() == 0


def test_only_organizers_change_the_document(client, login_as, outcome):
    login_as(outcome.users.moderator)
    assert client.get(f"/d/{outcome.dialogue.id}/export/document").status_code == 403
    assert _upload(client, outcome.dialogue.id, _image("PNG")).status_code == 403
    assert db.session.query(DocumentLogo).count() == 0


def test_summary_is_sanitised_markdown(client, login_as, outcome):
    login_as(outcome.organizer)
    client.post(f"/d/{outcome.dialogue.id}/export/document",
                data={"summary": "**Acordado** <script>alert(1)</script> [x](javascript:alert(1))"})
    html = client.get(f"/d/{outcome.dialogue.id}/export/print?language=en").get_data(as_text=True)
    assert "<strong>Acordado</strong>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html  # the link is left as plain text


def test_a_dialogue_still_under_way_cannot_have_a_final_document(client, login_as, outcome):
    """A final version is the signed result: the page says to close the dialogue first, and the
    button's request, sent anyway, is refused with that reason and changes nothing."""
    from dialogues.exports.models import DocumentStatus, OutcomeDocument
    from dialogues.roundtable.models import DialogueStatus

    outcome.dialogue.status = DialogueStatus.LIVE
    db.session.commit()
    login_as(outcome.organizer)
    d = outcome.dialogue.id
    page = client.get(f"/d/{d}/export/document").get_data(as_text=True)
    assert "data-finalise-later" in page and f"/d/{d}/export/document/finalise" not in page
    response = client.post(f"/d/{d}/export/document/finalise", data={"confirm": "y"}, follow_redirects=True)
    assert "Close the dialogue before finalising" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(OutcomeDocument.status).where(OutcomeDocument.dialogue_id == d)) \
        in (None, DocumentStatus.DRAFT)


def test_finalising_asks_for_a_ticked_confirmation_and_changes_nothing_without_it(client, login_as, outcome):
    """Finalising cannot be undone: the page asks for a checkbox beside the button (no script needed),
    the service refuses without it, the page comes back with the reason beside the box, nothing changes."""
    from dialogues.exports import outcome as outcome_service
    from dialogues.exports.models import DocumentStatus, OutcomeDocument
    from dialogues.errors import InvalidInput

    login_as(outcome.organizer)
    d = outcome.dialogue.id
    status = lambda: db.session.scalar(db.select(OutcomeDocument.status).where(OutcomeDocument.dialogue_id == d))
    page = client.get(f"/d/{d}/export/document").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/d/\d+/export/document/finalise".*?</form>', page, re.S).group(0)
    assert re.search(r'<label class="check"><input id="confirm" name="confirm" type="checkbox" value="y"> <span>I confirm',
                     form), form
    assert "Finalise version 1" in form and "<script" not in form
    for data in ({}, {"confirm": ""}):
        refused = client.post(f"/d/{d}/export/document/finalise", data=data)
        text = refused.get_data(as_text=True)
        assert refused.status_code == 400 and 'id="confirm-error"' in text
        assert "Tick the box to confirm: a final version cannot be changed afterwards." in text
        assert 'aria-describedby="confirm-error"' in text
        assert 'action="/d/{}/export/document"'.format(d) in text  # the summary still saves where it should
        assert status() in (None, DocumentStatus.DRAFT)
    with pytest.raises(InvalidInput) as unconfirmed:
        outcome_service.finalise(outcome.dialogue, outcome.organizer, confirmed=False)
    assert unconfirmed.value.field == "confirm"
    db.session.rollback()
    assert status() in (None, DocumentStatus.DRAFT)
    done = client.post(f"/d/{d}/export/document/finalise", data={"confirm": "y"}, follow_redirects=True)
    assert done.status_code == 200 and "This version is final" in done.get_data(as_text=True)
    db.session.expire_all()
    assert status() == DocumentStatus.FINAL


def test_final_version_is_served_again_unchanged_with_its_checksum(client, login_as, outcome):
    login_as(outcome.organizer)
    d = outcome.dialogue.id
    client.post(f"/d/{d}/export/document", data={"summary": "Resumen acordado."})
    client.post(f"/d/{d}/export/document/finalise", data={"confirm": "y"})
    download_url = _exported(outcome, FORMS)
    first, second = client.get(download_url), client.get(download_url)
    job = db.session.get(ExportJob, int(download_url.split("/")[-2]))
    assert job.final and job.version == 1
    assert first.data == second.data and hashlib.sha256(first.data).hexdigest() == job.checksum
    assert job.checksum in client.get(f"/d/{d}/export").get_data(as_text=True)  # shown on the export page
    assert "Final · version 1" in pdf_text(first.data)
    # The dialogue changes afterwards: the final version's file is still the one served.
    db.session.add(ProgressNote(recommendation_id=outcome.adopted.id, on=outcome.adopted.due_date, body="Avance"))
    outcome.dialogue.event_seq += 1
    db.session.commit()
    assert _exported(outcome, FORMS) == download_url
    # A final version cannot change; the next version is a new draft.
    refused = client.post(f"/d/{d}/export/document", data={"summary": "Otro"})
    assert refused.status_code == 409 and "Start a new version" in refused.get_data(as_text=True)
    client.post(f"/d/{d}/export/document/next-version")
    assert _exported(outcome, FORMS) != download_url


def test_download_is_named_with_whole_words_and_the_version(client, login_as, outcome):
    outcome.dialogue.title = "Diálogos del Oro – Bolivia: cooperativas y Estado por una minería aurífera responsable"
    db.session.commit()
    login_as(outcome.organizer)
    download = client.get(_exported(outcome, {**FORMS, "format": "md"}))
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="dialogos-del-oro-bolivia-cooperativas-y-estado-por-una-v1.md"; '
        "filename*=UTF-8''Di%C3%A1logos-del-Oro-Bolivia-cooperativas-y-Estado-por-una-v1.md")


@pytest.mark.parametrize("code, written", [("es", "1 de diciembre de 2026, 17:30"), ("en", "December 1, 2026, 17:30"),
                                           ("fr", "1 décembre 2026, 17:30")])
def test_the_export_page_dates_a_final_version_in_words(client, login_as, outcome, code, written):
    """When the version was finalised, as a reader says it: the long date and its time, in the dialogue's time zone."""
    from datetime import datetime

    from dialogues.exports.models import OutcomeDocument

    outcome.organizer.locale = code
    outcome.dialogue.timezone = "America/La_Paz"
    db.session.commit()
    login_as(outcome.organizer)
    d = outcome.dialogue.id
    client.post(f"/d/{d}/export/document/finalise", data={"confirm": "y"})
    document = db.session.scalar(db.select(OutcomeDocument).where(OutcomeDocument.dialogue_id == d))
    document.finalised_at = datetime(2026, 12, 1, 21, 30)  # UTC: 17:30 in La Paz
    db.session.commit()
    page = client.get(f"/d/{d}/export").get_data(as_text=True)
    line = re.search(r"<p>[^<]*\bversi[oó]n 1 · [^<]*", page).group(0)
    assert f" · {written}" in line, line
