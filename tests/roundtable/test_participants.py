"""The participant list: figures for organizers, names-with-consent for everyone else."""
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from dialogues.roundtable.models import Gender, Organization, Participant, RegistrationState, Role
from dialogues.extensions import db

from ..factories import make_dialogue, make_participant, make_user


def populate():
    organizer = make_user("Organizadora")
    dialogue = make_dialogue(organizer)
    federation = Organization(name="FERRECO", kind="federation", country="Bolivia")
    ministry = Organization(name="Viceministerio de Cooperativas Mineras", kind="government", country="Bolivia")
    db.session.add_all([federation, ministry])
    db.session.commit()
    people = {
        "rosa": make_participant(dialogue, make_user("Rosa Huanca", email="rosa@example.org"), gender=Gender.WOMAN,
                                 consent_listed=True, organization_id=federation.id, checked_in_at=datetime(2026, 1, 1),
                                 needs="Intérprete aymara"),
        "efrain": make_participant(dialogue, make_user("Efraín Tola"), gender=Gender.MAN, consent_listed=False,
                                   organization_id=federation.id),
        "patricia": make_participant(dialogue, make_user("Patricia Flores"), group_key="government",
                                     gender=Gender.WOMAN, consent_listed=True, organization_id=ministry.id),
        "pending": make_participant(dialogue, make_user("Hilarión Poma"), state=RegistrationState.PENDING,
                                    consent_listed=True),
    }
    return organizer, dialogue, people


def test_organizer_sees_figures_by_group_gender_and_organization_kind(client, login_as):
    organizer, dialogue, _people = populate()
    login_as(organizer)
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    assert 'data-group-count="miners">2<' in page and 'data-group-count="government">1<' in page
    # Gender cells under GENDER_MIN_CELL (3) are suppressed (tests/security covers the rule).
    assert 'data-gender-count="woman">not shown<' in page and 'data-gender-count="man">not shown<' in page
    assert "1 present" in page and "1 pending" in page and "1 × Federation" in page
    assert "Intérprete aymara" in page  # needs: organizers only


def test_filters_by_group_state_and_attendance(client, login_as):
    organizer, dialogue, people = populate()
    login_as(organizer)
    government = next(g for g in dialogue.groups if g.key == "government")
    url = f"/d/{dialogue.id}/participants"

    def listed(query):
        page = client.get(f"{url}?{query}").get_data(as_text=True)
        return {name for name, p in people.items() if f'data-participant-id="{p.id}"' in page}

    assert listed(f"group={government.id}") == {"patricia"}
    assert listed("state=pending") == {"pending"}
    assert listed("attendance=present") == {"rosa"}
    assert "efrain" in listed("attendance=absent")
    assert client.get(f"{url}?group=abc&state=weird&attendance=x").status_code == 200


def test_moderator_sees_the_list_without_organizer_buttons(client, login_as):
    _organizer, dialogue, _people = populate()
    moderator = make_user()
    make_participant(dialogue, moderator, role=Role.MODERATOR)
    login_as(moderator)
    page = client.get(f"/d/{dialogue.id}/participants").get_data(as_text=True)
    assert "Rosa Huanca" in page and "/approve" not in page


def test_others_see_only_consented_names_and_organizations(client, login_as):
    _organizer, dialogue, _people = populate()
    participant = make_user()
    make_participant(dialogue, participant)
    for who in (None, participant):
        if who:
            login_as(who)
        page = client.get(f"/d/{dialogue.id}").get_data(as_text=True)
        assert "Rosa Huanca" in page and "FERRECO" in page and "Patricia Flores" in page
        assert "Efraín Tola" not in page  # did not consent
        assert "Hilarión Poma" not in page  # not approved
        assert "rosa@example.org" not in page and "Intérprete" not in page
        assert "Woman" not in page and "woman" not in page
    assert client.get(f"/d/{dialogue.id}/participants").status_code == 403


def test_my_dialogues_lists_registrations(client, login_as):
    dialogue = make_dialogue(title="Diálogo en Madre de Dios")
    user = make_user()
    make_participant(dialogue, user, state=RegistrationState.PENDING)
    login_as(user)
    page = client.get("/me/dialogues").get_data(as_text=True)
    assert "Diálogo en Madre de Dios" in page and ("Pending" in page or "Pendiente" in page)


@pytest.mark.parametrize("code, one, two", [
    ("en", "1 participant approved, 1 present, 1 pending.", "2 participants approved, 2 present, 2 pending."),
    ("es", "1 participante aprobado, 1 presente, 1 pendiente.",
     "2 participantes aprobados, 2 presentes, 2 pendientes."),
    ("fr", "1 participant approuvé, 1 présent, 1 en attente.",
     "2 participants approuvés, 2 présents, 2 en attente.")])
def test_the_figures_take_each_counts_plural(client, login_as, code, one, two):
    """"1 présent", never "1 présents": each count has its own plural form."""
    organizer = make_user(locale=code)
    dialogue = make_dialogue(organizer)
    me = db.session.scalar(select(Participant).where(Participant.user_id == organizer.id))
    me.checked_in_at = datetime(2026, 12, 1, 9, 0)  # the organizer is the one approved person, present
    make_participant(dialogue, state=RegistrationState.PENDING)  # commits
    login_as(organizer)
    summary = lambda: " ".join(re.search(r"data-summary>(.*?)</p>", client.get(
        f"/d/{dialogue.id}/participants").get_data(as_text=True), re.S).group(1).split())
    assert summary() == one
    make_participant(dialogue, checked_in_at=datetime(2026, 12, 1, 9, 5))
    make_participant(dialogue, state=RegistrationState.PENDING)
    assert summary() == two
