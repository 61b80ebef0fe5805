"""Security headers on every page, no inline script anywhere, oversized requests, production cookies."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..factories import make_dialogue

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/accounts/login", "/nowhere"])
def test_headers_on_pages(client, path):
    response = client.get(path)
    policy = csp(response)
    assert policy["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'" and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS means nothing


def test_dialogue_page_headers(client):
    dialogue = make_dialogue()
    assert "script-src 'self'" in client.get(f"/d/{dialogue.id}").headers["Content-Security-Policy"]


def test_hsts_behind_tls(client):
    response = client.get("/", base_url="https://dialogos.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    proxied = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in proxied.headers


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_or_style(template):
    """The CSP forbids them; a browser would silently drop them."""
    text = template.read_text(encoding="utf-8")
    for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE, JS_URL, STYLE):
        assert not pattern.search(text), f"{template.name}: {pattern.search(text).group(0)}"


def test_oversized_request_gets_a_clear_413(client, app):
    body = {"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10), "password": "y"}
    response = client.post("/accounts/login", data=body)
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)
    as_json = client.post("/accounts/login", data=body, headers={"Accept": "application/json"})
    assert as_json.status_code == 413 and as_json.get_json()["error"] == "request_entity_too_large"


def settings(**env) -> str:
    code = "from dialogues.config import Config as C; print(C.SESSION_COOKIE_SECURE, C.REMEMBER_COOKIE_SECURE)"
    environment = {"PATH": "/usr/bin:/bin", **env}
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                          check=True, cwd=TEMPLATES.parent).stdout.strip()


def test_cookies_are_secure_in_production_only():
    assert settings() == "False False"
    assert settings(APP_ENV="production") == "True True"
    assert settings(APP_ENV="production", SESSION_COOKIE_SECURE="0") == "False False"  # e.g. a TLS-less test rig


def test_session_cookie_flags(client):
    from ..factories import make_user

    user = make_user()
    response = client.post("/accounts/login", data={"email": user.email, "password": "correct-horse-battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.browser
def test_a_live_page_works_under_the_policy(new_page):
    """A real browser enforces the CSP: the page's scripts run and nothing is refused."""
    dialogue = make_dialogue()
    page = new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(f"/d/{dialogue.id}")
    page.wait_for_selector("[data-live-state][data-state=live]")
    assert refused == []
