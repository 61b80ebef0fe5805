"""Script and markup typed into any text field stay inert: escaped in every page, text in live updates.

Every free-text field of the world (dialogue title and description, names, organization, agenda
titles, comments, hide reasons, recommendation Markdown, amendments, poll questions and options,
walk-in speakers) holds the payload below; every page that shows them is checked, and a real
Chromium checks that nothing ran, on page load and when a comment arrives live.
"""
import re

import pytest

from . import world
from .access_table import ROUTES, fill

# One line that tries three ways in; every one of them sets window.__xss if it ever runs.
PAYLOAD = ('<img src=x onerror=window.__xss=1><script>window.__xss=1</script>'
           '<a href="javascript:window.__xss=1">j</a> [j](javascript:window.__xss=1)')
RAW = ("<img src=x", "<script>window.__xss", '<a href="javascript:')
# a javascript: URL in a real tag's attribute (escaped text such as "&lt;a href=…" is not a tag)
JAVASCRIPT_URL = re.compile(r"""<[a-z][^<>]*\s(href|src|action|formaction)\s*=\s*["']?\s*javascript:""",
                            re.IGNORECASE)


@pytest.fixture
def injected(app):
    return world.fresh(app, PAYLOAD)


def _pages() -> list:
    """Every GET route of a dialogue that renders HTML."""
    return [r for r in ROUTES if r.method == "GET" and r.endpoint not in ("static", "roundtable.qr")]


@pytest.mark.parametrize("role", ["anonymous", "participant", "organizer"])
def test_markup_is_escaped_on_every_page(client, injected, role):
    world.sign_in(client, injected.users[role])
    shown = 0
    for route in _pages():
        response = client.get(fill(route.path, injected.a.ids()))
        if response.status_code != 200:
            continue  # refused to this role: the access table covers it
        if response.mimetype.startswith("image/"):
            continue  # the favicon, a logo: pictures, no text of anyone's in them
        body = response.get_data(as_text=True)
        where = f"{role}: {route.path}"
        if response.mimetype == "application/json":
            assert response.is_json, where  # data, read by scripts that use textContent
            continue
        for raw in RAW:
            assert raw not in body, f"{where} shows {raw!r} unescaped"
        assert not JAVASCRIPT_URL.search(body), where
        shown += "&lt;script&gt;window.__xss" in body
    assert shown >= 5  # the payload is really on the pages, escaped


def test_markdown_links_are_never_javascript(client, injected):
    body = client.get(f"/d/{injected.a.d}/recommendations/{injected.a.recommendation}").get_data(as_text=True)
    assert "<em>líneas</em>" in body  # Markdown is rendered…
    assert not JAVASCRIPT_URL.search(body)  # …without its javascript: link
    assert "<script>window" not in body


# --- a real browser ---------------------------------------------------------------------------

BROWSER_PAGES = ["/d/{d}", "/d/{d}/items/{item}", "/d/{d}/recommendations/{recommendation}", "/d/{d}/console",
                 "/d/{d}/projector"]


def _inert(page) -> None:
    assert page.evaluate("window.__xss") is None, page.url
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], script:not([src])').length") == 0, page.url


@pytest.mark.browser
def test_nothing_runs_in_the_browser(new_page, injected, socket_client):
    page = new_page(injected.users["organizer"])
    for path in BROWSER_PAGES:
        page.goto(fill(path, injected.a.ids()))
        page.wait_for_load_state("networkidle")
        assert "window.__xss=1" in page.inner_text("body"), path  # shown as text
        _inert(page)
    page.goto(fill("/d/{d}/items/{item}", injected.a.ids()))
    page.wait_for_selector("[data-live-state=online], .live-state.online, [data-live-dialogue]")
    writer = socket_client(injected.users["participant"])
    writer.join(injected.a.d)
    ack = writer.call("comment.post", {"dialogue_id": injected.a.d, "client_id": "xss-live-01",
                                       "item_id": injected.a.item, "body": f"En vivo {PAYLOAD}"})
    assert ack["ok"], ack
    page.wait_for_selector(f"#c-{ack['id']}")
    assert "En vivo <img src=x" in page.inner_text(f"#c-{ack['id']}")
    _inert(page)
