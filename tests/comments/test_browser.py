"""Two people on the thread page in real Chromium: a comment appears live, a hidden one goes away; the
form says what became of a comment sent without a connection; the box of someone waiting for approval
says only that she is approved once she is."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from dialogues.comments.models import Comment
from dialogues.extensions import db
from dialogues.roundtable import services as roundtable
from dialogues.roundtable.models import Role

from ..factories import make_participant, make_user

OFFLINE = "Sin conexión: tu comentario está guardado y se enviará cuando vuelva la conexión."
WAITING = "Esperando aprobación"


def test_comment_appears_live_and_hiding_removes_it(room, new_page):
    url = f"/d/{room.dialogue.id}/items/{room.item.id}"
    moderator, participant, visitor = new_page(room.users["mod"]), new_page(room.users["ana"]), new_page()
    for page in (moderator, participant, visitor):
        page.goto(url)
        expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    participant.fill("textarea[name=body]", "Pedimos un fondo rotatorio para retortas")
    participant.click("#comment-form button[type=submit]")
    expect(participant.locator("textarea[name=body]")).to_have_value("")
    comment = moderator.locator("[data-comments] > li", has_text="Pedimos un fondo rotatorio")
    expect(comment).to_be_visible()
    expect(visitor.locator("[data-comments]")).to_contain_text("Pedimos un fondo rotatorio")
    expect(participant.locator("[data-comments] > li[data-mine] [data-edit]")).to_be_visible()

    moderator.once("dialog", lambda dialog: dialog.accept("Fuera del tema de este punto"))
    comment.locator("[data-ask='comment.hide']").click()
    expect(visitor.locator("[data-comments]")).not_to_contain_text("Pedimos un fondo rotatorio")
    expect(participant.locator("[data-field=hidden-note]").first).to_contain_text("Fuera del tema de este punto")
    expect(moderator.locator("[data-send='comment.unhide']").first).to_be_visible()


def test_the_comment_being_sent_survives_a_lost_connection(room, new_page):
    room.users["ana"].locale = "es"
    db.session.commit()
    page = new_page(room.users["ana"], viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    url = f"/d/{room.dialogue.id}/items/{room.item.id}"
    page.goto(url)
    state = page.locator("[data-live-state]")
    expect(state).to_have_attribute("data-state", "live")
    button, status = page.locator("#comment-form button[type=submit]"), page.locator("#comment-form [data-send-status]")
    enabled_look = button.evaluate("b => getComputedStyle(b).backgroundColor")
    page.context.set_offline(True)
    expect(state).not_to_have_attribute("data-state", "live")
    page.fill("textarea[name=body]", "Escrito sin conexión en la mina")
    button.click()
    # Said at the form, where she looks, and the button she tapped looks unavailable.
    expect(status).to_have_text(OFFLINE)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(button).to_be_disabled()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != enabled_look
    assert "Escrito sin conexión" in page.evaluate("Object.values(localStorage).join(' ')")
    expect(page.locator("textarea[name=body]")).to_have_value("Escrito sin conexión en la mina")
    page.context.set_offline(False)
    expect(page.locator("[data-comments] > li[data-mine]")).to_contain_text("Escrito sin conexión en la mina")
    expect(status).to_have_text("Tu comentario se envió.")
    expect(button).to_be_enabled()
    expect(page.locator("textarea[name=body]")).to_have_value("")
    assert page.evaluate("localStorage.length") == 0
    delivered = db.session.scalar(select(func.count()).select_from(Comment)
                                  .where(Comment.body == "Escrito sin conexión en la mina"))
    assert delivered == 1
    expect(page.locator("[data-comments] > li", has_text="Escrito sin conexión")).to_have_count(1)
    page.fill("textarea[name=body]", "Otra")  # the next comment starts without the last one's news
    expect(status).to_be_empty()


def test_a_slow_acknowledgement_says_sending_then_sent(room, new_page):
    room.users["ana"].locale = "es"
    db.session.commit()
    page = new_page(room.users["ana"])
    page.goto(f"/d/{room.dialogue.id}/items/{room.item.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    # A 3G round trip of 2.5 s: the acknowledgement of every write arrives that much later.
    page.evaluate("""() => { const send = GoldLive.send;
        GoldLive.send = (event, payload) => new Promise(done => setTimeout(() => send(event, payload).then(done), 2500)); }""")
    page.fill("textarea[name=body]", "Con poca señal en el campamento")
    page.click("#comment-form button[type=submit]")
    status = page.locator("#comment-form [data-send-status]")
    expect(status).to_have_text("Enviando…")
    expect(status).to_have_text("Tu comentario se envió.")
    expect(page.locator("[data-comments] > li[data-mine]")).to_contain_text("Con poca señal")


def approve(app, room, person):
    organizer = make_user("Lucía Quispe")
    make_participant(room.dialogue, organizer, role=Role.ORGANIZER)
    with app.test_request_context():  # the e-mail telling her links to the dialogue
        roundtable.decide(room.dialogue, organizer, room.parts[person], True)
        db.session.commit()


def test_once_approved_the_waiting_box_says_only_that_and_opens_the_form(app, room, new_page):
    room.users["pending"].locale = "es"
    db.session.commit()
    page = new_page(room.users["pending"], viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(f"/d/{room.dialogue.id}/items/{room.item.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    box = page.locator(".awaiting-approval")
    expect(box).to_contain_text(WAITING, use_inner_text=True)
    expect(box).to_have_attribute("role", "status")
    page.evaluate("window.__notReloaded = true")

    approve(app, room, "pending")
    expect(box).to_have_text("Tu inscripción está aprobada: abre el formulario de comentarios.", use_inner_text=True)
    expect(box).not_to_contain_text(WAITING, use_inner_text=True)
    assert page.evaluate("window.__notReloaded === true")
    box.get_by_role("link").click()  # the same page with a #fragment: it must load again, now with the form
    expect(page.locator("#comment-form textarea[name=body]")).to_be_visible()
    expect(page.locator(".awaiting-approval")).to_have_count(0)


def test_approved_while_her_connection_was_down_the_box_says_so_when_it_is_back(app, room, new_page):
    room.users["pending"].locale = "es"
    db.session.commit()
    page = new_page(room.users["pending"])
    page.goto(f"/d/{room.dialogue.id}/items/{room.item.id}")
    state = page.locator("[data-live-state]")
    expect(state).to_have_attribute("data-state", "live")
    page.context.set_offline(True)
    expect(state).not_to_have_attribute("data-state", "live")
    approve(app, room, "pending")  # the message meant for her open page is lost
    page.context.set_offline(False)
    expect(state).to_have_attribute("data-state", "live")
    expect(page.locator(".awaiting-approval")).not_to_contain_text(WAITING, use_inner_text=True)
    expect(page.locator(".awaiting-approval a")).to_be_visible()
