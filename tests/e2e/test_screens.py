"""Every page of the demo, as each role reaches it by following links, fits the screen it is used on.

On phones (360 × 740 and 390 × 844, mobile emulation) no page is wider than the screen: measured by
``scrollWidth <= clientWidth`` of the document, because an emulated phone zooms out to show an
overflowing page and ``innerWidth`` grows with it; every button, field, link-button, summary and stand-alone
back link is at least 44 px tall. axe-core finds nothing serious or critical on
any of them. The console and the projector fit a 1366 × 768 laptop, with what the moderator runs
the room with above the fold, and the projector shows everything without scrollbars on 768 and 1080
lines.
"""
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from dialogues.accounts.services import find_user_by_email
from dialogues.demo import DEMO_PASSWORD
from dialogues.extensions import db
from dialogues.roundtable import passes
from dialogues.roundtable.models import Dialogue
from dialogues.roundtable.services import decide

from ..conftest import settle

pytestmark = pytest.mark.browser

PHONES = [{"width": 360, "height": 740}, {"width": 390, "height": 844}]
# Who walks, and which demo account they are (None: signed out; PASS: a person who joined by a room pass,
# with a name and no e-mail, approved at the desk, who comes in with their personal code).
PASS = "pass"
ROLES = {"public": None, "organizer": "organizadora@demo.oro", "moderator": "moderador@demo.oro",
         "participant": "minera2@demo.oro", "observer": "donante@demo.oro", "pending": "pendiente@demo.oro",
         "room_pass": PASS}
# Not pages: files, images, signing out, and the language switch (the same page again).
SKIP = re.compile(r"/accounts/logout|/me/data|/static/|\.(png|svg|ico|pdf|docx|md|json)$|/download|/qr|/file")
BLOCKING = {"serious", "critical"}
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
NO_SCROLL = FITS + " && document.documentElement.scrollHeight <= document.documentElement.clientHeight"
# Touch targets under 44 px tall: buttons, fields, link-buttons, the summaries that open a <details> and the
# links that stand alone to go back, shown (a radio or checkbox counts by its label, or its list item);
# ``scope`` narrows the search ("" for the whole page).
SMALL_TARGETS = """scope => Array.from(document.querySelectorAll(['button', 'select', 'textarea', 'input:not([type=hidden])',
        '.button', 'summary', 'a.back'].map(s => (scope + ' ' + s).trim()).join(', ')))
    .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
    .map(el => [el.name || el.id || el.textContent.trim().slice(0, 40), Math.round(
        (el.type === 'radio' || el.type === 'checkbox' ? (el.closest('label') || el.closest('li') || el) : el)
        .getBoundingClientRect().height)])
    .filter(([, height]) => height < 44)"""
# What the moderator runs the room with, which must be on screen without scrolling at 1366 × 768.
CONSOLE_FRONT = {
    "[data-panel=console-speakers] [aria-keyshortcuts=S]": "next speaker",
    "[data-panel=console-speakers] [data-focus-key^=floor-]": "give the floor",
    "[aria-keyshortcuts=N]": "next item (with the timer controls above it)",
    "[data-panel=console-moderation] :is([data-focus-key^=pin-], [data-focus-key^=unpin-])": "pin a comment",
    "[data-panel=console-moderation] a.button[href*=hide]": "hide a comment",
    "[data-panel=console-polls] summary": "new poll",
}
CLIPPED_BOXES = """Array.from(document.querySelectorAll('.scroll')).filter(box => box.scrollWidth > box.clientWidth)
    .map(box => box.getAttribute('aria-label'))"""
ABOVE_THE_FOLD = """selectors => selectors.filter(selector => {
    const el = document.querySelector(selector);
    if (!el) return true;
    const box = el.getBoundingClientRect();
    return !(box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth);
})"""


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(db.select(Dialogue))


@pytest.fixture
def pass_code(app, demo) -> str:
    """The personal code of a room pass holder of the demo: joined with a name only, approved by the organizer."""
    with app.test_request_context():
        holder, code = passes.join(demo, {"name": "Doña Rosa Mamani", "group_id": demo.groups[0].id, "agree": True}, "es")
        decide(demo, find_user_by_email(ROLES["organizer"]), holder, True)
        db.session.commit()
    return code


def sign_in(browser, base_url: str, email: str | None, *, dialogue_id: int | None = None, code: str | None = None,
            **context_options):
    """A new context signed in as ``email`` with the demo password, or as the pass holder with ``code``."""
    context = browser.new_context(base_url=base_url, locale="es-ES", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    if email == PASS:
        page.goto(f"/d/{dialogue_id}/join")
        page.fill("#code", code)
        page.click("form[action$='/join/code'] button[type=submit]")
        page.wait_for_url(lambda url: url.rstrip("/").endswith(f"/d/{dialogue_id}"))
    elif email:
        page.goto("/accounts/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login" not in url)
    return context, page


def shape(path: str) -> str:
    """One visit per kind of page: ids and query values do not make another page."""
    parts = urlsplit(path)
    query = "&".join(sorted(p.split("=")[0] for p in parts.query.split("&") if p and not p.startswith("lang")))
    return re.sub(r"/\d+", "/N", parts.path) + ("?" + query if query else "")


def links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(a => a.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if href.startswith(origin) and not SKIP.search(parts.path) and not parts.fragment.startswith("!"):
            out.append(parts.path + ("?" + parts.query if parts.query else ""))
    return out


def walk(page, origin: str, starts: list[str], check=lambda path: None) -> list[str]:
    """Every kind of page reachable from ``starts`` by following links, one path of each, each
    ``check``-ed as it is reached, once settled."""
    seen, queue, pages = set(), list(starts), []
    while queue:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = page.goto(path)
        if response is None or not response.ok or "text/html" not in response.headers.get("content-type", ""):
            continue
        pages.append(path)
        settle(page)
        check(path)
        queue.extend(links(page, origin))
    return pages


def serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in BLOCKING]


@pytest.mark.timeout(600)  # a walk of up to twenty pages, each measured (and checked by axe-core)
@pytest.mark.parametrize("phone", PHONES, ids=lambda size: f"{size['width']}px")
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, demo, role, phone, request):
    origin = live_server.url
    code = request.getfixturevalue("pass_code") if ROLES[role] == PASS else None
    context, page = sign_in(browser, origin, ROLES[role], dialogue_id=demo.id, code=code, viewport=phone,
                            is_mobile=True, has_touch=True)
    problems = []

    def check(path: str) -> None:
        if not page.evaluate(FITS):
            width = page.evaluate("document.documentElement.scrollWidth")
            problems.append(f"{path} at {phone['width']} px is {width} px wide")
        small = page.evaluate(SMALL_TARGETS, "")
        if small:
            problems.append(f"{path} at {phone['width']} px: touch targets under 44 px: {small[:5]}")
        if phone is PHONES[1]:
            problems.extend(f"{path}: {v}" for v in serious(page))

    pages = walk(page, origin, ["/", f"/d/{demo.id}"], check)
    context.close()
    assert len(pages) >= 3, pages
    if ROLES[role] == PASS:  # the holder's own pages: the pass with its code, the phone page, taking part
        assert {shape(p) for p in pages} >= {"/d/N/pass", "/d/N/items/N", "/d/N/recommendations/N"}, pages
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}])
def test_console_and_projector_fit_the_room_screens(browser, live_server, demo, size):
    context, page = sign_in(browser, live_server.url, ROLES["moderator"], viewport=size)
    if size["width"] == 1366:
        page.goto(f"/d/{demo.id}/console")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")
        below = page.evaluate(ABOVE_THE_FOLD, list(CONSOLE_FRONT))
        assert below == [], [CONSOLE_FRONT[selector] for selector in below]
    page.goto(f"/d/{demo.id}/projector")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(NO_SCROLL), page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    # Nobody scrolls a projector: no table is cut off in its box, and the way in is large and whole.
    assert page.evaluate(CLIPPED_BOXES) == []
    assert page.evaluate(ABOVE_THE_FOLD, [".p-join img", ".p-join .code"]) == []
    assert page.evaluate("document.querySelector('.p-join img').getBoundingClientRect().width") >= 150
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.p-join .code')).fontSize)") >= 32
    context.close()
