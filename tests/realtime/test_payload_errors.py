"""A refused socket payload is explained in its sender's language and names the field at fault."""
import pytest

from ..factories import make_dialogue, make_participant, make_user

# (payload sent to "join", the field named, what the Spanish and the French sentence say)
CASES = [
    ({"last_seq": "7"}, "last_seq", "número entero", "nombre entier"),
    ({"last_seq": -1}, "last_seq", "al menos 0", "au moins 0"),
    ({"last_seq": 2**40}, "last_seq", "demasiado grande", "trop grand"),
    ({"last_seq": 0, "colour": "red"}, "colour", "no se espera", "pas attendu"),
    ({"token": "x" * 65}, "token", "como máximo 64", "au plus 64"),
]


@pytest.mark.parametrize("payload, field, spanish, french", CASES)
def test_invalid_payload_is_refused_in_the_senders_language_naming_the_field(socket_client, payload, field,
                                                                              spanish, french):
    dialogue = make_dialogue()
    for locale, words in (("es", spanish), ("fr", french)):
        user = make_user(locale=locale)
        make_participant(dialogue, user)
        ack = socket_client(user).call("join", {"dialogue_id": dialogue.id, **payload})
        assert ack["ok"] is False and ack["error"] == "invalid_input" and ack["field"] == field, ack
        assert f"«{field}»" in ack["message"].replace("\u00a0", "") and words in ack["message"], ack
        assert "Input should" not in ack["message"] and "payload" not in ack["message"], ack


def test_a_missing_field_of_a_write_is_named(socket_client):
    dialogue = make_dialogue()
    user = make_user(locale="fr")
    make_participant(dialogue, user)
    ack = socket_client(user).call("comment.post", {"dialogue_id": dialogue.id, "client_id": "miss-0001"})
    assert ack["field"] in ("item_id", "body") and "obligatoire" in ack["message"], ack
