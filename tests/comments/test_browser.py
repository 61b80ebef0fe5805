"""Two people on the thread page in real Chromium: a comment appears live, a hidden one goes away."""
from playwright.sync_api import expect


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
    page = new_page(room.users["ana"])
    url = f"/d/{room.dialogue.id}/items/{room.item.id}"
    page.goto(url)
    state = page.locator("[data-live-state]")
    expect(state).to_have_attribute("data-state", "live")
    page.context.set_offline(True)
    expect(state).not_to_have_attribute("data-state", "live")
    page.fill("textarea[name=body]", "Escrito sin conexión en la mina")
    page.click("#comment-form button[type=submit]")
    assert "Escrito sin conexión" in page.evaluate("Object.values(localStorage).join(' ')")
    expect(page.locator("textarea[name=body]")).to_have_value("Escrito sin conexión en la mina")
    page.context.set_offline(False)
    expect(page.locator("[data-comments] > li[data-mine]")).to_contain_text("Escrito sin conexión en la mina")
    expect(page.locator("textarea[name=body]")).to_have_value("")
    assert page.evaluate("localStorage.length") == 0
