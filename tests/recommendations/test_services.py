"""Rules and permissions of recommendations, through the services (the same ones sockets and forms call)."""
import pytest

from dialogues.errors import InvalidInput, InvalidState, NotFound, NotPermitted
from dialogues.extensions import db
from dialogues.realtime.models import Event
from dialogues.recommendations import services
from dialogues.recommendations.models import AmendmentState, Recommendation, Stance
from dialogues.recommendations.text import render_markdown
from dialogues.roundtable.models import RegistrationState
from dialogues.rows import load

from ..factories import make_participant, make_user
from .conftest import add_comment


def _events(dialogue, type_):
    return db.session.query(Event).filter_by(dialogue_id=dialogue.id, type=type_).all()


def test_proposal_keeps_actors_item_sources_and_a_first_revision(room):
    comment = add_comment(room.dialogue, room.item, room.people.miner, "Necesitamos crédito con menos garantías.")
    data = services.draft_from_comment(room.dialogue, room.moderator, comment)
    assert data["body"] == comment.body and data["item_id"] == room.item.id and data["source_ids"] == str(comment.id)
    data.update(title="Crédito", actors="AJAM\n\nAJAM\nFENCOMIN")
    rec = services.propose(room.dialogue, room.moderator, data)
    db.session.commit()
    assert rec.actors == ["AJAM", "FENCOMIN"]
    assert [r.number for r in services.revisions_of(rec)] == [1]
    assert [s.body for s in services.sources_of(rec)] == [comment.body]
    assert _events(room.dialogue, "recommendation.proposed")


def test_sources_keep_anonymous_authors_anonymous_and_leave_hidden_comments_out(room):
    from dialogues.clock import utcnow

    anonymous = add_comment(room.dialogue, room.item, room.people.miner2, "Sin nombre", is_anonymous=True)
    hidden = add_comment(room.dialogue, room.item, room.people.miner, "Oculto")
    rec = services.propose(room.dialogue, room.moderator, {"title": "T", "body": "B",
                                                           "source_ids": f"{anonymous.id},{hidden.id}"})
    hidden.hidden_at = utcnow()
    db.session.commit()
    sources = services.sources_of(rec)
    assert [s.body for s in sources] == ["Sin nombre"]
    assert "Rosa" not in sources[0].author


def test_participants_propose_only_where_the_dialogue_allows_it(room):
    with pytest.raises(NotPermitted):
        services.propose(room.dialogue, room.miner, {"title": "T", "body": "B"})
    room.dialogue.participants_may_propose = True
    rec = services.propose(room.dialogue, room.miner, {"title": "T", "body": "B"})
    assert rec.proposed_by_id == room.people.miner.id


@pytest.mark.parametrize("data, field", [
    ({"title": "", "body": "B"}, "title"),
    ({"title": "x" * 201, "body": "B"}, "title"),
    ({"title": "T", "body": "x" * 10001}, "body"),
    ({"title": "T", "body": "B", "actors": "\n".join(f"actor {i}" for i in range(13))}, "actors"),
    ({"title": "T", "body": "B", "item_id": 999999}, "item_id"),
    ({"title": "T", "body": "B", "source_ids": "1,x"}, "source_ids"),
    ({"title": "T", "body": "B", "source_ids": "999999"}, "source_ids"),
    ({"title": ["not", "text"], "body": "B"}, "title"),
])
def test_bad_proposals_are_refused_and_nothing_is_written(room, data, field):
    before = db.session.query(Recommendation).count()
    with pytest.raises(InvalidInput) as exc:
        services.propose(room.dialogue, room.moderator, data)
    db.session.rollback()
    assert exc.value.field == field and db.session.query(Recommendation).count() == before


def test_edit_against_a_stale_revision_is_a_conflict_with_both_texts(room):
    rec = room.recommendation
    base = services.latest_revision(rec).id
    services.edit(room.dialogue, room.moderator, rec, {"title": rec.title, "body": "Versión de Jorge",
                                                       "base_revision_id": base})
    db.session.commit()
    with pytest.raises(services.RevisionConflict) as exc:
        services.edit(room.dialogue, room.moderator, rec, {"title": rec.title, "body": "Versión de Lucía",
                                                           "base_revision_id": base})
    db.session.rollback()
    ack = exc.value.as_ack()
    assert ack["error"] == "conflict"
    assert ack["current"]["body"] == "Versión de Jorge" and ack["submitted"]["body"] == "Versión de Lucía"
    assert rec.body == "Versión de Jorge" and len(services.revisions_of(rec)) == 2


def test_stances_need_an_approved_contributor_and_open_voting(room):
    pending = make_participant(room.dialogue, make_user(), state=RegistrationState.PENDING)
    with pytest.raises(NotPermitted):
        services.set_stance(room.dialogue, pending.user, room.recommendation, "support")
    services.close_voting(room.dialogue, room.moderator, room.recommendation)
    db.session.commit()
    with pytest.raises(InvalidState):
        services.set_stance(room.dialogue, room.miner, room.recommendation, "support")
    assert db.session.query(Stance).count() == 0


@pytest.mark.parametrize("kind, note, field", [("oppose", "", "note"), ("reservations", "  ", "note"),
                                               ("maybe", "", "kind"), ("support", "x" * 2001, "note")])
def test_bad_stances(room, kind, note, field):
    with pytest.raises(InvalidInput) as exc:
        services.set_stance(room.dialogue, room.miner, room.recommendation, kind, note)
    assert exc.value.field == field


def test_a_stance_can_change_and_the_event_carries_counts_not_people(room):
    services.set_stance(room.dialogue, room.miner, room.recommendation, "oppose", "Muy caro")
    services.set_stance(room.dialogue, room.miner, room.recommendation, "support")
    db.session.commit()
    assert db.session.query(Stance).count() == 1
    payload = _events(room.dialogue, "recommendation.stance_changed")[-1].payload
    miners = str(room.people.miner.group_id)
    assert payload["cells"][miners]["support"] == 1 and payload["cells"][miners]["oppose"] == 0
    assert "Muy caro" not in str(payload) and "participant" not in str(payload)


def test_stance_notes_name_only_people_who_consented(room):
    services.set_stance(room.dialogue, room.miner, room.recommendation, "reservations", "Con plazos")
    services.set_stance(room.dialogue, room.miner2, room.recommendation, "oppose", "Sin garantías")
    db.session.commit()
    who = {v.note: v.who for v in services.stance_listing(room.dialogue)}
    assert who["Con plazos"] == "Teodoro Minero"
    assert "Rosa" not in who["Sin garantías"] and room.people.miner2.group.name in who["Sin garantías"]


def test_amendments_accept_becomes_a_revision_reject_needs_a_reason(room):
    rec = room.recommendation
    first = services.propose_amendment(room.dialogue, room.miner, rec, {"body": "Texto nuevo", "reason": "Más claro"})
    second = services.propose_amendment(room.dialogue, room.official, rec, {"body": "Otro", "reason": "Otro"})
    with pytest.raises(NotPermitted):
        services.decide_amendment(room.dialogue, room.miner, rec, first, True)
    services.decide_amendment(room.dialogue, room.moderator, rec, first, True)
    with pytest.raises(InvalidInput):
        services.decide_amendment(room.dialogue, room.moderator, rec, second, False, "")
    services.decide_amendment(room.dialogue, room.moderator, rec, second, False, "Fuera de tema")
    db.session.commit()
    revisions = services.revisions_of(rec)
    assert rec.body == "Texto nuevo" and revisions[-1].amendment_id == first.id
    assert revisions[-1].author_id == room.people.miner.id
    assert second.state == AmendmentState.REJECTED and second.decision_reason == "Fuera de tema"


def test_no_amendment_to_a_withdrawn_recommendation(room):
    services.set_status(room.dialogue, room.moderator, room.recommendation, "withdrawn")
    with pytest.raises(InvalidState):
        services.propose_amendment(room.dialogue, room.miner, room.recommendation, {"body": "X", "reason": "Y"})


def test_status_flow_closes_voting_and_opens_follow_up(room):
    rec = room.recommendation
    with pytest.raises(NotPermitted):
        services.set_status(room.dialogue, room.miner, rec, "adopted")
    with pytest.raises(InvalidState):
        services.set_follow_up(room.dialogue, room.moderator, rec, {"status": "in_progress"})
    with pytest.raises(InvalidInput):
        services.set_status(room.dialogue, room.moderator, rec, "finished")
    services.set_status(room.dialogue, room.moderator, rec, "adopted")
    assert not rec.voting_open and rec.follow_up_status.value == "not_started"
    with pytest.raises(InvalidState):
        services.set_status(room.dialogue, room.moderator, rec, "discussion")
    from datetime import date

    services.set_follow_up(room.dialogue, room.moderator, rec, {"responsible_actor": "Viceministerio",
                                                                "due_date": date(2027, 3, 1), "status": "in_progress"})
    services.add_progress_note(room.dialogue, room.moderator, rec, {"on": date(2027, 1, 10), "body": "Primera reunión"})
    with pytest.raises(InvalidInput):
        services.add_progress_note(room.dialogue, room.moderator, rec, {"on": "yesterday", "body": "x"})
    db.session.commit()
    assert [n.body for n in services.progress_notes_of(rec)] == ["Primera reunión"]


def test_formal_endorsement_only_by_the_designated_representative(room):
    from dialogues.roundtable.models import Organization, OrganizationKind

    fencomin = Organization(name="FENCOMIN", kind=OrganizationKind.FEDERATION)
    db.session.add(fencomin)
    room.people.miner.organization = fencomin
    db.session.commit()
    with pytest.raises(NotPermitted):
        services.endorse(room.dialogue, room.miner, room.recommendation, True)
    with pytest.raises(NotPermitted):
        services.designate_representative(room.dialogue, room.moderator, room.people.miner)  # organizers only
    organizer = room.dialogue  # the factory's organizer created the dialogue
    from dialogues.roundtable.models import Participant, Role

    boss = db.session.query(Participant).filter_by(dialogue_id=organizer.id, role=Role.ORGANIZER).one().user
    services.designate_representative(room.dialogue, boss, room.people.miner)
    services.endorse(room.dialogue, room.miner, room.recommendation, True, "Respaldamos")
    db.session.commit()
    assert [e.organization.name for e in services.endorsements_of(room.recommendation)] == ["FENCOMIN"]
    services.endorse(room.dialogue, room.miner, room.recommendation, False)
    db.session.commit()
    assert services.endorsements_of(room.recommendation) == []


def test_recommendations_of_other_dialogues_are_not_found(room):
    from ..factories import make_dialogue

    with pytest.raises(NotFound):
        load(Recommendation, room.recommendation.id, make_dialogue())


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="#" onclick="alert(1)">x</a>',
    "[ok](https://example.org \"t\") **bold**",
])
def test_markdown_renders_script_and_event_handlers_inert(source):
    html = str(render_markdown(source))
    assert "<script" not in html and "onerror" not in html.replace("onerror=&quot;", "") or "&lt;" in html
    assert "<img" not in html and 'href="javascript' not in html
    assert " on" not in html.split("<a", 1)[-1].split(">", 1)[0]  # no on* attribute on a link


def test_markdown_keeps_the_allowed_subset():
    html = str(render_markdown("*a* **b**\n\n- c\n\n> d\n\n`e` [f](https://example.org)\n\n# title"))
    for tag in ("<em>a</em>", "<strong>b</strong>", "<li>c</li>", "<blockquote>", "<code>e</code>",
                '<a href="https://example.org" rel="noopener noreferrer nofollow">f</a>'):
        assert tag in html
    assert "<h1" not in html
