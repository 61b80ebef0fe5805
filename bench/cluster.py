"""Real server processes for scaled-out runs: free ports, gunicorn instances, a throwaway database,
migrated and seeded, signed-in HTTP sessions. Shared by ``tests/scaleout``, ``bench/realtime.py``
and ``bench/export.py``.

Every instance is started the way production starts it (``gunicorn -c gunicorn.conf.py``, one
gevent worker, ``APP_ENV=production`` so CSRF and the settings checks are on).
"""
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APP = "dialogues.serve:app"
BARE = "bench.bare_server:app"


def free_port() -> int:
    """A port nobody listens on now (bind-probe on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str, queue_url: str, channel: str) -> dict:
    """What every instance of one deployment shares: database, queue and channel, secret key, and
    the one proxy in front (as deploy/gold-dialogues@.service sets it)."""
    return {"APP_ENV": "production", "DATABASE_URL": database_url, "SOCKETIO_MESSAGE_QUEUE": queue_url,
            "SOCKETIO_CHANNEL": channel, "SECRET_KEY": secrets.token_hex(32), "LOG_LEVEL": "warning",
            "PROXY_COUNT": "1", "SESSION_COOKIE_SECURE": "0"}  # plain HTTP on loopback


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30, log=lambda: "") -> None:
    """Poll ``url`` until it answers; raise with the process's log if it exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited ({proc.returncode}):\n{log()}")
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):
            requests.get(url + "/", timeout=5)
            return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log()}")


class Server:
    """One gunicorn instance on its own port; its output goes to ``log_path``."""

    def __init__(self, env: dict, log_path: Path, app: str = APP):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), app],
                env={**os.environ, **env, "PORT": str(self.port)}, cwd=ROOT, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 30) -> "Server":
        wait_until_up(self.url, self.proc, timeout, self.log_tail)
        return self

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        """The high-water mark of resident memory of the worker (the process serving clients)."""
        return max((peak_rss_mb(pid) for pid in self.worker_pids()), default=0.0)

    def cpu_seconds(self) -> float:
        """CPU time the worker has used so far."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def stop(self) -> None:
        stop_group(self.proc)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (less disturbed than latency on a shared machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of resident memory of process ``pid``."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def stop_group(proc: subprocess.Popen) -> None:
    """End a server started in its own session, and everything it started."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def running(count: int, env: dict, log_dir: Path, app: str = APP):
    """``count`` instances of ``app`` sharing ``env``; all stopped on exit, even after a failure."""
    servers: list[Server] = []
    try:
        for n in range(count):
            servers.append(Server(env, log_dir / f"{app.split('.')[-1].split(':')[0]}-{n}.log", app))
        yield [server.wait_ready() for server in servers]
    finally:
        for server in servers:
            server.stop()


def _run(args: list[str], database_url: str) -> str:
    done = subprocess.run(args, cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url},
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database(database_url: str, writers: int = 1, posters: int = 0) -> dict:
    """``flask db upgrade`` on the database, then the accounts and live dialogue of ``bench.seed``."""
    _run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], database_url)
    return json.loads(_run([sys.executable, "-m", "bench.seed", "--writers", str(writers), "--posters", str(posters)],
                           database_url).splitlines()[-1])


def session_cookie(secret_key: str, user_id: str) -> str:
    """A signed-in session cookie for ``user_id`` (``User.get_id()``: id and session token), as the
    login form would set it.

    For accounts by the hundred: the form allows 30 sign-ins a minute per address. The bench made
    the deployment's secret key (``server_env``), so it can sign the cookie the app would sign.
    """
    signer = Flask("bench")
    signer.secret_key = secret_key
    value = signer.session_interface.get_signing_serializer(signer).dumps({"_user_id": user_id, "_fresh": True})
    return f"session={value}"


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def sign_in(session: requests.Session, base_url: str, email: str, password: str) -> str:
    """Sign ``session`` in through the real login form (CSRF on); returns its CSRF token.

    The cookie is valid on every instance: they share the secret key, and cookies ignore ports.
    """
    token = csrf_token(session.get(f"{base_url}/accounts/login", timeout=10).text)
    response = session.post(f"{base_url}/accounts/login", timeout=10, allow_redirects=False,
                            data={"email": email, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {email} failed: {response.status_code}")
    return token


def throwaway_database(kind: str, folder: Path):
    """The tests' own throwaway database for a run (``.url``, ``.drop()``): a SQLite file in
    ``folder``, or a PostgreSQL database of its own."""
    from tests.databases import PostgresDatabase, SQLiteDatabase

    return PostgresDatabase() if kind == "postgresql" else SQLiteDatabase(folder)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} × {model}"
