"""Every page of the French demo dialogue, for each kind of reader, is French: no English text of the
catalogue (the msgids) shows in what a person reads, text or the attributes they hear or see."""
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from dialogues import demo, mail
from dialogues.accounts.services import create_account, find_user_by_email, reset_token
from dialogues.comments.models import Comment
from dialogues.exports import services as exports
from dialogues.extensions import db
from dialogues.facilitation.panels import PANELS
from dialogues.mail.models import OutgoingMail
from dialogues.recommendations.models import Recommendation
from dialogues.roundtable import passes
from dialogues.roundtable.models import RegistrationState
from dialogues.roundtable.services import decide, membership

from .conftest import csrf_token, login
from .exports.helpers import docx_text, produce
from .security.access_table import ROUTES, fill
from .test_translations import ROOT

# Who reads, and which demo account they are (None: signed out; "pass": the room pass made by the fixture;
# the administrator is made by the fixture too).
READERS = {"anonymous": None, "participant": "orpailleuse2@ouaga.demo.oro",
           "moderator": "moderateur@ouaga.demo.oro", "organizer": "organisatrice@ouaga.demo.oro",
           "admin": "admin@ouaga.demo.oro", "pass": "pass"}
# English that is right on a French page: the language switch's own names, and brands.
PROPER_NOUNS = {"English", "Español", "Markdown", "PDF", "DOCX", "JSON", "CSV", "Fairmined", "OECD"}
# Attributes whose values people read or hear.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "value", "content"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


class ReadText(HTMLParser):
    """The text of a page as a person meets it: text nodes (not scripts or styles) and read attributes,
    including the ``data-text-*`` sentences the page's scripts show."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or name.startswith("data-text")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def read_text(html: str) -> str:
    parser = ReadText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_fragments() -> dict[str, str]:
    """Pieces of English source text long enough to be unambiguous (two words and ten letters at least,
    the placeholders cut out), whose French differs: fragment → its msgid."""
    with open(ROOT / "dialogues/translations/fr/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="fr")
    fragments = {}
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in sources:
            if source in texts:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = piece.strip(" :,.–()“”")
                if len(piece) >= 10 and " " in piece and piece not in PROPER_NOUNS:
                    fragments[piece] = source
    return fragments


@pytest.fixture
def french_demo(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        dialogue = demo.seed("fr")
        create_account("Administratrice", READERS["admin"], demo.DEMO_PASSWORD, "fr", is_admin=True)
        holder, code = passes.join(dialogue, {"name": "Salimata Traoré", "group_id": dialogue.groups[0].id,
                                              "agree": True}, "fr")
        decide(dialogue, find_user_by_email(READERS["organizer"]), holder, True)
        db.session.commit()
        job = exports.request_export(dialogue, find_user_by_email(READERS["organizer"]), {"format": "md", "language": "fr", "scope": "all",
                                                                                         "comments": True})
        db.session.commit()
    exports.run_job(job.id)
    awa = membership(dialogue, find_user_by_email(READERS["participant"]))
    participant_comment = db.session.scalar(select(Comment).where(  # hers, so that she may edit it
        Comment.dialogue_id == dialogue.id, Comment.author_id == awa.id))
    ids = {"d": dialogue.id, "join_code": dialogue.join_code, "job": job.id, "group": dialogue.groups[0].id,
           "reset_token": reset_token(awa.user), "pass_code": code, "pass_participant": holder.id,
           "item": participant_comment.item_id, "comment": participant_comment.id,
           "recommendation": db.session.scalar(select(Recommendation.id).where(
               Recommendation.dialogue_id == dialogue.id).order_by(Recommendation.id))}
    return dialogue, ids


def sign_in(client, role: str, ids: dict) -> None:
    """Sign in as the reader: an account with its password, the pass holder with their personal code."""
    if role == "pass":
        response = client.post(f"/d/{ids['d']}/join/code", data={
            "code": ids["pass_code"], "csrf_token": csrf_token(client, f"/d/{ids['d']}/join")})
        assert response.status_code == 302, response.get_data(as_text=True)
    elif READERS[role]:
        login(client, find_user_by_email(READERS[role]), demo.DEMO_PASSWORD)


def assert_french(response, where) -> None:
    """A full page, 200, in French, with no English text of the catalogue."""
    assert response.status_code == 200, (where, response.status_code)
    html = response.get_data(as_text=True)
    assert 'lang="fr"' in html, where
    text = read_text(html)
    found = sorted(fragment for fragment in english_fragments() if fragment in text)
    assert not found, (where, found)


def pages_for(role: str, ids: dict) -> list[str]:
    """Every HTML page (GET) this reader may open in the dialogue, plus every live panel."""
    paths = [fill(r.path, ids) for r in ROUTES if r.method == "GET" and role in r.allowed
             and not r.path.endswith((".json", ".svg", "/status", "/download", ".css"))]
    return paths + [f"/d/{ids['d']}/panels/{name}" for name in PANELS]


def walk(client, role: str, ids: dict, language: str) -> tuple[int, dict[str, list[str]]]:
    """(pages read, English fragments found per path) over every page this reader may open."""
    fragments = english_fragments()
    seen, english = 0, {}
    for path in pages_for(role, ids):
        response = client.get(path, headers={"Accept-Language": language}, follow_redirects=True)
        if response.status_code in (403, 404) and "/panels/" in path:
            continue  # a panel this reader may not see
        assert response.status_code == 200, (role, path, response.status_code)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        assert "/panels/" in path or f'lang="{language}"' in html, (role, path)  # a panel is a fragment
        seen += 1
        text = read_text(html)
        found = sorted(fragment for fragment in fragments if fragment in text)
        if found:
            english[path] = found
    return seen, english


@pytest.mark.parametrize("role", list(READERS))
def test_every_page_of_the_french_demo_is_french(client, french_demo, role):
    _dialogue, ids = french_demo
    sign_in(client, role, ids)
    seen, english = walk(client, role, ids, "fr")
    assert seen >= 10 and not english, english


def test_the_room_pass_pages_are_french(client, french_demo):
    """The pages a room pass shows after a form, which the walk of GET pages cannot reach: the code page
    of someone joining at the join page, of a new code, and the desk's code page of a walk-in."""
    _dialogue, ids = french_demo
    d, fr = ids["d"], {"Accept-Language": "fr"}
    join = client.get(f"/d/{d}/join", headers=fr)
    assert_french(join, "join page")
    joined = client.post(f"/d/{d}/join", headers=fr, data={
        "name": "Ousmane Bamogo", "group_id": ids["group"], "organization_id": "0", "agree": "y",
        "csrf_token": csrf_token(client, f"/d/{d}/join")})
    assert_french(joined, "code page of a newcomer")
    assert "Bienvenue, Ousmane Bamogo" in read_text(joined.get_data(as_text=True))
    assert_french(client.get(f"/d/{d}/pass", headers=fr), "room pass page")
    assert_french(client.post(f"/d/{d}/pass/code", headers=fr, data={"csrf_token": csrf_token(client, f"/d/{d}/pass")}),
                  "new personal code")
    client.post("/accounts/logout", data={"csrf_token": csrf_token(client, f"/d/{d}/pass")})
    sign_in(client, "organizer", ids)
    token = csrf_token(client, f"/d/{d}/walk-in")
    assert_french(client.post(f"/d/{d}/participants/{ids['pass_participant']}/pass-code", headers=fr,
                              data={"csrf_token": token}), "desk code page")
    assert_french(client.post(f"/d/{d}/walk-in", headers=fr, data={
        "name": "Aïcha Sawadogo", "group_id": ids["group"], "organization_id": "0", "org_kind": "",
        "csrf_token": token}), "walk-in code page")


def test_the_walk_sees_english_where_there_is_some(client, french_demo):
    """The same walk after choosing English finds English on every full page: the check can fail."""
    _dialogue, ids = french_demo
    client.post("/accounts/language", data={"lang": "en"})
    seen, english = walk(client, "anonymous", ids, "en")
    assert len(english) >= seen // 2 > 3, (seen, english)


@pytest.mark.parametrize("fmt", ["md", "docx", "comments.csv", "recommendations.csv", "stances.csv",
                                 "participants.csv"])
def test_the_french_demo_exports_in_french(french_demo, fmt):
    """Headings, labels and CSV headers of an export in French: no English text of the catalogue."""
    dialogue, _ids = french_demo
    content = produce(dialogue, fmt, language="fr", scope="all")
    text = docx_text(content) if fmt == "docx" else content.decode("utf-8-sig")
    text = " ".join(text.split())
    assert dialogue.title in text or fmt.endswith(".csv")
    found = sorted(fragment for fragment in english_fragments() if fragment in text)
    assert not found, found


def test_the_french_mails_are_french(app, french_demo):
    """Every mail (password reset, registration received / approved / declined, invitation), rendered for
    a French reader: subject, text and HTML with no English text of the catalogue."""
    dialogue, _ids = french_demo
    awa = membership(dialogue, find_user_by_email(READERS["participant"]))
    waiting = membership(dialogue, find_user_by_email("attente@ouaga.demo.oro"))
    before = db.session.scalar(select(func.max(OutgoingMail.id))) or 0
    with app.test_request_context():
        mail.send_password_reset(awa.user, "https://dialogues.example.org/accounts/password/reset/x")
        mail.send_registration_received(waiting)
        mail.send_registration_decision(awa)
        mail.send_invitation(dialogue, find_user_by_email(READERS["organizer"]), "invitee@example.org", "fr")
        waiting.state = RegistrationState.DECLINED
        mail.send_registration_decision(waiting)
        db.session.flush()
        sent = [(row.subject, " ".join(f"{row.subject} {row.text} {read_text(row.html)}".split()))
                for row in db.session.scalars(select(OutgoingMail).where(OutgoingMail.id > before))]
        db.session.rollback()
    assert len(sent) == 5
    fragments = english_fragments()
    for subject, text in sent:
        found = sorted(fragment for fragment in fragments if fragment in text)
        assert not found, (subject, found)
