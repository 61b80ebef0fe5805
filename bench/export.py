"""Export benchmark: a dialogue with 1,000 participants, 50 recommendations (10 source comments each)
and 5,000 comments. Prints PDF and DOCX render times (median of 3, wall and CPU seconds), the peak memory
of rendering, and the p99 delivery latency of live events to 200 Socket.IO clients, idle and while PDF
exports run.

    .venv/bin/python -m bench.export [--database postgresql|sqlite] [--render-only]

The CPU seconds are the rendering process's own (``time.process_time``): on a machine shared with other
jobs the wall time grows with their load, the CPU time much less, so changes to the renderer are judged
by it. ``--render-only`` stops after the renders (no server, no clients).

The latency phases run the production server (bench/cluster.py: gunicorn, one gevent worker) on the
same database and load it as bench/realtime.py does: 200 clients (bench/load.py) joined to a live
dialogue while participants post 5 comments a second over Socket.IO for 20 s (bench/writes.py); each
client records write→receipt. The same clients stay connected through a short warm-up (not counted)
and three rounds of an idle phase and an exporting phase, during which PDF exports of the big
dialogue, requested on the Export page as an organizer would, run back to back in their
``flask export-job`` subprocesses. Bounded: fixed counts, every wait has a time limit. Needs Redis,
and PostgreSQL for the default database. Last line: one JSON object.
"""
import argparse
import asyncio
import contextlib
import gc
import multiprocessing
import os
import queue
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import requests  # noqa: E402
from limits.storage import storage_from_string  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bench import cluster, load  # noqa: E402
from bench.load import Schedule, connect_all, delivery, disconnect_all, drain  # noqa: E402
from bench.report import print_figures  # noqa: E402
from bench.writes import CommentPosts, accounts_needed  # noqa: E402
from dialogues import create_app  # noqa: E402
from dialogues.accounts.services import create_account  # noqa: E402
from dialogues.agenda.models import AgendaItem  # noqa: E402
from dialogues.comments.models import Comment  # noqa: E402
from dialogues.exports import formats  # noqa: E402
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
WARM_UP_S = 3  # writes before the idle phase, not counted (first queries, cold caches)
PASSWORD = "bench-password-1"
TIMEOUT_S = 120  # the longest any single wait may take
POLL_S = 1.5  # how often the job page asks for the export's status (static/js/exports.js)


def options(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--clients", type=int, default=200, help="connected clients")
    parser.add_argument("--rate", type=float, default=5, help="comments per second, in each phase")
    parser.add_argument("--seconds", type=float, default=20, help="length of each measured phase")
    parser.add_argument("--rounds", type=int, default=3, help="idle and exporting phases, alternated")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writers")
    parser.add_argument("--drain", type=float, default=20, help="seconds to wait for stragglers")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--render-only", action="store_true", help="the renders only, not the latency phases")
    return parser.parse_args(argv)


def build() -> tuple[int, str]:
    """The big closed dialogue, with bulk inserts. Returns (its id, its organizer's e-mail)."""
    email = f"bench{time.time_ns()}@example.org"
    organizer = create_account("Bench Organizer", email, PASSWORD, "es")
    organizer.may_create_dialogues = True
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
    db.session.commit()
    return dialogue.id, email


def median_render(dialogue_id: int, fmt: str) -> tuple[float, float, int]:
    """Median wall and CPU seconds of REPEATS renders (data, HTML and file), and the file's size."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        content = formats.render(db.session.get(roundtable.Dialogue, dialogue_id),
                                 formats.parse({"format": fmt, "language": "es", "scope": "all"}))
        walls.append(time.perf_counter() - begin)
        cpus.append(time.process_time() - begin_cpu)
        db.session.expire_all()
    return statistics.median(walls), statistics.median(cpus), len(content)


def until(check, what: str, timeout: float = TIMEOUT_S, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise SystemExit(f"bench: gave up waiting for {what}")


def request_pdf(session: requests.Session, url: str, dialogue_id: int) -> str:
    """Ask for a PDF on the Export page, as an organizer would; returns the job's status URL."""
    page = f"{url}/d/{dialogue_id}/export"
    response = session.post(page, allow_redirects=False, timeout=10, data={
        "format": "pdf", "language": "es", "scope": "all", "comments": "y",
        "csrf_token": cluster.csrf_token(session.get(page, timeout=10).text)})
    assert response.status_code == 302, response.text
    return urljoin(page, response.headers["Location"]) + "/status"


class BackToBack(multiprocessing.Process):
    """While resumed, requests a PDF export as soon as the previous one is done: an export job runs
    during the whole exporting phase, however fast the machine renders (but for the moment, at most
    ``POLL_S``, until the job page's poll sees that one has finished). A finished export with the same
    options would be reused rather than rendered again, so each finished file is removed. A process of
    its own, started before the clients' event loop: its HTTP polling must not take turns with the
    measuring clients."""

    def __init__(self, session: requests.Session, url: str, dialogue_id: int, folder: Path):
        super().__init__(daemon=True)
        self.session, self.url, self.dialogue_id, self.folder = session, url, dialogue_id, folder
        self.go = multiprocessing.Event()  # request exports
        self.busy = multiprocessing.Event()  # a requested job has not finished yet
        self.started = multiprocessing.Event()  # a job has started since the last resume
        self.stopping = multiprocessing.Event()
        self.finished = multiprocessing.Queue()  # (state, seconds) of each job

    def state(self, status_url: str) -> str:
        return self.session.get(status_url, timeout=10).json()["state"]

    def run(self) -> None:
        while True:
            self.go.wait()
            if self.stopping.is_set():
                return
            self.busy.set()
            if not self.go.is_set():  # paused in between: pause() may have seen busy unset
                self.busy.clear()
                continue
            status_url = request_pdf(self.session, self.url, self.dialogue_id)
            begin = time.perf_counter()
            until(lambda: self.state(status_url) in ("running", "done", "failed"), "the export job to start",
                  every=POLL_S)
            self.started.set()
            state = until(lambda: (s := self.state(status_url)) in ("done", "failed") and s,
                          "the export job to finish", timeout=300, every=POLL_S)
            self.finished.put((state, time.perf_counter() - begin))
            for done in self.folder.glob("*.pdf"):
                done.unlink()
            self.busy.clear()

    def resume(self) -> None:
        """Returns once an export job is running."""
        self.started.clear()
        self.go.set()
        if not self.started.wait(TIMEOUT_S):
            raise SystemExit("bench: the export job did not start")

    def pause(self) -> None:
        """Returns once no export job is running."""
        self.go.clear()
        until(lambda: not self.busy.is_set(), "the export job to finish", timeout=300, every=0.1)

    def stop(self) -> list[tuple[str, float]]:
        """The outcome and time of every job (call when paused)."""
        self.stopping.set()
        self.go.set()
        jobs = []
        while self.is_alive() or not self.finished.empty():
            with contextlib.suppress(queue.Empty):
                jobs.append(self.finished.get(timeout=1))
        return jobs


async def measure(url: str, seeded: dict, secret_key: str, args, exports: BackToBack) -> dict:
    """Connect the clients once; a warm-up, then ``args.rounds`` times an idle and an exporting phase
    (alternated, so that drifts of a shared machine fall on both). Figures per kind of phase, over all
    its rounds."""
    sent: dict[str, dict[int, float]] = {"idle": {}, "exporting": {}}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        receivers = await connect_all([url], args.clients, http, seeded["dialogue_id"], 0)
        # The clients' own collector must not pause their loop mid-measurement (as bench/realtime.py).
        gc.collect()
        gc.freeze()
        accounts = iter(seeded["posters"])

        async def comments(run: str, seconds: float) -> dict[int, float]:
            """Comments at ``args.rate`` for ``seconds``, each phase from its own accounts (the
            per-person rate limit); ``{seq: when sent}``, once every client has them or ``args.drain``."""
            posters = [next(accounts) for _ in range(accounts_needed(args.rate, seconds))]
            writes = CommentPosts([url], seeded, http, lambda uid: cluster.session_cookie(secret_key, uid),
                                  args.writers, posters, run)
            await writes.open()
            schedule = Schedule(args.rate, seconds, writes.writers)
            await schedule.run(writes.write)
            seq_of, _ = await writes.settle(0)
            await writes.close()
            if schedule.failed:
                raise SystemExit(f"bench: {schedule.failed} comments were refused in {run}")
            sent_by_seq = {seq_of[key]: at for key, at in schedule.sent.items()}
            await drain(receivers, set(sent_by_seq), args.drain)
            return sent_by_seq

        await comments("warm-up", WARM_UP_S)
        for round_ in range(args.rounds):
            await asyncio.to_thread(exports.pause)
            sent["idle"].update(await comments(f"idle{round_}", args.seconds))
            await asyncio.to_thread(exports.resume)
            sent["exporting"].update(await comments(f"exporting{round_}", args.seconds))
        await asyncio.to_thread(exports.pause)
        figures = {phase: {**delivery(receivers, sent_by_seq), "writes": len(sent_by_seq)}
                   for phase, sent_by_seq in sent.items()}
        await disconnect_all(receivers)
    return figures


def main(argv=None) -> None:
    args = options(argv)
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    database = cluster.throwaway_database(args.database, work)
    try:
        seeded = cluster.prepare_database(database.url, posters=0 if args.render_only else sum(
            accounts_needed(args.rate, seconds) for seconds in [WARM_UP_S] + [args.seconds] * 2 * args.rounds))
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "EXPORT_DIR": str(work)})
        with app.app_context():
            begin = time.perf_counter()
            big_id, email = build()
            build_s = time.perf_counter() - begin
            load_render = os.getloadavg()[0]
            pdf_s, pdf_cpu_s, pdf_bytes = median_render(big_id, "pdf")
            docx_s, docx_cpu_s, docx_bytes = median_render(big_id, "docx")
            load_render = round(max(load_render, os.getloadavg()[0]), 2)
            db.engine.dispose()
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"render (median of {REPEATS}): pdf {pdf_s:.1f} s wall, {pdf_cpu_s:.1f} s CPU ({pdf_bytes // 1024} KB); "
              f"docx {docx_s:.1f} s wall, {docx_cpu_s:.1f} s CPU; peak RSS {peak_rss_mb:.0f} MB; "
              f"load average {load_render}", flush=True)
        renders = {"machine": cluster.machine(), "load_average_before": round(load_before, 2),
                   "load_average_render": load_render, "database": args.database, "participants": PARTICIPANTS,
                   "recommendations": RECOMMENDATIONS, "comments": COMMENTS, "build_s": round(build_s, 2),
                   "pdf_s": round(pdf_s, 2), "pdf_cpu_s": round(pdf_cpu_s, 2), "pdf_kb": pdf_bytes // 1024,
                   "docx_s": round(docx_s, 2), "docx_cpu_s": round(docx_cpu_s, 2), "docx_kb": docx_bytes // 1024,
                   "render_peak_rss_mb": round(peak_rss_mb)}
        if args.render_only:
            print_figures(renders)
            return
        env = {**cluster.server_env(database.url, args.redis, f"bench-export-{uuid.uuid4().hex[:8]}"),
               "EXPORT_DIR": str(work)}
        storage_from_string(args.redis).reset()  # rate-limit counts of an earlier bench's accounts
        with cluster.running(1, env, work) as [server]:
            session = requests.Session()
            cluster.sign_in(session, server.url, email, PASSWORD)
            exports = BackToBack(session, server.url, big_id, work)
            exports.start()
            measured = load.run(measure(server.url, seeded, env["SECRET_KEY"], args, exports))
            jobs = exports.stop()
            server_rss_mb = server.peak_rss_mb()
    finally:
        database.drop()
    idle, exporting = measured["idle"], measured["exporting"]
    figures = {**renders, "clients": args.clients,
               "rounds": args.rounds, "writes_idle": idle["writes"], "writes_exporting": exporting["writes"],
               "server_peak_rss_mb": round(server_rss_mb),
               **{f"{key}_{phase}": round(figures[key], 1) if isinstance(figures[key], float) else figures[key]
                  for phase, figures in (("idle", idle), ("exporting", exporting))
                  for key in ("p50_ms", "p99_ms", "lost", "dropped_connections")},
               "export_jobs": len(jobs), "export_jobs_done": sum(state == "done" for state, _ in jobs),
               "export_job_s": round(statistics.median(s for _, s in jobs), 1) if jobs else None}
    figures["ratio_p99"] = round(exporting["p99_ms"] / idle["p99_ms"], 2)
    print(f"(server log and files: {work})")
    print_figures(figures)


if __name__ == "__main__":
    main()
