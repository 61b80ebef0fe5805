"""The "Poll results" section in every format: closed polls with their counts, open ones marked as such,
hidden results left out until the poll closes, and a group's breakdown only where facilitation shows it."""
import json
from pathlib import Path

import jsonschema
import pytest

from dialogues.exports import formats
from dialogues.exports.document import document
from dialogues.extensions import db
from dialogues.facilitation.models import Poll, PollKind, PollOption, PollState, Vote

from ..conftest import count_queries
from ..factories import make_participant
from .helpers import docx_parts, produce, text_of

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text())
CLOSED = "¿Apoya el fondo rotatorio para retortas?"
OPEN = "¿Prioriza la formalización este año?"
HIDDEN = "¿Confía en la ventanilla única?"
DRAFT = "Pregunta que nunca se abrió"


def _poll(dialogue, question, state, votes, hide_results=False) -> Poll:
    """``votes``: (participant, option position) pairs; options are "Sí" and "No"."""
    poll = Poll(dialogue_id=dialogue.id, question=question, kind=PollKind.SINGLE, state=state,
                hide_results=hide_results, options=[PollOption(position=0, label="Sí"), PollOption(position=1, label="No")])
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(Vote(poll_id=poll.id, option_id=poll.options[i].id, participant_id=p.id) for p, i in votes)
    return poll


@pytest.fixture
def polls(outcome):
    """Closed: 4 miners vote (3 Sí, 1 No) and 1 official (Sí) — too few officials to show their group."""
    people = outcome.people
    miners = [people.listed, people.private, *[make_participant(outcome.dialogue) for _ in range(2)]]
    votes = [(miners[0], 0), (miners[1], 0), (miners[2], 0), (miners[3], 1), (people.official, 0)]
    _poll(outcome.dialogue, CLOSED, PollState.CLOSED, votes)
    _poll(outcome.dialogue, OPEN, PollState.OPEN, [(miners[0], 1)])
    _poll(outcome.dialogue, HIDDEN, PollState.OPEN, [(miners[0], 0)], hide_results=True)
    _poll(outcome.dialogue, DRAFT, PollState.DRAFT, [])
    db.session.commit()
    return outcome


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "json"])
def test_every_format_has_the_poll_results(polls, fmt):
    text = text_of(fmt, produce(polls.dialogue, fmt))
    assert "Poll results" in text or fmt == "json"
    assert CLOSED in text and OPEN in text and HIDDEN in text and DRAFT not in text
    if fmt != "json":
        assert "80%" in text and "Open: still being voted on" in text
        assert "The results are shown once the poll is closed." in text


def test_markdown_shows_counts_and_only_the_groups_facilitation_shows(polls):
    text = produce(polls.dialogue, "md").decode()
    closed = text[text.index(CLOSED):text.index(OPEN)]
    assert "Closed · 5 voters" in closed
    assert "| Sí | 4 | 80% |" in closed and "| No | 1 | 20% |" in closed
    # One official voted: too few to show; and the overall counts minus the miners' would be her vote,
    # so the miners are not shown either. Both are named, without counts.
    assert "| Government | not shown | not shown | not shown |" in closed
    assert "| Miners and cooperatives | not shown | not shown | not shown |" in closed
    assert "| 3 | 1 | 4 |" not in closed


def test_docx_poll_tables(polls):
    parts = docx_parts(produce(polls.dialogue, "docx"))
    assert ("Heading 1", "Poll results") in parts["headings"] and ("Heading 2", CLOSED) in parts["headings"]
    assert "Miners and cooperatives" in parts["cells"] and "80%" in parts["cells"]


def test_json_polls_validate_and_hide_hidden_results(polls):
    data = json.loads(produce(polls.dialogue, "json"))
    jsonschema.validate(data, SCHEMA)
    by_question = {p["question"]: p for p in data["polls"]}
    assert list(by_question) == [CLOSED, OPEN, HIDDEN]
    assert by_question[CLOSED]["results"]["options"][0] == {"label": "Sí", "count": 4, "percent": 80}
    assert by_question[CLOSED]["results"]["groups"] == []
    assert {"Miners and cooperatives", "Government"} <= set(by_question[CLOSED]["results"]["withheld"])
    assert by_question[OPEN]["open"] and by_question[OPEN]["results"]["voters"] == 1
    assert by_question[HIDDEN]["results"] is None


def test_hidden_results_appear_once_the_poll_is_closed(polls):
    poll = db.session.query(Poll).filter_by(question=HIDDEN).one()
    poll.state = PollState.CLOSED
    db.session.commit()
    hidden = next(p for p in json.loads(produce(polls.dialogue, "json"))["polls"] if p["question"] == HIDDEN)
    assert hidden["results"]["voters"] == 1 and not hidden["open"]


def test_document_data_takes_the_same_number_of_queries_however_big(polls):
    """No N+1: more people, comments, stances and polls add no query."""
    options = formats.parse({"format": "json", "language": "en", "scope": "all"})

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as statements:
            document(polls.dialogue, options)
        return len(statements)

    before = queries()
    extra = [make_participant(polls.dialogue, consent_listed=True) for _ in range(3)]
    _poll(polls.dialogue, "Otra pregunta", PollState.CLOSED, [(p, 1) for p in extra])
    db.session.commit()
    assert queries() == before
