"""The no-JS pages: list with matrix, one recommendation, forms, conflict, history, privacy, queries."""
from flask_babel import force_locale

from dialogues.extensions import db
from dialogues.recommendations import services
from dialogues.recommendations.models import Recommendation, Stance
from dialogues.roundtable.models import RegistrationState, Role
from dialogues.roundtable.services import groups_taking_part

from ..conftest import count_queries
from ..factories import make_participant, make_user
from .conftest import add_comment


def _url(room, tail: str = "") -> str:
    return f"/d/{room.dialogue.id}/recommendations/{room.recommendation.id}{tail}"


def test_matrix_page_in_a_constant_number_of_queries(room, client):
    client.get(f"/d/{room.dialogue.id}/recommendations")  # warm up
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(f"/d/{room.dialogue.id}/recommendations").status_code == 200
    for i in range(5):
        rec = services.propose(room.dialogue, room.moderator, {"title": f"R{i}", "body": "B"})
        services.set_status(room.dialogue, room.moderator, rec, "discussion")
        services.set_stance(room.dialogue, room.miner, rec, "support")
        services.set_stance(room.dialogue, room.official, rec, "oppose", "No")
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        page = client.get(f"/d/{room.dialogue.id}/recommendations")
    assert page.status_code == 200 and len(many) == len(few)
    html = page.get_data(as_text=True)
    assert html.count('data-cell="') == 6 * 3 and "R4" in html  # miners, government, civil society


def test_groups_without_participants_fold_into_one_note(room, client):
    """The room has participants in three of its six groups (and an observer in a fourth): the matrix has
    those three columns, on the list and on the recommendation's page, and one note under it names the
    other three, in the reader's language."""
    d, r = room.dialogue.id, room.recommendation.id
    taking_part, absent = groups_taking_part(room.dialogue)
    assert [g.key for g in taking_part] == [g.key for g in room.dialogue.groups
                                           if g.key in ("miners", "government", "civil_society")]
    assert len(absent) == 3
    make_participant(room.dialogue, make_user("Pendiente"), group_key=absent[0].key,
                     state=RegistrationState.PENDING)  # waiting for approval: no participant yet
    make_participant(room.dialogue, make_user("Donante"), group_key=absent[1].key,
                     role=Role.OBSERVER)  # an observer takes no position: no column for the group
    assert groups_taking_part(room.dialogue) == (taking_part, absent)
    for path in (f"/d/{d}/recommendations", f"/d/{d}/recommendations/{r}"):
        # An observer counts among the registered: the note says who is missing, people who take a stance.
        for language, words in (("en", "No participants who may take a stance from: "),
                                ("es", "Grupos sin participantes que puedan tomar postura: "),
                                ("fr", "Groupes sans participant pouvant prendre position\u00a0: ")):
            client.post("/accounts/language", data={"lang": language})
            html = client.get(path).get_data(as_text=True)
            with force_locale(language):
                names = [g.name for g in absent]
                note = words + ", ".join(names) + "."
                assert html.count("data-absent-groups") == 1 and note in html, (path, language)
                assert all(f'<th scope="col">{g.name}</th>' in html for g in taking_part), (path, language)
                assert not any(f'<th scope="col">{name}</th>' in html for name in names), (path, language)
            assert html.count('data-cell="') == 3 and all(f'data-cell="{r}-{g.id}"' in html for g in taking_part)
    make_participant(room.dialogue, make_user("Compradora"), group_key=absent[0].key)
    html = client.get(f"/d/{d}/recommendations/{r}").get_data(as_text=True)
    assert f'data-cell="{r}-{absent[0].id}"' in html and absent[0].name not in html.split("data-absent-groups")[1]


def test_propose_from_a_comment_prefills_the_form(room, client, login_as):
    comment = add_comment(room.dialogue, room.item, room.people.miner, "Ventanilla única entre AJAM y cooperativas")
    login_as(room.moderator)
    page = client.get(f"/d/{room.dialogue.id}/recommendations/new?comment={comment.id}").get_data(as_text=True)
    assert "Ventanilla única entre AJAM y cooperativas</textarea>" in page and f'value="{comment.id}"' in page
    response = client.post(f"/d/{room.dialogue.id}/recommendations/new", data={
        "title": "Ventanilla única", "body": comment.body, "item_id": room.item.id, "actors": "AJAM",
        "source_ids": str(comment.id)})
    assert response.status_code == 302
    rec = db.session.query(Recommendation).filter_by(title="Ventanilla única").one()
    show = client.get(response.location).get_data(as_text=True)
    assert "Ventanilla única entre AJAM" in show and "AJAM" in rec.actors


def test_participants_cannot_open_the_proposal_form_by_default(room, client, login_as):
    login_as(room.miner)
    assert client.get(f"/d/{room.dialogue.id}/recommendations/new").status_code == 403


def test_stale_edit_shows_both_texts_and_keeps_the_saved_one(room, client, login_as):
    login_as(room.moderator)
    base = services.latest_revision(room.recommendation).id
    services.edit(room.dialogue, room.moderator, room.recommendation,
                  {"title": "Fondo flexible", "body": "Texto guardado antes", "base_revision_id": base})
    db.session.commit()
    response = client.post(_url(room, "/edit"), data={"title": "Fondo flexible", "body": "Mi texto tardío",
                                                      "base_revision_id": str(base)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Texto guardado antes" in html and "Mi texto tardío" in html
    db.session.expire_all()
    assert db.session.get(Recommendation, room.recommendation.id).body == "Texto guardado antes"


def test_stance_form_requires_a_note_to_oppose_and_then_records_it(room, client, login_as):
    login_as(room.miner)
    response = client.post(_url(room, "/stance"), data={"kind": "oppose", "note": ""})
    assert response.status_code == 400 and db.session.query(Stance).count() == 0
    assert client.post(_url(room, "/stance"), data={"kind": "oppose", "note": "Sin garantías"}).status_code == 302
    assert db.session.query(Stance).one().note == "Sin garantías"


def test_markdown_with_script_is_inert_on_the_page(room, client):
    room.recommendation.body = '<script>alert("x")</script> <b onclick="x()">hola</b> [x](javascript:alert(1))'
    db.session.commit()
    html = client.get(_url(room)).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b onclick" not in html and 'href="javascript' not in html


def test_stance_notes_respect_consent_on_the_page(room, client):
    services.set_stance(room.dialogue, room.miner2, room.recommendation, "oppose", "Demasiados requisitos")
    db.session.commit()
    html = client.get(_url(room)).get_data(as_text=True)
    assert "Demasiados requisitos" in html and room.miner2.name not in html


def test_history_shows_revisions_and_an_escaped_word_diff(room, client, login_as):
    assert "History (1 revision)" in client.get(_url(room)).get_data(as_text=True)
    base = services.latest_revision(room.recommendation).id
    services.edit(room.dialogue, room.moderator, room.recommendation,
                  {"title": room.recommendation.title, "body": "Crear líneas de crédito <b>accesibles</b>.",
                   "base_revision_id": base})
    db.session.commit()
    assert "History (2 revisions)" in client.get(_url(room)).get_data(as_text=True)
    html = client.get(_url(room, "/history")).get_data(as_text=True)
    assert "<ins>&lt;b&gt;accesibles&lt;/b&gt;.</ins>" in html and "<del>*flexibles*.</del>" in html
    assert client.get(_url(room, "/history?a=999999")).status_code == 404


def test_moderator_forms_carry_csrf_and_a_post_without_it_is_refused(room, client, login_as, app, monkeypatch):
    login_as(room.moderator)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    html = client.get(_url(room)).get_data(as_text=True)
    assert "csrf_token" in html
    assert client.post(_url(room, "/close-voting")).status_code == 400  # no CSRF token → refused
    db.session.expire_all()
    assert db.session.get(Recommendation, room.recommendation.id).voting_open


def test_participant_cannot_change_status(room, client, login_as):
    login_as(room.miner)
    assert client.post(_url(room, "/status"), data={"status": "adopted"}).status_code == 403
    assert client.post(_url(room, "/amendments/999/accept"), data={}).status_code == 404


def test_unknown_recommendation_is_404(room, client):
    assert client.get(f"/d/{room.dialogue.id}/recommendations/999999").status_code == 404


def test_every_symbol_and_score_of_the_matrix_has_a_legend_in_words(room, client):
    """Under the matrix, on the list and on a recommendation's page: ✓ ≈ ✗ ○, the "2/3" share, and what
    "joint support" is and how it is computed, in one sentence each."""
    d, r = room.dialogue.id, room.recommendation.id
    for path in (f"/d/{d}/recommendations", f"/d/{d}/recommendations/{r}"):
        html = client.get(path).get_data(as_text=True)
        legend = html.split("How to read these figures")[1].split("</dl>")[0]
        for symbol, words in (("✓", "Support"), ("≈", "Support with reservations"), ("✗", "Oppose"),
                              ("○", "Abstain")):
            assert f'<dt><span aria-hidden="true">{symbol}</span></dt><dd>{words}</dd>' in legend, (path, symbol)
        assert "<dt>2/3</dt><dd>People of the group who support it" in legend
        assert "<dt>Joint support</dt><dd>From 0 to 1: the average" in legend and "geometric mean" in legend
