"""Privacy in every format: no e-mail, no individual's gender, no anonymous author, no name without consent."""
import pytest

from .conftest import ANONYMOUS_COMMENT, HIDDEN_COMMENT
from .helpers import produce, text_of

EVERY_FORMAT = ["pdf", "docx", "md", "json", "comments.csv", "recommendations.csv", "stances.csv"]


@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_nothing_private_in_any_format(outcome, fmt):
    text = text_of(fmt, produce(outcome.dialogue, fmt, scope="all"))
    assert "@" not in text  # no e-mail address at all
    assert "Efraín Reservado" not in text  # did not consent to be listed: named by group instead
    # A gender label appears at most once: as a row of the aggregate table, never beside a person.
    assert text.count("Another gender") <= 1 and text.count("Woman") <= 1 and '"gender"' not in text
    assert HIDDEN_COMMENT not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "json", "comments.csv"])
def test_anonymous_comment_keeps_its_author_hidden(outcome, fmt):
    text = text_of(fmt, produce(outcome.dialogue, fmt))
    assert ANONYMOUS_COMMENT in text and "Anonymous, from Miners and cooperatives" in text
    # Teodoro wrote it; he is listed in the annex, but never next to it.
    position = text.index(ANONYMOUS_COMMENT)
    assert "Teodoro" not in text[max(0, position - 120):position + len(ANONYMOUS_COMMENT) + 40]


def test_objection_without_consent_is_named_by_group(outcome):
    text = text_of("md", produce(outcome.dialogue, "md"))
    assert "a participant from Miners and cooperatives — Oppose: Faltan recursos" in text
    assert "(Miners and cooperatives) — Oppose" not in text  # the group is named once
    assert "Patricia Flores (Government) — Support with reservations: Depende del presupuesto 2027" in text


def test_gender_only_in_aggregate(outcome):
    import json

    figures = json.loads(produce(outcome.dialogue, "json"))["figures"]
    # One person of another gender: a cell that small is suppressed ("not shown").
    assert {r["name"]: r["registered"] for r in figures["by_gender"]}["Another gender"] is None
    assert all(set(p) == {"name", "organization", "group"} for p in json.loads(produce(outcome.dialogue, "json"))["participants"])


def test_participant_csv_for_organizers_has_no_email_or_gender(outcome):
    text = produce(outcome.dialogue, "participants.csv").decode("utf-8-sig")
    assert "Efraín Reservado" in text  # the organizers' own registration list
    assert "@" not in text and "gender" not in text.splitlines()[0] and "Another gender" not in text
