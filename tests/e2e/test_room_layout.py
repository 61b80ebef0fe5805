"""The room's pages keep to the screen's width, in real Chromium with the demo dialogue.

The page itself never scrolls sideways: only a table's own scroll box may. Measured without mobile emulation,
where ``innerWidth`` is the screen's width (an emulated phone zooms out to show an overflowing page, and
``innerWidth`` grows with it). The dialogue page shows one live indicator; header links are 44 px touch
targets, on a phone in one row that scrolls sideways above the language switch; the console's poll bars start and end at the same x on every row. The served HTML never opens a
block (a form, a div, a list, another paragraph…) inside a paragraph: a browser would close the paragraph
there, leave an empty one behind and take the buttons out of their row's flex layout.
A table that scrolls sideways in its box keeps in view what says what it is: a poll's "by stakeholder group"
title (above the box), the participants' names (sticky, with their tick box), swiped or scrolled by keyboard.
"""
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogues.agenda.models import AgendaItem
from dialogues.demo import DEMO_PASSWORD
from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.roundtable.models import Dialogue

from ..conftest import settle

pytestmark = pytest.mark.browser

ORGANIZER, MODERATOR, MINER = "organizadora@demo.oro", "moderador@demo.oro", "minera2@demo.oro"
WIDER_THAN_THE_SCREEN = "document.scrollingElement.scrollWidth > window.innerWidth"
# Live indicators on screen: the dialogue's status badge when it says "live", and the connection's state.
LIVE_BADGES = """Array.from(document.querySelectorAll('.status-live, [data-live-state]'))
    .filter(el => el.offsetParent !== null).map(el => el.hasAttribute('data-live-state') ? 'connection' : 'status')"""
SMALL_HEADER_LINKS = """Array.from(document.querySelectorAll('header.top nav a, header.top nav .link'))
    .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
    .filter(([, box]) => box.height < 44 || box.width < 44).map(([text]) => text)"""


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Dialogue).order_by(Dialogue.id))


# Elements whose start tag closes an open <p> (HTML's "p end tag omitted" rule): none may be written inside one.
BLOCKS = {"address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
          "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
          "nav", "ol", "p", "pre", "search", "section", "table", "ul"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class BlocksInParagraphs(HTMLParser):
    """Each block of the served HTML that opens while a ``<p>`` is still open, as the markup says it."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, int, str | None]] = []  # (tag, line, class) of each element not closed yet
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        line, cls = self.getpos()[0], dict(attrs).get("class")
        if tag in BLOCKS and (p := next((e for e in reversed(self.open) if e[0] == "p"), None)):
            self.nested.append(f"line {line}: <{tag} class={cls!r}> inside the <p class={p[2]!r}> of line {p[1]}")
        if tag not in VOID:
            self.open.append((tag, line, cls))

    def handle_endtag(self, tag):  # closes its element and whatever was left open inside it
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break


def swipe(page, box, dx: int) -> None:
    """A finger's swipe across ``box``, as the screen sends it (dx < 0 scrolls the table to the right)."""
    r, height = box.bounding_box(), page.viewport_size["height"]
    top, bottom = max(r["y"], 0), min(r["y"] + r["height"], height)  # the part of the box on screen
    x, y = r["x"] + r["width"] * (.8 if dx < 0 else .2), top + min((bottom - top) / 2, 60)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx * step / 10, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def at(locator) -> tuple[int, int]:
    box = locator.bounding_box()
    return round(box["x"]), round(box["y"])


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


@pytest.mark.parametrize("width", [360, 390, 768, 1366])
def test_no_page_of_the_room_scrolls_sideways_and_one_live_badge_shows(new_page, demo, width):
    item = db.session.scalar(select(AgendaItem).filter_by(dialogue_id=demo.id).order_by(AgendaItem.id))
    recommendation = db.session.scalar(select(Recommendation).filter_by(dialogue_id=demo.id)
                                       .order_by(Recommendation.id))
    page = new_page(locale="es-ES", viewport={"width": width, "height": 740}, has_touch=True)
    sign_in(page, ORGANIZER)  # she sees every page of the room, the participants' table too

    page.goto(f"/d/{demo.id}")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    assert page.evaluate(LIVE_BADGES) == ["connection"]

    problems = []
    for path in (f"/d/{demo.id}", f"/d/{demo.id}/items/{item.id}", f"/d/{demo.id}/participants",
                 f"/d/{demo.id}/recommendations", f"/d/{demo.id}/recommendations/{recommendation.id}"):
        page.goto(path)
        settle(page)
        if page.evaluate(WIDER_THAN_THE_SCREEN):
            problems.append(f"{path} is {page.evaluate('document.scrollingElement.scrollWidth')} px wide at {width} px")
        if width < 1024 and (small := page.evaluate(SMALL_HEADER_LINKS)):
            problems.append(f"{path}: header links under 44 × 44 px: {small}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("email", [ORGANIZER, MODERATOR, MINER])
def test_no_page_of_the_room_opens_a_block_inside_a_paragraph(client, demo, email):
    """Rows of buttons that hold forms (the organizer's "Move to", the console's moderation, "Approve all
    waiting", a recommendation's "Close voting") are divs; the dialogue, thread, agenda and recommendation
    pages put the live state beside a link or badge in a div.status-line, the console and the projector in
    their headers. As each role is served them."""
    item = db.session.scalar(select(AgendaItem).filter_by(dialogue_id=demo.id).order_by(AgendaItem.id))
    recommendation = db.session.scalar(select(Recommendation).order_by(Recommendation.id).filter_by(
        dialogue_id=demo.id, status=RecommendationStatus.DISCUSSION))  # voting open: the moderator's buttons
    response = client.post("/accounts/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    paths = {"dialogue": f"/d/{demo.id}", "thread": f"/d/{demo.id}/items/{item.id}", "agenda": f"/d/{demo.id}/agenda",
             "recommendations": f"/d/{demo.id}/recommendations",
             "recommendation": f"/d/{demo.id}/recommendations/{recommendation.id}",
             "projector": f"/d/{demo.id}/projector"}
    if email != MINER:
        paths |= {"participants": f"/d/{demo.id}/participants", "console": f"/d/{demo.id}/console"}
    problems = []
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        parser = BlocksInParagraphs()
        parser.feed(html)
        problems += [f"{path}: {nested}" for nested in parser.nested]
        if name != "participants":
            assert html.count("data-live-state") == 1, path
    assert problems == [], "\n".join(problems)


def test_the_status_badge_comes_back_when_the_connection_drops(new_page, demo):
    page = new_page(locale="es-ES", viewport={"width": 360, "height": 740}, has_touch=True)
    sign_in(page, ORGANIZER)
    page.goto(f"/d/{demo.id}")
    state = page.locator("[data-live-state]")
    expect(state).to_have_attribute("data-state", "live")
    page.context.set_offline(True)
    expect(state).not_to_have_attribute("data-state", "live")
    expect(page.locator(".status-live")).to_be_visible()  # the dialogue is still live; the page is not
    page.context.set_offline(False)
    expect(state).to_have_attribute("data-state", "live")
    expect(page.locator(".status-live")).to_be_hidden()


# The element the keyboard is on, if it is one of the header's links: whether its words lie wholly inside the bar's
# visible part, and its top.
FOCUSED_HEADER_LINK = """() => { const el = document.activeElement, nav = document.querySelector('header.top nav');
    if (!nav.contains(el)) return null;
    const words = document.createRange();
    words.selectNodeContents(el);
    const at = words.getBoundingClientRect(), edge = nav.getBoundingClientRect();
    return {text: el.textContent.trim(), top: Math.round(el.getBoundingClientRect().top),
            inside: at.left >= edge.left - 1 && at.right <= edge.right + 1}; }"""


@pytest.mark.parametrize("email", [ORGANIZER, MODERATOR, MINER])
def test_a_phones_header_is_two_rows_and_tab_shows_each_link(new_page, demo, email):
    """At 360 px the header's links keep to one row, which scrolls sideways, over the language switch: the header
    is at most 110 px tall (the organizer's took 200 px, four rows of 44 px), and Tab brings each link wholly
    into view in turn, then the languages."""
    page = new_page(locale="es-ES", viewport={"width": 360, "height": 740}, has_touch=True)
    sign_in(page, email)
    page.goto(f"/d/{demo.id}")
    settle(page)
    assert page.locator("header.top").bounding_box()["height"] <= 110
    for button in page.locator("header.top .lang button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 44

    page.locator(".skip").focus()
    reached = []
    while (link := page.evaluate(FOCUSED_HEADER_LINK)) or not reached:
        if link:
            reached.append(link)
        page.keyboard.press("Tab")
    assert [link["text"] for link in reached] == page.eval_on_selector_all(
        "header.top nav a, header.top nav .link", "links => links.map(link => link.textContent.trim())")
    assert [link for link in reached if not link["inside"]] == []
    assert len({link["top"] for link in reached}) == 1  # one row
    assert page.evaluate("document.activeElement.closest('.lang') !== null")  # the languages come next
    if email == ORGANIZER:
        assert page.eval_on_selector("header.top nav", "nav => nav.scrollWidth > nav.clientWidth")


def test_the_console_poll_bars_line_up(new_page, demo):
    page = new_page(locale="es-ES", viewport={"width": 1366, "height": 768})
    sign_in(page, MODERATOR)
    page.goto(f"/d/{demo.id}/console")
    bars = page.eval_on_selector_all("[data-panel=console-polls] .bars", """lists => lists.map(list =>
        Array.from(list.querySelectorAll('progress')).map(bar => {
            const box = bar.getBoundingClientRect(); return [Math.round(box.left), Math.round(box.right)]; }))""")
    assert bars and all(len(rows) > 1 for rows in bars), bars
    assert all(len(set(map(tuple, rows))) == 1 for rows in bars), bars


# Each "not shown" row whose text is not wholly in view: right of its sticky group name, inside the box, on top.
WITHHELD_HIDDEN = """box => { const edge = box.getBoundingClientRect();
    return Array.from(box.querySelectorAll('tr[data-withheld]')).filter(tr => {
        const name = tr.cells[0].getBoundingClientRect(), text = document.createRange();
        text.selectNodeContents(tr.cells[1]);
        const at = text.getBoundingClientRect();
        if (at.width === 0 || at.left < name.right - 1 || at.right > edge.right + 1) return true;
        return !tr.cells[1].contains(document.elementFromPoint(at.left + 4, at.top + at.height / 2));
    }).map(tr => tr.cells[0].textContent.trim()); }"""


@pytest.mark.parametrize("email, where, width", [(MINER, "", 360), (MINER, "", 390),
                                                 (MODERATOR, "/console", 1366), (MODERATOR, "/console", 360)])
def test_a_polls_table_by_group_keeps_its_title_in_view_as_it_scrolls(new_page, demo, email, where, width):
    """The phone's poll view and the moderator's console: the title stands above the scroll box, which it
    names, and stays where it is when a finger or the keyboard scrolls the table sideways; a group's "not
    shown", a cell across the options' columns, stays readable right of the group's name."""
    page = new_page(locale="es-ES", viewport={"width": width, "height": 740}, has_touch=True)
    sign_in(page, email)
    page.goto(f"/d/{demo.id}{where}")
    box = page.locator(".poll .scroll:has(table.by-group)").first
    title = page.locator(f"#{box.get_attribute('aria-labelledby')}")
    expect(title).to_have_text("Por grupo de actores")
    assert title.evaluate("el => el.closest('.scroll') === null")  # outside the box: it cannot scroll away
    assert box.locator("caption").count() == 0
    assert box.locator("table").get_attribute("aria-labelledby") == title.get_attribute("id")
    box.scroll_into_view_if_needed()
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table should scroll at this width"
    where_it_was = at(title)
    assert where_it_was[1] + title.bounding_box()["height"] <= at(box)[1] + 1  # above the box

    assert box.locator("tr[data-withheld]").count() > 0  # the demo's poll has groups too small to show
    assert box.evaluate(WITHHELD_HIDDEN) == []

    swipe(page, box, -400)
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    assert at(title) == where_it_was and title.is_visible()
    assert box.evaluate(WITHHELD_HIDDEN) == []
    box.evaluate("b => b.scrollLeft = 0")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    assert at(title) == where_it_was and title.is_visible()
    box.evaluate("b => b.scrollLeft = b.scrollWidth")  # at the far end
    assert box.evaluate(WITHHELD_HIDDEN) == []


# Each participant's name (the cell after the tick box) inside the scroll box and on top where it is on screen.
NAMES_HIDDEN = """box => { const edge = box.getBoundingClientRect();
    return Array.from(box.querySelectorAll('tbody tr')).filter(tr => {
        const name = tr.children[1], at = name.getBoundingClientRect();
        if (at.left < edge.left - 1 || at.right > edge.right + 1) return true;
        const y = at.top + Math.min(at.height / 2, 12), x = at.left + 8;
        if (y < 0 || y > window.innerHeight) return false;  // off screen: its place is enough
        return !name.contains(document.elementFromPoint(x, y));
    }).map(tr => tr.children[1].textContent.trim()); }"""


@pytest.mark.parametrize("width", [600, 800, 1000, 1366])
def test_the_participants_names_stay_in_view_beside_their_tick_boxes(new_page, demo, width):
    """The organizer's table scrolls sideways in its box between 600 and 1000 px wide: the tick box and the
    name both stay at the left edge, swiped or scrolled by keyboard (arrows, or Tab into a row's buttons)."""
    page = new_page(locale="es-ES", viewport={"width": width, "height": 740}, has_touch=True)
    sign_in(page, ORGANIZER)
    page.goto(f"/d/{demo.id}/participants")
    box = page.locator(".scroll:has(table.participants)")
    box.scroll_into_view_if_needed()
    assert box.evaluate(NAMES_HIDDEN) == []
    scrolls = box.evaluate("b => b.scrollWidth > b.clientWidth")
    if width in (600, 1366):  # rows as cards; a laptop's column holds the whole table
        assert not scrolls, box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    if width == 800:
        assert scrolls
    if not scrolls:
        return

    swipe(page, box, -600)
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    assert box.evaluate(NAMES_HIDDEN) == []

    box.evaluate("b => b.scrollLeft = 0")
    box.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    assert box.evaluate(NAMES_HIDDEN) == []

    box.evaluate("b => b.scrollLeft = 0")
    first = box.locator("tbody tr").first
    first.locator("input[type=checkbox]").focus()
    scrolled = []
    for _ in range(4):  # through the row's actions, at the far right: the box scrolls to show each one
        page.keyboard.press("Tab")  # (Chromium leaves one it shows in part where it is)
        assert first.locator(".actions").evaluate("cell => cell.contains(document.activeElement)")
        scrolled.append(box.evaluate("b => b.scrollLeft"))
        assert box.evaluate(NAMES_HIDDEN) == [], scrolled
    assert max(scrolled) > 0 or width > 800, scrolled


def test_the_chosen_role_reads_whole_on_a_laptop(new_page, demo):
    """'Organización del evento' fits its list at 1366 px, and neither the page nor the table scrolls sideways."""
    page = new_page(locale="es-ES", viewport={"width": 1366, "height": 768})
    sign_in(page, ORGANIZER)
    page.goto(f"/d/{demo.id}/participants")
    cut = page.eval_on_selector_all("table.participants select[name=role]", """lists => lists.filter(list => {
        const probe = document.createElement('span'), style = getComputedStyle(list);
        probe.textContent = list.selectedOptions[0].text; probe.style.font = style.font;
        probe.style.position = 'absolute'; document.body.append(probe);
        const needs = probe.getBoundingClientRect().width + parseFloat(style.paddingLeft) + 16;  // + the arrow
        probe.remove(); return needs > list.clientWidth; }).map(list => list.selectedOptions[0].text)""")
    assert "Organización del evento" in page.eval_on_selector_all(
        "table.participants select[name=role]", "lists => lists.map(list => list.selectedOptions[0].text)")
    assert cut == []
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert not page.eval_on_selector(".scroll:has(table.participants)", "b => b.scrollWidth > b.clientWidth")
