"""Export benchmark: a dialogue with 1,000 participants, 50 recommendations (10 source comments each)
and 5,000 comments. Prints PDF and DOCX render times (median of 3), the peak memory of rendering, and
the p99 delivery latency of live events to 200 Socket.IO clients, idle and while a PDF export job runs.

    .venv/bin/python bench/export.py

The latency phase starts the app server as a subprocess (``python wsgi.py``) on a temporary SQLite
database, connects 200 python-socketio AsyncClients to a second, live dialogue, and posts a comment
every 0.25 s from a signed-in organizer; each client records write→receive time. Once idle, once
while PDF exports of the big dialogue (requested through the Export page, each rendered in its own
subprocess) run back to back, so that one is running for the whole phase. Bounded: fixed counts,
every wait has a time limit. Last line: one JSON object.
"""
import asyncio
import contextlib
import gc
import multiprocessing
import os
import queue
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import socketio as socketio_client  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bench.report import print_figures  # noqa: E402
from dialogues import create_app  # noqa: E402
from dialogues.accounts.services import create_account  # noqa: E402
from dialogues.agenda.models import AgendaItem  # noqa: E402
from dialogues.comments.models import Comment  # noqa: E402
from dialogues.exports.options import ExportOptions  # noqa: E402
from dialogues.exports.render import render  # noqa: E402
from dialogues.extensions import db  # noqa: E402
from dialogues.recommendations.models import (Recommendation, RecommendationSource, RecommendationStatus,  # noqa: E402
                                              Stance, StanceKind)
from dialogues.roundtable import services as roundtable  # noqa: E402
from dialogues.roundtable.models import DialogueStatus, Gender, Participant, RegistrationState  # noqa: E402

PARTICIPANTS, RECOMMENDATIONS, SOURCES, COMMENTS, ITEMS = 1000, 50, 10, 5000, 10
# Each person takes a stance on 10 of the 50 recommendations (10,000 stances): 70 % support,
# 10 % with reservations, 5 % oppose (both with a note, listed in the document), 15 % abstain.
STANCES_PER_PERSON = 10
STANCE_MIX = [StanceKind.SUPPORT] * 14 + [StanceKind.RESERVATIONS] * 2 + [StanceKind.OPPOSE] + [StanceKind.ABSTAIN] * 3
GENDERS = [*Gender, None]
REPEATS = 3  # renders per format; the median is reported (other jobs share this machine)
CLIENTS, WRITES, WRITE_INTERVAL_S = 200, 60, 0.25
WARMUP = 5  # writes sent first and not measured (cold caches, first queries)
PASSWORD = "bench-password-1"
TIMEOUT_S = 120  # the longest any single wait may take


def build() -> tuple[int, int, int, str]:
    """The big closed dialogue, with bulk inserts, and a small live one for the latency phase.
    Returns (big dialogue id, live dialogue id, its agenda item id, the organizer's e-mail)."""
    email = f"bench{time.time_ns()}@example.org"
    organizer = create_account("Bench Organizer", email, PASSWORD, "es")
    start = datetime(2026, 12, 1, 9)
    dialogue = roundtable.create_dialogue(organizer, {
        "title": "Diálogos del Oro – banco de pruebas", "starts_at": start, "ends_at": start + timedelta(hours=8),
        "timezone": "America/La_Paz", "language": "es", "venue": "La Paz", "allow_anonymous": True})
    dialogue.status = DialogueStatus.CLOSED
    db.session.flush()
    groups = [g.id for g in dialogue.groups]
    db.session.execute(insert(Participant), [
        {"dialogue_id": dialogue.id, "name": f"Participante {n}", "group_id": groups[n % len(groups)],
         "gender": GENDERS[n % len(GENDERS)], "consent_listed": n % 3 != 0, "state": RegistrationState.APPROVED,
         "checked_in_at": start if n % 4 else None} for n in range(PARTICIPANTS)])
    people = db.session.execute(select(Participant.id, Participant.group_id)
                                .where(Participant.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(AgendaItem), [{"dialogue_id": dialogue.id, "title": f"Punto {n}", "position": n}
                                            for n in range(ITEMS)])
    items = db.session.scalars(select(AgendaItem.id).where(AgendaItem.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(Comment), [
        {"dialogue_id": dialogue.id, "item_id": items[n % ITEMS], "author_id": people[n % PARTICIPANTS][0],
         "group_id": people[n % PARTICIPANTS][1], "is_anonymous": n % 5 == 0,
         "body": f"Comentario {n} sobre el reemplazo del mercurio y la debida diligencia. " * 3}
        for n in range(COMMENTS)])
    comments = db.session.scalars(select(Comment.id).where(Comment.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(Recommendation), [
        {"dialogue_id": dialogue.id, "title": f"Recomendación {n}", "body": "Texto de la recomendación. " * 20,
         "actors": ["Viceministerio de Cooperativas Mineras", "FENCOMIN"],
         "status": RecommendationStatus.ADOPTED if n % 2 == 0 else RecommendationStatus.DISCUSSION}
        for n in range(RECOMMENDATIONS)])
    recs = db.session.scalars(select(Recommendation.id).where(Recommendation.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(RecommendationSource), [
        {"recommendation_id": r, "comment_id": comments[(i * SOURCES + k) % COMMENTS]}
        for i, r in enumerate(recs) for k in range(SOURCES)])
    stances = []
    for n, (pid, gid) in enumerate(people):
        for k in range(STANCES_PER_PERSON):
            kind = STANCE_MIX[(n * 7 + k) % len(STANCE_MIX)]
            note = "Depende del presupuesto departamental" if kind in (StanceKind.RESERVATIONS, StanceKind.OPPOSE) else ""
            stances.append({"recommendation_id": recs[(n + k * 5) % RECOMMENDATIONS], "participant_id": pid,
                            "group_id": gid, "kind": kind, "note": note})
    db.session.execute(insert(Stance), stances)
    live = roundtable.create_dialogue(organizer, {
        "title": "Diálogos del Oro – en vivo", "starts_at": start, "ends_at": start + timedelta(hours=8),
        "timezone": "America/La_Paz", "language": "es", "allow_anonymous": True})
    live.status = DialogueStatus.LIVE
    item = AgendaItem(dialogue_id=live.id, title="Reemplazo del mercurio", position=1)
    db.session.add(item)
    db.session.commit()
    return dialogue.id, live.id, item.id, email


def median_render(dialogue_id: int, fmt: str) -> tuple[float, int]:
    """Median seconds of REPEATS renders, and the file's size."""
    times = []
    for _ in range(REPEATS):
        begin = time.perf_counter()
        content = render(db.session.get(roundtable.Dialogue, dialogue_id),
                         ExportOptions.parse({"format": fmt, "language": "es", "scope": "all"}))
        times.append(time.perf_counter() - begin)
        db.session.expire_all()
    return statistics.median(times), len(content)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else float("nan")


def until(check, what: str, timeout: float = TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise SystemExit(f"bench: gave up waiting for {what}")


def start_server(tmp: Path, database_url: str) -> tuple[subprocess.Popen, str]:
    """``python wsgi.py`` on a free port, as in production's one-process mode; waits until it answers."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": database_url, "EXPORT_DIR": str(tmp),
           "RATELIMIT_ENABLED": "0", "SECRET_KEY": "bench-secret"}
    server = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=(tmp / "server.log").open("w"))
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return requests.get(f"{url}/accounts/login", timeout=2).ok
        except requests.ConnectionError:
            return server.poll() is not None and sys.exit(f"bench: the server stopped, see {tmp / 'server.log'}")
    until(answers, "the server to start")
    return server, url


def csrf_token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(url, timeout=10).text).group(1)


def sign_in(url: str, email: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{url}/accounts/login", allow_redirects=False, timeout=10, data={
        "email": email, "password": PASSWORD, "csrf_token": csrf_token(session, f"{url}/accounts/login")})
    assert response.status_code == 302, response.text
    return session


def request_pdf(session: requests.Session, url: str, dialogue_id: int) -> str:
    """Ask for a PDF on the Export page, as an organizer would; returns the job's status URL."""
    page = f"{url}/d/{dialogue_id}/export"
    response = session.post(page, allow_redirects=False, timeout=10, data={
        "format": "pdf", "language": "es", "scope": "all", "comments": "y", "csrf_token": csrf_token(session, page)})
    assert response.status_code == 302, response.text
    return urljoin(page, response.headers["Location"]) + "/status"


class BackToBack(multiprocessing.Process):
    """Requests a PDF export as soon as the previous one is done, until stopped: an export job runs
    during the whole measured phase, however fast the machine renders. A finished export with the
    same options would be reused rather than rendered again, so each finished file is removed. In a
    process of its own: its HTTP polling must not take turns with the measuring clients."""

    def __init__(self, session: requests.Session, url: str, dialogue_id: int, folder: Path):
        super().__init__(daemon=True)
        self.session, self.url, self.dialogue_id, self.folder = session, url, dialogue_id, folder
        self.stopping = multiprocessing.Event()
        self.running = multiprocessing.Event()
        self.finished = multiprocessing.Queue()  # (state, seconds) of each job

    def state(self, status_url: str) -> str:
        return self.session.get(status_url, timeout=10).json()["state"]

    def run(self) -> None:
        while not self.stopping.is_set():
            status_url = request_pdf(self.session, self.url, self.dialogue_id)
            begin = time.perf_counter()
            until(lambda: self.state(status_url) in ("running", "done", "failed"), "the export job to start")
            self.running.set()
            state = until(lambda: (s := self.state(status_url)) in ("done", "failed") and s,
                          "the export job to finish", timeout=300)
            self.finished.put((state, time.perf_counter() - begin))
            for done in self.folder.glob("*.pdf"):
                done.unlink()

    def stop(self) -> list[tuple[str, float]]:
        """Let the running job finish; its outcome and every earlier one."""
        self.stopping.set()
        jobs = []
        while self.is_alive() or not self.finished.empty():
            with contextlib.suppress(queue.Empty):
                jobs.append(self.finished.get(timeout=1))
        return jobs


async def latencies(url: str, cookie: str, dialogue_id: int, item_id: int, tag: str) -> list[float]:
    """WRITES comments, one every WRITE_INTERVAL_S; milliseconds from each write to each client's receipt."""
    sent: dict[str, float] = {}
    received: list[float] = []

    def on_event(message):
        body = (message.get("data") or {}).get("body", "")
        if message.get("type") == "comment.posted" and body in sent:
            received.append((time.monotonic() - sent[body]) * 1000)

    clients = [socketio_client.AsyncClient(reconnection=False) for _ in range(CLIENTS)]
    gate = asyncio.Semaphore(20)  # connect in waves, not all 200 handshakes at once

    async def connect(client):
        async with gate:
            client.on("event", on_event)
            await client.connect(url, transports=["websocket"], wait_timeout=30)
            await client.call("join", {"dialogue_id": dialogue_id, "last_seq": 10**9}, timeout=30)
    await asyncio.wait_for(asyncio.gather(*(connect(c) for c in clients)), TIMEOUT_S)
    gc.collect()
    gc.freeze()  # no full collection of the clients' objects pauses the measurement (as bench/realtime.py)
    writer = socketio_client.AsyncClient(reconnection=False)
    await writer.connect(url, transports=["websocket"], headers={"Cookie": cookie}, wait_timeout=30)
    for n in range(-WARMUP, WRITES):
        body = f"bench {tag} {n}"
        if n >= 0:
            sent[body] = time.monotonic()
        await writer.emit("comment.post", {"dialogue_id": dialogue_id, "client_id": f"bench-{tag}-{n + WARMUP:04d}",
                                           "item_id": item_id, "body": body})
        await asyncio.sleep(WRITE_INTERVAL_S)
    deadline = time.monotonic() + 30
    while len(received) < WRITES * CLIENTS and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.gather(writer.disconnect(), *(c.disconnect() for c in clients))
    return received


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    database_url = f"sqlite:///{tmp / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "EXPORT_DIR": str(tmp)})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        begin = time.perf_counter()
        big_id, live_id, item_id, email = build()
        build_s = time.perf_counter() - begin
        pdf_s, pdf_bytes = median_render(big_id, "pdf")
        docx_s, docx_bytes = median_render(big_id, "docx")
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"render (median of {REPEATS}): pdf {pdf_s:.1f} s ({pdf_bytes // 1024} KB), docx {docx_s:.1f} s, "
          f"peak RSS {peak_rss_mb:.0f} MB", flush=True)
    server, url = start_server(tmp, database_url)
    try:
        session = sign_in(url, email)
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        idle = asyncio.run(latencies(url, cookie, live_id, item_id, "idle"))
        print(f"idle: {len(idle)} deliveries, p99 {p99(idle):.1f} ms", flush=True)
        exports = BackToBack(session, url, big_id, tmp)
        exports.start()
        until(exports.running.is_set, "the export job to start")
        exporting = asyncio.run(latencies(url, cookie, live_id, item_id, "exporting"))
        jobs = exports.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = {"participants": PARTICIPANTS, "recommendations": RECOMMENDATIONS, "comments": COMMENTS,
               "build_s": round(build_s, 2), "pdf_s": round(pdf_s, 2), "pdf_kb": pdf_bytes // 1024,
               "docx_s": round(docx_s, 2), "docx_kb": docx_bytes // 1024, "peak_rss_mb": round(peak_rss_mb),
               "clients": CLIENTS, "writes": WRITES, "deliveries_idle": len(idle),
               "deliveries_exporting": len(exporting), "p50_ms_idle": round(statistics.median(idle), 1),
               "p50_ms_exporting": round(statistics.median(exporting), 1), "p99_ms_idle": round(p99(idle), 1),
               "p99_ms_exporting": round(p99(exporting), 1), "export_jobs": len(jobs),
               "export_jobs_done": sum(state == "done" for state, _ in jobs),
               "export_job_s": round(statistics.median(s for _, s in jobs), 1) if jobs else None}
    figures["ratio_p99"] = round(figures["p99_ms_exporting"] / figures["p99_ms_idle"], 2)
    print_figures(figures)


if __name__ == "__main__":
    main()
