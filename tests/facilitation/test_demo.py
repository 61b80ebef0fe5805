"""The facilitation demo content: an open poll with votes, hands raised on the running item."""
from sqlalchemy import func, select

from dialogues import demo
from dialogues.extensions import db
from dialogues.facilitation import demo as facilitation_demo
from dialogues.facilitation import polls
from dialogues.facilitation.models import Poll, PollState, SpeakerRequest


def test_demo_has_an_open_poll_with_votes_and_hands_raised():
    dialogue = demo.seed()
    db.session.commit()
    poll = db.session.scalar(select(Poll))
    assert poll.state == PollState.OPEN and "mercurio" in poll.question
    summary = polls.results(dialogue, [poll])[poll.id]
    assert summary["voters"] == len(facilitation_demo.BALLOTS["es"])
    # One civil-society voter: not shown, and the government's three with her (figures.py), so the
    # demo shows both sides of the rule.
    assert [g["name"] for g in summary["groups"]] == ["Miners and cooperatives"]
    assert summary["withheld"] == ["Government", "Civil society"]
    assert db.session.scalar(select(func.count()).select_from(SpeakerRequest)) == len(facilitation_demo.HANDS["es"])


def test_french_demo_has_its_own_poll_and_hands():
    dialogue = demo.seed("fr")
    db.session.commit()
    poll = db.session.scalar(select(Poll))
    assert poll.state == PollState.OPEN and "traçabilité" in poll.question and poll.dialogue_id == dialogue.id
    assert polls.results(dialogue, [poll])[poll.id]["voters"] == len(facilitation_demo.BALLOTS["fr"])
    assert db.session.scalar(select(func.count()).select_from(SpeakerRequest)) == len(facilitation_demo.HANDS["fr"])
