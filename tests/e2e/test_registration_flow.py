"""In a real browser: sign up, join with the code, get approved, see the dialogue among mine."""
import pytest

from dialogues.roundtable.models import Participant, RegistrationState
from dialogues.extensions import db

from ..factories import make_dialogue, make_user

pytestmark = pytest.mark.browser


def test_new_person_joins_with_code_and_is_approved(new_page):
    organizer = make_user("Lucía Quispe")
    dialogue = make_dialogue(organizer, title="Diálogos del Oro – La Paz")

    person = new_page()
    person.goto("/accounts/signup")
    person.fill("#name", "Sonia Mendoza")
    person.fill("#email", "sonia@example.org")
    person.fill("#password", "clave-segura-123")
    person.fill("#confirm", "clave-segura-123")
    person.click("form.stack button[type=submit]")
    person.wait_for_url("**/me/dialogues")

    person.goto("/")
    person.fill("#code", dialogue.join_code.lower())
    person.click("form.row button[type=submit]")
    person.wait_for_url(f"**/d/{dialogue.id}/register")
    miners = next(g for g in dialogue.groups if g.key == "miners")
    person.select_option("#group_id", value=str(miners.id))
    person.fill("#org_name", "Red Nacional de Mujeres y Minería")
    person.select_option("#org_kind", "ngo")
    person.check("input[name=gender][value=woman]")
    person.check("#consent_listed")
    person.click("form.stack button[type=submit]")
    person.wait_for_url(f"**/d/{dialogue.id}")
    assert person.locator("[data-registration-state]").get_attribute("data-registration-state") == "pending"

    moderator_page = new_page(organizer)
    moderator_page.goto(f"/d/{dialogue.id}/participants?state=pending")
    row = moderator_page.locator("tr", has_text="Sonia Mendoza")
    row.locator("form[action$='/approve'] button").click()
    moderator_page.wait_for_load_state()
    db.session.expire_all()
    assert db.session.query(Participant).filter_by(name="Sonia Mendoza").one().state == RegistrationState.APPROVED

    person.goto("/me/dialogues")
    card = person.locator("article.card", has_text="Diálogos del Oro – La Paz")
    assert card.count() == 1
    assert card.locator(".state-approved").count() == 1
