"""A woman miner's cheap phone in the room (360 × 740, touch, Spanish), in real Chromium: she chooses
anonymity again for every comment and sees whom she answers; when the moderator moves the agenda on,
her page keeps the item she reads and tells her where the room is now; every link she taps is 44 px tall."""
import os

import pytest
from playwright.sync_api import expect

from dialogues.agenda import services as agenda
from dialogues.comments import services as comments
from dialogues.comments.models import Comment
from dialogues.extensions import db

from ..conftest import http_session
from ..factories import make_dialogue, make_participant, make_user

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SHOTS = os.environ.get("SCREENSHOT_DIR")
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
# Links and buttons under `selector` that are visible, with their height and their gap to the next one on the same line.
TARGETS = """selector => {
  const els = Array.from(document.querySelectorAll(selector)).filter(el => el.offsetParent !== null);
  const boxes = els.map(el => ({text: el.textContent.trim().slice(0, 30), box: el.getBoundingClientRect()}));
  return boxes.map((b, i) => {
    const next = boxes[i + 1];
    const sameLine = next && Math.abs(next.box.top - b.box.top) < 4;
    return {text: b.text, height: Math.round(b.box.height), gap: sameLine ? Math.round(next.box.left - b.box.right) : null};
  });
}"""


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def assert_big(page, selector: str, at_least: int = 1) -> None:
    targets = page.evaluate(TARGETS, selector)
    assert len(targets) >= at_least, (selector, targets)
    small = [t for t in targets if t["height"] < 44 or (t["gap"] is not None and t["gap"] < 8)]
    assert small == [], (selector, small)


@pytest.fixture
def room():
    organizer = make_user("Lucía Quispe", locale="es")
    dialogue = make_dialogue(organizer, title="Diálogos del Oro – Puno", language="es")
    rosa, ben, ana = make_user("Rosa Mamani", locale="es"), make_user("Teodoro Condori", locale="es"), \
        make_user("Ana Flores", locale="es")
    for user in (rosa, ben, ana):
        make_participant(dialogue, user)
    first = agenda.add_item(dialogue, organizer, {"title": "Reducción del mercurio", "planned_minutes": 30})
    second = agenda.add_item(dialogue, organizer, {"title": "Regalías mineras", "planned_minutes": 20})
    agenda.start_item(dialogue, organizer, first)
    db.session.commit()
    named = comments.post_comment(dialogue, ben, first, "Necesitamos retortas en cada cooperativa")
    hidden_name = comments.post_comment(dialogue, ana, first, "En mi cooperativa no nos pagan a tiempo",
                                        anonymous=True, show_group=False)
    db.session.commit()
    return dialogue, organizer, rosa, first, second, named, hidden_name


def test_anonymity_is_chosen_again_for_each_comment_and_a_reply_says_whom_it_answers(new_page, room):
    dialogue, _organizer, rosa, first, _second, named, hidden_name = room
    page = new_page(rosa, locale="es-ES", **PHONE)
    page.goto(f"/d/{dialogue.id}/items/{first.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    anonymous, show_group = page.locator("input[name=anonymous]"), page.locator("input[name=show_group]")

    page.fill("textarea[name=body]", "Las mujeres mineras también necesitamos capacitación")
    anonymous.tap()
    expect(anonymous).to_be_checked()
    page.locator("#comment-form button[type=submit]").tap()
    expect(page.locator("[data-comments] > li[data-mine]")).to_contain_text("Las mujeres mineras")
    expect(anonymous).not_to_be_checked()  # back to the defaults: she chooses again for the next one
    expect(show_group).to_be_checked()

    banner = page.locator("[data-replying]")
    page.locator(f"#c-{named.id} [data-reply]").first.tap()
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Estás respondiendo a un comentario de Teodoro Condori.")
    page.locator(f"#c-{hidden_name.id} [data-reply]").first.tap()
    expect(banner).to_contain_text("Estás respondiendo a un comentario anónimo.")
    expect(banner).not_to_contain_text("Ana Flores")
    page.locator(f"#c-{named.id} [data-reply]").first.tap()
    page.fill("textarea[name=body]", "De acuerdo, y con capacitación")
    shot(page, "phone-reply-banner")
    page.locator("#comment-form button[type=submit]").tap()
    expect(page.locator(f"#c-{named.id} [data-replies] li[data-mine]")).to_contain_text("De acuerdo")
    expect(banner).to_be_hidden()
    db.session.expire_all()
    reply = db.session.query(Comment).filter_by(body="De acuerdo, y con capacitación").one()
    assert reply.parent_id == named.id and not reply.is_anonymous  # not anonymous without her choosing again
    assert page.evaluate(FITS)


def test_the_reply_banner_without_javascript_names_whom_she_answers(new_page, room):
    dialogue, _organizer, rosa, first, _second, named, hidden_name = room
    page = new_page(rosa, locale="es-ES", java_script_enabled=False, **PHONE)
    page.goto(f"/d/{dialogue.id}/items/{first.id}")
    page.fill("textarea[name=body]", "Sin mi nombre")
    page.check("input[name=anonymous]")
    page.click("#comment-form button[type=submit]")
    expect(page.locator("[data-comments]")).to_contain_text("Sin mi nombre")
    expect(page.locator("input[name=anonymous]")).not_to_be_checked()
    page.locator(f"#c-{hidden_name.id} [data-reply]").first.click()
    expect(page.locator("[data-replying]")).to_contain_text("Estás respondiendo a un comentario anónimo.")
    expect(page.locator("[data-replying]")).not_to_contain_text("Ana Flores")
    page.locator(f"#c-{named.id} [data-reply]").first.click()
    expect(page.locator("[data-replying]")).to_contain_text("Estás respondiendo a un comentario de Teodoro Condori.")
    expect(page.locator("input[name=anonymous]")).not_to_be_checked()


def test_when_the_room_moves_on_the_page_says_where_to(live_server, new_page, room):
    dialogue, organizer, rosa, first, second, _named, _hidden = room
    page = new_page(rosa, locale="es-ES", **PHONE)
    page.goto(f"/d/{dialogue.id}/items/{first.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    notice = page.locator("[data-room-moved]")
    expect(notice).to_have_attribute("role", "status")
    expect(notice.locator("[data-room-moved-body]")).to_be_hidden()

    moderator = http_session(live_server.url, organizer)
    response = moderator.post(f"{live_server.url}/d/{dialogue.id}/agenda/next", data={"item_id": first.id},
                              allow_redirects=False)
    assert response.status_code in (302, 303), response.text

    body = notice.locator("[data-room-moved-body]")
    expect(body).to_be_visible()
    expect(body).to_contain_text("La sala ya está en el punto «Regalías mineras».")
    expect(body).to_contain_text("La lista de oradores de abajo es la de ese punto.")
    link = body.locator("a")
    expect(link).to_have_text("Regalías mineras")
    expect(link).to_have_attribute("href", f"/d/{dialogue.id}/items/{second.id}")
    expect(page.locator("h1")).to_have_text("Reducción del mercurio")  # she may still be reading this one
    notice_box, speakers_box = body.bounding_box(), page.locator("[data-panel=speakers]").bounding_box()
    assert notice_box["y"] + notice_box["height"] <= speakers_box["y"]  # the notice sits above the list
    assert notice_box["y"] < 740  # and near the top: on the first screen
    assert page.evaluate(FITS)
    shot(page, "phone-room-moved")

    link.tap()
    expect(page).to_have_url(f"{live_server.url}/d/{dialogue.id}/items/{second.id}")
    expect(page.locator("h1")).to_have_text("Regalías mineras")
    expect(page.locator("[data-room-moved-body]")).to_be_hidden()


@pytest.mark.parametrize("options", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_links_she_taps_are_44_px_tall_and_apart(browser, live_server, new_page, room, options):
    dialogue, _organizer, rosa, first, _second, named, _hidden = room
    with_pass = browser.new_context(base_url=live_server.url, locale="es-ES", **options)
    page = with_pass.new_page()
    page.goto(f"/d/{dialogue.id}/join")
    page.fill("#name", "Doña Rosa")
    page.check("#agree")
    page.click("[data-join-form] button[type=submit]")
    page.goto(f"/d/{dialogue.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    expect(page.locator(f"[data-panel=registration] a[href='/d/{dialogue.id}/pass']")).to_have_text("Tu pase de sala y tu código personal")
    assert_big(page, f"[data-panel=registration] a[href='/d/{dialogue.id}/pass']")
    assert_big(page, ".agenda-line a[data-thread-link]", at_least=2)
    assert_big(page, f".agenda-all a[href='/d/{dialogue.id}/agenda']")
    assert page.evaluate(FITS)
    shot(page, f"dialogue-{options['viewport']['width']}")
    with_pass.close()

    page = new_page(rosa, locale="es-ES", **options)
    page.goto(f"/d/{dialogue.id}/items/{first.id}")
    expect(page.locator(f"#c-{named.id} [data-reply]")).to_be_visible()
    assert_big(page, ".comment-actions > a:not([hidden])", at_least=3)
    assert page.evaluate(FITS)
    shot(page, f"thread-{options['viewport']['width']}")
