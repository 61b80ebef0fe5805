"""Page weight of the phone's dialogue page: bytes on the wire and requests, first visit and warm visit.

The demo dialogue in a throwaway SQLite database, the one-process server (``python wsgi.py``), and
Chromium at 390 × 844 signed in as a participant, counting through the DevTools protocol what the
network actually carried (``encodedDataLength``: compressed bodies plus headers). The first visit
starts with an empty cache; the warm one comes back to the page with everything cached. Socket.IO
requests are counted apart (the connection, not the page); files taken from the browser's cache
are not requests. Budget (issue 17): first visit ≤ 60 KB,
warm visit 1 request for the page plus the socket.

    .venv/bin/python -m bench.pageweight [--port 5791]
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import print_figures  # noqa: E402
from bench.soak import start_server  # noqa: E402
from dialogues.demo import DEMO_PASSWORD  # noqa: E402

PHONE = {"width": 390, "height": 844}
PARTICIPANT = "minera2@demo.oro"


def seed(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)


def visit(context, path: str) -> dict:
    """Load ``path`` in a new tab, wait until it is live, and total what crossed the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls, sizes, cached = {}, {}, set()
    cdp.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.responseReceived", lambda e: (e["response"].get("fromDiskCache") or e["response"].get(
        "fromMemoryCache")) and cached.add(e["requestId"]))
    page.goto(path)
    page.wait_for_selector('[data-live-state][data-state="live"]')
    page.wait_for_timeout(1000)
    page_ids = [i for i, url in urls.items() if "/socket.io/" not in url and i not in cached]
    socket_ids = [i for i, url in urls.items() if "/socket.io/" in url]
    figures = {"requests": len(page_ids), "kb": round(sum(sizes.get(i, 0) for i in page_ids) / 1024, 1),
               "socket_requests": len(socket_ids),
               "socket_kb": round(sum(sizes.get(i, 0) for i in socket_ids) / 1024, 1),
               "urls": sorted("/" + urls[i].split("?")[0].split("/", 3)[-1] for i in page_ids)}
    page.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5791)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/pageweight.db"
        seed(database_url)
        server_log = open(Path(tmp) / "server.log", "w")  # the server's own output, kept out of the table
        server = start_server(database_url, args.port, server_log)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                base = f"http://127.0.0.1:{args.port}"
                login = browser.new_context(base_url=base)
                page = login.new_page()
                page.goto("/accounts/login")
                page.fill("input[name=email]", PARTICIPANT)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("form.stack button[type=submit]")
                page.wait_for_url(lambda url: "/accounts/login" not in url)
                signed_in = login.storage_state()  # cookies only: the phone below starts with an empty cache
                login.close()
                phone = browser.new_context(base_url=base, viewport=PHONE, is_mobile=True, has_touch=True,
                                            locale="es-BO", storage_state=signed_in)
                first, warm = visit(phone, "/d/1"), visit(phone, "/d/1")
                browser.close()
        finally:
            server.kill()
            server.wait()
            server_log.close()
    for name, figures in (("first", first), ("warm", warm)):
        print(f"{name} visit: " + ", ".join(figures["urls"]))
    print_figures({
        "first_kb": first["kb"], "first_requests": first["requests"],
        "first_socket_requests": first["socket_requests"], "first_socket_kb": first["socket_kb"],
        "warm_kb": warm["kb"], "warm_requests": warm["requests"],
        "warm_socket_requests": warm["socket_requests"], "warm_socket_kb": warm["socket_kb"],
        "budget_first_kb": 60, "within_budget": first["kb"] <= 60 and warm["requests"] == 1,
    })


if __name__ == "__main__":
    main()
