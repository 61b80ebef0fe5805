"""Console, projector, panels and the no-JavaScript forms (which call the same services)."""
import re

from sqlalchemy import select

from dialogues.extensions import db
from dialogues.facilitation.models import Poll, PollState, RequestState, SpeakerRequest, Vote
from dialogues.roundtable.models import DialogueStatus, Gender, Participant

from ..conftest import count_queries, csrf_token, login
from ..factories import make_dialogue, make_participant, make_user
from .factories import make_comment, room


def test_console_is_for_moderators(client):
    dialogue, item, moderator, rosa, _ = room()
    assert client.get(f"/d/{dialogue.id}/console").status_code == 302  # sign in first
    login(client, rosa)
    assert client.get(f"/d/{dialogue.id}/console").status_code == 403
    client.post("/accounts/logout")
    login(client, moderator)
    page = client.get(f"/d/{dialogue.id}/console").get_data(as_text=True)
    for heading in ("Agenda", "List of speakers", "Who has spoken", "Polls", "Comments", "Keyboard shortcuts"):
        assert f">{heading}</h2>" in page
    assert dialogue.projector_token not in page  # the secret link is for organizers


def test_console_shows_queue_balance_and_moderation_without_n_plus_one(client):
    dialogue, item, moderator, rosa, teodoro = room()
    people = [make_participant(dialogue, make_user(f"Minera {i}"), gender=Gender.WOMAN) for i in range(6)]
    for i, person in enumerate(people):
        db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=person.id,
                                      position=i, state=RequestState.WAITING))
    flagged = make_comment(item, people[0], "Comentario señalado", hidden_reason="")
    make_comment(item, None, "Comentario oculto", hidden_at=item.created_at, hidden_reason="Ofensivo")
    from dialogues.comments.models import Flag
    db.session.add(Flag(comment_id=flagged.id, participant_id=people[1].id, reason="spam"))
    db.session.commit()
    login(client, moderator)
    client.get(f"/d/{dialogue.id}/console")
    with count_queries() as few:
        client.get(f"/d/{dialogue.id}/console")
    for i in range(6, 12):
        person = make_participant(dialogue, make_user(f"Minera {i}"))
        db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=person.id,
                                      position=i, state=RequestState.WAITING))
    db.session.commit()
    with count_queries() as many:
        page = client.get(f"/d/{dialogue.id}/console").get_data(as_text=True)
    assert len(many) == len(few)
    assert "Minera 11" in page and "Comentario señalado" in page and "Ofensivo" in page
    queue = page.split('class="queue console-queue"')[1].split("</ol>")[0]
    assert "Minera 3" in queue and "Woman" not in queue  # gender only in the aggregate table


def test_projector_public_draft_and_secret_link(client):
    dialogue, item, moderator, rosa, _ = room()
    assert client.get(f"/d/{dialogue.id}/projector").status_code == 200
    draft = make_dialogue(status=DialogueStatus.DRAFT)
    assert client.get(f"/d/{draft.id}/projector").status_code == 404
    assert client.get(f"/d/{draft.id}/projector?token=wrong").status_code == 404
    assert client.get(f"/d/{draft.id}/projector?token={draft.projector_token}").status_code == 200
    assert client.get(f"/d/{draft.id}/panels/projector?token={draft.projector_token}").status_code == 200
    assert client.get(f"/d/{draft.id}/panels/projector").status_code == 404


def test_new_projector_link_replaces_the_old_one(client):
    organizer = make_user()
    draft = make_dialogue(organizer, status=DialogueStatus.DRAFT)
    old = draft.projector_token
    login(client, organizer)
    page = client.get(f"/d/{draft.id}/console").get_data(as_text=True)
    assert old in page
    assert client.post(f"/d/{draft.id}/projector/token").status_code == 302
    db.session.expire_all()
    assert db.session.get(type(draft), draft.id).projector_token != old
    client.post("/accounts/logout")
    assert client.get(f"/d/{draft.id}/projector?token={old}").status_code == 404


def test_projector_shows_item_speaker_poll_and_comments_never_anonymous_authors(client):
    dialogue, item, moderator, rosa, teodoro = room()
    rosa_p = db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))
    teo_p = db.session.scalar(select(Participant).where(Participant.user_id == teodoro.id))
    db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=rosa_p.id,
                                  state=RequestState.SPEAKING, started_at=item.created_at, allotted_seconds=180))
    db.session.add(SpeakerRequest(dialogue_id=dialogue.id, item_id=item.id, participant_id=teo_p.id, position=1))
    make_comment(item, teo_p, "Comentario anónimo", is_anonymous=True)
    make_comment(item, rosa_p, "Comentario fijado", pinned_at=item.created_at)
    poll = Poll(dialogue_id=dialogue.id, question="¿Priorizar el reemplazo del mercurio?", kind="scale",
                state=PollState.OPEN)
    db.session.add(poll)
    db.session.commit()
    page = client.get(f"/d/{dialogue.id}/projector").get_data(as_text=True)
    assert "Reemplazo del mercurio" in page and "Rosa Huanca" in page
    assert "Teodoro Condori" not in page and "A participant" in page  # in the queue without consent to be named
    assert "¿Priorizar el reemplazo del mercurio?" in page and "Comentario fijado" in page
    anonymous = page.split("Comentario anónimo")[1].split("</li>")[0]
    assert "Teodoro" not in anonymous and "Anonymous" in anonymous
    assert "data-live-dialogue" in page and "data-live-seq" in page


def _wall(client, dialogue) -> str:
    return client.get(f"/d/{dialogue.id}/panels/projector").get_data(as_text=True)


def test_projector_leaves_out_a_flagged_comment_until_its_flags_are_dismissed_unless_pinned(client):
    from dialogues.comments import services as comments

    dialogue, item, moderator, rosa, teodoro = room()
    rosa_p = db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))
    reported = make_comment(item, rosa_p, "Comentario reportado")
    pinned = make_comment(item, rosa_p, "Comentario fijado", pinned_at=item.created_at)
    make_comment(item, rosa_p, "Comentario tranquilo")
    comments.flag(dialogue, teodoro, reported, "Ofensivo")
    comments.flag(dialogue, teodoro, pinned, "No estoy de acuerdo")
    db.session.commit()
    wall = _wall(client, dialogue)
    assert "Comentario reportado" not in wall and "Comentario fijado" in wall and "Comentario tranquilo" in wall
    login(client, rosa)  # phones keep showing it: only a moderator hides a comment from the thread
    assert "Comentario reportado" in client.get(f"/d/{dialogue.id}/items/{item.id}").get_data(as_text=True)
    client.post("/accounts/logout")
    login(client, moderator)
    console = client.get(f"/d/{dialogue.id}/panels/console-moderation").get_data(as_text=True)
    assert console.count("Dismiss the flags") == 2  # pinning answered nothing: still flagged
    assert client.post(f"/d/{dialogue.id}/comments/{reported.id}/dismiss").status_code == 302
    assert "Comentario reportado" in _wall(client, dialogue)
    assert client.get(f"/d/{dialogue.id}/panels/console-moderation").get_data(as_text=True) \
        .count("Dismiss the flags") == 1


def test_projector_queries_do_not_grow_with_comments_and_flags(client):
    from dialogues.comments.models import Flag

    dialogue, item, moderator, rosa, teodoro = room()
    rosa_p, teo_p = (db.session.scalar(select(Participant).where(Participant.user_id == u.id)) for u in (rosa, teodoro))

    def add(n):
        for i in range(n):
            comment = make_comment(item, rosa_p, f"Comentario {i}", pinned_at=item.created_at if i % 3 == 0 else None)
            if i % 2:
                db.session.add(Flag(comment_id=comment.id, participant_id=teo_p.id))
        db.session.commit()

    add(4)  # pinned, flagged, neither, both
    _wall(client, dialogue)
    with count_queries() as few:
        _wall(client, dialogue)
    add(30)
    with count_queries() as many:
        wall = _wall(client, dialogue)
    assert len(many) == len(few)
    assert wall.count("<li") == 8  # four pinned, four of the latest without an open flag


def test_panels_fragment_and_unknown_panel(client):
    dialogue, item, moderator, rosa, _ = room()
    assert client.get(f"/d/{dialogue.id}/panels/speakers").status_code == 200
    assert client.get(f"/d/{dialogue.id}/panels/nope").status_code == 404
    assert client.get(f"/d/{dialogue.id}/panels/console-polls").status_code == 403


def test_no_js_raise_hand_give_floor_and_vote_with_csrf(client, csrf):
    dialogue, item, moderator, rosa, _ = room()
    login(client, rosa)
    page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    assert "Ask to speak" in page
    token = csrf_token(client, f"/d/{dialogue.id}")
    assert client.post(f"/d/{dialogue.id}/speakers/raise", data={"kind": "normal"}).status_code == 400  # no token
    assert client.post(f"/d/{dialogue.id}/speakers/raise", data={"kind": "normal", "csrf_token": token},
                       headers={"Referer": f"http://localhost/d/{dialogue.id}"}).status_code == 302
    assert "Lower my hand" in client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    client.post("/accounts/logout", data={"csrf_token": token})
    login(client, moderator)
    token = csrf_token(client, f"/d/{dialogue.id}/console")
    assert client.post(f"/d/{dialogue.id}/speakers/floor", data={"csrf_token": token}).status_code == 302
    assert db.session.scalar(select(SpeakerRequest.state)) == RequestState.SPEAKING
    client.post(f"/d/{dialogue.id}/polls", data={"question": "¿Sí o no?", "kind": "single",
                                                 "options": "Sí\nNo", "csrf_token": token})
    poll = db.session.scalar(select(Poll))
    client.post(f"/d/{dialogue.id}/polls/{poll.id}/open", data={"csrf_token": token})
    client.post("/accounts/logout", data={"csrf_token": token})
    login(client, rosa)
    token = csrf_token(client, f"/d/{dialogue.id}")
    yes = poll.options[0].id
    assert client.post(f"/d/{dialogue.id}/polls/{poll.id}/vote",
                       data={"option_ids": str(yes), "csrf_token": token}).status_code == 302
    assert client.post(f"/d/{dialogue.id}/polls/{poll.id}/vote",
                       data={"option_ids": "x", "csrf_token": token}).status_code == 400
    assert db.session.scalars(select(Vote.option_id)).all() == [yes]
    assert re.search(r"Change my vote", client.get(f"/d/{dialogue.id}").get_data(as_text=True))


def test_no_js_refusals_are_clear_pages_not_500(client):
    dialogue, item, moderator, rosa, _ = room()
    login(client, rosa)
    response = client.post(f"/d/{dialogue.id}/speakers/floor")
    assert response.status_code == 403 and "moderators" in response.get_data(as_text=True)
    assert client.post(f"/d/{dialogue.id}/speakers/raise", data={"kind": "nonsense"}).status_code == 400
    assert client.post(f"/d/{dialogue.id}/speakers/move", data={"request_id": "abc"}).status_code == 400
    assert client.post(f"/d/{dialogue.id}/polls/999/vote", data={"option_ids": "1"}).status_code == 404
    assert client.post(f"/d/999999/speakers/raise").status_code == 404
    assert db.session.scalar(select(SpeakerRequest.id)) is None


def _by_group_rows(page: str) -> dict:
    table = page.split('class="by-group"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>(?:<span[^>]*>)?([^<]+)(?:</span>)?</td>', table))


def test_every_group_appears_in_poll_results_small_ones_not_shown(client):
    """Three miners and two officials vote: the officials are named as "not shown", not dropped;
    civil society (registered, no vote) too; and the miners as well, or the overall counts minus theirs
    would give the two officials' votes. Groups with nobody registered share one note."""
    from dialogues.facilitation.models import PollOption

    dialogue, item, moderator, rosa, teodoro = room()
    miners = [db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))] + \
        [make_participant(dialogue, make_user(f"Minero {i}")) for i in range(2)]
    officials = [db.session.scalar(select(Participant).where(Participant.user_id == teodoro.id)),
                 make_participant(dialogue, make_user("Funcionaria"), group_key="government")]
    poll = Poll(dialogue_id=dialogue.id, question="¿Fondo rotatorio?", kind="single", state=PollState.CLOSED,
                options=[PollOption(position=0, label="Sí"), PollOption(position=1, label="No")])
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(Vote(poll_id=poll.id, option_id=poll.options[0].id, participant_id=p.id)
                       for p in miners + officials)
    db.session.commit()
    login(client, rosa)
    page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    rows = _by_group_rows(page)
    assert {rows[g] for g in ("Miners and cooperatives", "Government", "Civil society")} == {"not shown"}
    assert "Nobody registered for: Market and buyers, International cooperation, Academia." in page


def test_one_small_group_cannot_be_worked_out_from_the_totals(client):
    """The audit's case: three miners and three officials shown, one civil-society voter hidden. The
    overall counts minus the two shown groups gave her vote exactly; now the smaller shown group is
    hidden with her, and what the totals leave is the votes of four people."""
    from dialogues.facilitation.models import PollOption

    dialogue, item, moderator, rosa, teodoro = room()
    miners = [db.session.scalar(select(Participant).where(Participant.user_id == rosa.id))] + \
        [make_participant(dialogue, make_user(f"Minero {i}")) for i in range(2)]
    officials = [db.session.scalar(select(Participant).where(Participant.user_id == teodoro.id))] + \
        [make_participant(dialogue, make_user(f"Funcionaria {i}"), group_key="government") for i in range(3)]
    voice = make_participant(dialogue, make_user("Activista"), group_key="civil_society")
    poll = Poll(dialogue_id=dialogue.id, question="¿Fondo rotatorio?", kind="single", state=PollState.CLOSED,
                options=[PollOption(position=0, label="Sí"), PollOption(position=1, label="No")])
    db.session.add(poll)
    db.session.flush()
    yes, no = poll.options
    db.session.add_all([Vote(poll_id=poll.id, option_id=yes.id, participant_id=p.id) for p in miners]
                       + [Vote(poll_id=poll.id, option_id=no.id, participant_id=p.id) for p in officials]
                       + [Vote(poll_id=poll.id, option_id=yes.id, participant_id=voice.id)])
    db.session.commit()
    login(client, rosa)
    page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
    rows = _by_group_rows(page)
    assert rows["Government"] == "0"  # four officials: its row is shown (0 yes, 4 no)
    assert rows["Miners and cooperatives"] == rows["Civil society"] == "not shown"
    assert "nor, where needed, the next smallest" in page
