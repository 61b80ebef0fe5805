"""Small pages: compressed responses, static files versioned by content and cached a year, a favicon."""
import re

from dialogues.assets import YEAR


def test_pages_are_compressed_and_static_files_cached_by_version(client):
    page = client.get("/accounts/login", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br" and "Accept-Encoding" in page.headers["Vary"]
    html = client.get("/accounts/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    versioned = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert versioned.status_code == 200 and versioned.headers["Content-Encoding"] == "gzip"
    assert versioned.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    assert "immutable" not in client.get("/static/css/app.css?v=old").headers.get("Cache-Control", "")


def test_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert '/static/favicon.svg?v=' in client.get("/accounts/login").get_data(as_text=True)
