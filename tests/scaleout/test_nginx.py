"""deploy/nginx.conf, run for real by Debian's nginx in front of the two instances."""
import re
import shutil
import subprocess

import pytest
import requests

from bench import cluster

from ..databases import unavailable

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_config(listen_port: int, backends: list[str]) -> str:
    """deploy/nginx.conf with this run's ports and this checkout's static folder; nothing else changed."""
    text = (cluster.ROOT / "deploy" / "nginx.conf").read_text()
    text = text.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    text = text.replace("/srv/gold-dialogues/", f"{cluster.ROOT}/")
    servers = "".join(f"    server {backend};\n" for backend in backends)
    return re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, text)


def main_config(prefix, site: str) -> str:
    """The smallest nginx.conf around the site file, writing only below ``prefix``."""
    temp = " ".join(f"{kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"pid {prefix}/nginx.pid; error_log {prefix}/error.log; worker_processes 1;\n"
            f"events {{ worker_connections 256; }}\n"
            f"http {{ access_log {prefix}/access.log; {temp}\n include {site}; }}\n")


@pytest.fixture(scope="module")
def nginx(deployment, tmp_path_factory):
    if not shutil.which(NGINX):
        unavailable("nginx", "Install it with: apt-get install -y nginx-light")
    prefix = tmp_path_factory.mktemp("nginx")
    prefix.chmod(0o755)
    port = cluster.free_port()
    site = prefix / "gold-dialogues.conf"
    site.write_text(site_config(port, [s.url.removeprefix("http://") for s in deployment.servers]))
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, str(site)))
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        cluster.wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def test_static_files_come_straight_from_disk(nginx):
    response = requests.get(f"{nginx}/static/js/live.js", timeout=10)
    assert response.status_code == 200 and "GoldLive" in response.text
    assert "max-age=604800" in response.headers["Cache-Control"]


@pytest.mark.parametrize("transports", [["websocket"], ["polling"], ["polling", "websocket"]])
def test_live_events_pass_through_the_proxy(two, nginx, transports):
    watcher = two.client(nginx, organizer=True, transports=transports)
    base = two.last_seq(watcher)
    two.write(nginx)
    two.write(two.servers[1].url)
    watcher.wait_for(lambda evs: [e["seq"] for e in evs] == [base + 1, base + 2])
    assert watcher.sio.transport() == transports[-1]


def test_links_people_are_given_use_the_address_behind_the_proxy(two):
    """PROXY_COUNT=1: join links (and QR codes) follow X-Forwarded-Proto/Host, not the instance's port."""
    page = requests.get(f"{two.servers[0].url}/d/{two.dialogue_id}", timeout=10,
                        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "dialogos.example.org"})
    assert re.search(r'href="https://dialogos\.example\.org/join/\w+"', page.text)
