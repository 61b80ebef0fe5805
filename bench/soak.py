"""Soak: many people post, react, raise hands and drop their connections at random for minutes.

Starts its own server on a throwaway database, either the embedded default (``--server embedded``:
``python wsgi.py``, SQLite unless ``--database postgresql``) or the production server
(``--server production``: ``gunicorn -c gunicorn.conf.py`` as ``make serve`` starts it, one gevent
worker, PostgreSQL and the Redis message queue, bench/cluster.py). Then it drives it with
``--clients`` signed-in people and prints events lost and doubled (must be 0), errors (the
people's and the server log's), write latency and the server's memory (RSS at start, end and
peak, and its slope over the last five minutes of load in MB per minute), then one JSON line.

It always finishes: every wait at the end is bounded (``--settle`` seconds in all; catching up is
given up sooner when nobody has applied a new event for ``--stall`` seconds), and a person who
never got in counts as failed. The server's output is kept in ``--server-log``.

The people are asyncio Socket.IO clients on one uvloop loop (bench/load.py's light clients: they
share the cores with the server they measure), each keeping the log's order exactly as the
reference client does (``dialogues.realtime.client.InOrder``): every event applied once in seq
order, a gap fetched with ``sync``, a re-join with the last seq after each reconnection, and each
write retried with the same client id until acknowledged.

    .venv/bin/python bench/soak.py                                              # 20 people, 1 minute
    .venv/bin/python bench/soak.py --clients 300 --minutes 10                   # embedded default
    .venv/bin/python bench/soak.py --clients 300 --minutes 10 --server production
"""
import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cluster, load  # noqa: E402
from bench.report import print_figures  # noqa: E402
from dialogues.realtime.client import InOrder  # noqa: E402

SERVER_FAULTS = {"server_error", "database_unavailable", "busy"}  # busy: no turn to write in time (admission.py)
WRITE_PATIENCE = 120  # seconds before an unacknowledged write is given up
JOIN_ATTEMPTS, JOIN_TIMEOUT = 3, 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--server", choices=("embedded", "production"), default="embedded")
    parser.add_argument("--database", choices=("sqlite", "postgresql"),
                        help="default: sqlite for the embedded server, postgresql for production")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
                        help="the production server's message queue")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--settle", type=float, default=600,
                        help="seconds, in all, to wait at the end for the people to stop and catch up")
    parser.add_argument("--stall", type=float, default=30,
                        help="seconds without any person applying a new event after which catching up is given up")
    parser.add_argument("--server-log", default=str(ROOT / "instance" / "soak-server.log"))
    args = parser.parse_args()
    args.database = args.database or ("sqlite" if args.server == "embedded" else "postgresql")
    return args


# --- the server -------------------------------------------------------------------------------

class Embedded:
    """``python wsgi.py``, as ``make run`` starts it; its own process is the one serving."""

    def __init__(self, database_url: str, secret_key: str, log_path: Path):
        self.port = cluster.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(self.port), "SECRET_KEY": secret_key,
               "RATELIMIT_ENABLED": "0"}
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=log,
                                         stderr=subprocess.STDOUT)
        cluster.wait_until_up(self.url, self.proc, 60)
        self.pid = self.proc.pid

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


class Production:
    """``gunicorn -c gunicorn.conf.py`` with one gevent worker (bench/cluster.py), PostgreSQL and Redis;
    the worker is the process serving."""

    def __init__(self, database_url: str, secret_key: str, log_path: Path, redis_url: str):
        env = {**cluster.server_env(database_url, redis_url, f"soak-{uuid.uuid4().hex[:8]}"),
               "SECRET_KEY": secret_key, "RATELIMIT_ENABLED": "0"}
        self.server = cluster.Server(env, log_path).wait_ready(60)
        self.url = self.server.url
        self.pid = self.server.worker_pids()[0]

    def stop(self) -> None:
        self.server.stop()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


class Memory(threading.Thread):
    """Samples the serving process's resident memory every second, as (monotonic time, MB)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.done = pid, [(time.monotonic(), rss_mb(pid))], threading.Event()

    def run(self):
        while not self.done.wait(1):
            self.samples.append((time.monotonic(), rss_mb(self.pid)))


def by_minute(samples: list[tuple[float, float]]) -> list[float]:
    """The resident memory at each whole minute from the first sample: whether it levels off."""
    start, marks = samples[0][0], []
    for t, mb in samples:
        if t - start >= len(marks) * 60:
            marks.append(round(mb, 1))
    return marks


def slope_mb_per_min(samples: list[tuple[float, float]], until: float, minutes: float = 5) -> float | None:
    """Least-squares slope of the samples of the last ``minutes`` before ``until``, in MB per minute."""
    tail = [(t, mb) for t, mb in samples if until - minutes * 60 <= t <= until]
    if len(tail) < 10:
        return None
    mean_t, mean_mb = statistics.fmean(t for t, _ in tail), statistics.fmean(mb for _, mb in tail)
    slope = (sum((t - mean_t) * (mb - mean_mb) for t, mb in tail) / sum((t - mean_t) ** 2 for t, _ in tail))
    return round(slope * 60, 2)


def server_errors(log_path: Path) -> list[str]:
    """The server log's error lines (Flask's ``[time] ERROR in …``, gunicorn's ``[ERROR]``, tracebacks)."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        return [line.rstrip() for line in log if re.search(r"\b(ERROR|CRITICAL)\b|^Traceback", line)]


# --- one simulated person ---------------------------------------------------------------------

class Person:
    def __init__(self, number: int, http: aiohttp.ClientSession, url: str, seeded: dict, cookie: str,
                 rng: random.Random):
        self.number, self.url, self.rng, self.http = number, url, rng, http
        self.dialogue_id, self.item_id = seeded["dialogue_id"], seeded["item_id"]
        self.headers = {"Cookie": cookie}
        self.sio = load.client(http, reconnection=True, reconnection_delay=0.5)
        self.sio.on("connect", self._connected)
        self.sio.on("disconnect", self._dropped)
        self.sio.on("event", self._event)
        self.order = InOrder()
        self.joined = asyncio.Event()
        self.until = float("inf")  # the end of the settle time: nothing is waited for after it
        self.joins = 0  # connections joined so far: a write not acknowledged on one is sent again on the next
        self.tasks: set[asyncio.Task] = set()
        self.hand: int | None = None
        self.posts = 0
        self.latencies: list[float] = []
        self.counts = {"writes": 0, "refused": 0, "server_faults": 0, "unacknowledged": 0, "reconnects": 0,
                       "drops": 0, "join_refusals": 0, "connect_refusals": 0}
        self.failure: str | None = None
        self.refusal: dict | None = None
        self.refused: dict[str, int] = {}

    # the protocol: join after every connection, events in order, gaps fetched

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _connected(self):
        self._spawn(self._join())

    def _dropped(self, reason=None):
        self.joined.clear()
        self.order.stopped()
        if reason != self.sio.reason.CLIENT_DISCONNECT:
            self.counts["drops"] += 1

    async def _join(self):
        for _ in range(JOIN_ATTEMPTS):
            try:
                ack = await self.sio.call("join", {"dialogue_id": self.dialogue_id, "last_seq": self.order.last_seq},
                                          timeout=JOIN_TIMEOUT)
            except socketio.exceptions.TimeoutError:
                continue
            except socketio.exceptions.SocketIOError:  # disconnected again: the next connection joins
                return
            if ack.get("ok"):
                self.joins += 1
                self.order.apply_all(ack["events"])
                if ack.get("more"):
                    self._sync()
                self.joined.set()
                return
            self.counts["join_refusals"] += 1
            self.refusal = ack
            await asyncio.sleep(1)

    async def _event(self, message):
        if self.order.receive(message):
            self._sync()

    def _sync(self) -> None:
        after = self.order.start_sync()
        if after is not None:
            self._spawn(self._ask(after))

    async def _ask(self, after: int):
        try:
            ack = await self.sio.call("sync", {"dialogue_id": self.dialogue_id, "last_seq": after}, timeout=30)
        except socketio.exceptions.TimeoutError:  # asked again, as live.js does
            self.order.stopped()
            self._sync()
            return
        except socketio.exceptions.SocketIOError:  # disconnected: the re-join catches up
            self.order.stopped()
            return
        if self.order.answered(ack):
            self._sync()

    async def connect(self, timeout: float) -> None:
        for attempt in range(JOIN_ATTEMPTS):  # a refusal (the database too busy) is tried again, as live.js does
            try:
                await self.sio.connect(self.url, headers=self.headers, transports=["websocket"], wait_timeout=timeout)
                break
            except socketio.exceptions.ConnectionError:
                if attempt == JOIN_ATTEMPTS - 1:
                    raise
                self.counts["connect_refusals"] += 1
                await asyncio.sleep(self.rng.uniform(2, 5))
        try:
            await asyncio.wait_for(self.joined.wait(), JOIN_ATTEMPTS * JOIN_TIMEOUT)
        except asyncio.TimeoutError:
            raise TimeoutError(f"not joined; last refusal: {self.refusal}") from None

    # what the person does

    async def write(self, event: str, payload: dict) -> dict | None:
        """Sent, then re-sent with the same client id after each re-join until acknowledged, as
        static/js/live.js does; never re-sent on the same connection (Socket.IO loses nothing on a
        live one: re-sending there, as the reference client does after 10 s, only doubled an
        overloaded server's work). Unacknowledged after ``WRITE_PATIENCE`` seconds: given up."""
        message = {"dialogue_id": self.dialogue_id, "client_id": uuid.uuid4().hex, **payload}
        started = time.perf_counter()
        give_up = min(time.monotonic() + WRITE_PATIENCE, self.until)
        ack = None
        while ack is None and time.monotonic() < give_up:
            try:
                await asyncio.wait_for(self.joined.wait(), max(0.0, give_up - time.monotonic()))
            except asyncio.TimeoutError:
                break
            connection, answer = self.joins, asyncio.get_running_loop().create_future()
            try:
                await self.sio.emit(event, message, callback=lambda reply=None: answer.done() or answer.set_result(reply))
            except socketio.exceptions.SocketIOError:
                continue  # dropped meanwhile: sent again after the re-join
            while not answer.done() and self.joins == connection and time.monotonic() < give_up:
                await asyncio.wait([answer], timeout=0.5)
            if answer.done():
                ack = answer.result() or {}
        if ack is None:
            self.counts["unacknowledged"] += 1
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        self.counts["writes"] += 1
        if not ack.get("ok"):
            self.counts["server_faults" if ack.get("error") in SERVER_FAULTS else "refused"] += 1
            self.refused[ack.get("error")] = self.refused.get(ack.get("error"), 0) + 1
        return ack

    async def act(self) -> None:
        roll = self.rng.random()
        known = [m["data"]["id"] for m in self.order.applied[-50:] if m["type"] == "comment.posted"]
        if roll < 0.4 or not known:
            self.posts += 1  # each body is unique: a comment stored twice is found by its text
            await self.write("comment.post", {"item_id": self.item_id,
                                              "body": f"Retortas y crédito, {self.number}-{self.posts}"})
        elif roll < 0.7:
            await self.write("comment.react", {"comment_id": self.rng.choice(known), "kind": "agree"})
        elif roll < 0.9:
            if self.hand is None:
                ack = await self.write("speakers.raise_hand", {"kind": "normal"})
                self.hand = ack["id"] if ack and ack.get("ok") else None
            else:
                await self.write("speakers.withdraw", {"request_id": self.hand})
                self.hand = None
        elif self.sio.connected:  # the phone loses its signal, then comes back: re-join with the last seq
            await self.sio.disconnect()
            await asyncio.sleep(self.rng.uniform(0.1, 2))
            await self.connect(timeout=30)
            self.counts["reconnects"] += 1

    async def run(self, deadline: float) -> None:
        try:
            while time.monotonic() < deadline:
                await self.act()
                await asyncio.sleep(self.rng.uniform(0.5, 3))  # people think before they type
        except Exception as exc:  # could not get back in: counted, not hung on
            self.failure = repr(exc)


# --- the run ----------------------------------------------------------------------------------

def from_the_log(database_url: str, dialogue_id: int) -> tuple[int, int]:
    """The dialogue's last seq, and the comments stored more than once (the same unique text)."""
    from sqlalchemy import func, select

    from dialogues import create_app
    from dialogues.comments.models import Comment
    from dialogues.realtime import log

    with create_app({"SQLALCHEMY_DATABASE_URI": database_url}).app_context():
        from dialogues.extensions import db

        copies = select(func.count()).where(Comment.dialogue_id == dialogue_id).group_by(Comment.body)
        doubled = sum(n - 1 for n in db.session.scalars(copies) if n > 1)
        return log.last_seq(dialogue_id), doubled


async def soak(args, url: str, seeded: dict, secret_key: str, database_url: str, memory: Memory) -> dict:
    rng = random.Random(args.seed)
    # One connector without a limit (each open WebSocket holds a connection: aiohttp's default of 100
    # held the 101st person back for good), and a cookie jar per person: python-socketio puts the
    # Cookie header into its HTTP session's jar, so a shared jar could connect one as another.
    async with aiohttp.TCPConnector(limit=0) as connector:
        people = [Person(n, aiohttp.ClientSession(connector=connector, connector_owner=False), url, seeded,
                         cluster.session_cookie(secret_key, user_id), random.Random(rng.random()))
                  for n, user_id in enumerate(seeded["posters"])]
        gate = asyncio.Semaphore(load.CONNECT_CONCURRENCY)

        async def enter(person: Person):
            async with gate:
                try:
                    await person.connect(timeout=60)
                except Exception as exc:
                    person.failure = f"could not get in: {exc!r}"

        await asyncio.gather(*(enter(p) for p in people))
        deadline = time.monotonic() + args.minutes * 60  # the minutes count once everyone is in
        until = deadline + args.settle
        inside = [p for p in people if not p.failure]
        for person in inside:
            person.until = until
        tasks = [asyncio.ensure_future(p.run(deadline)) for p in inside]
        _, pending = await asyncio.wait(tasks, timeout=max(1.0, until - time.monotonic()))
        memory.until = deadline
        last, doubled = await asyncio.to_thread(from_the_log, database_url, seeded["dialogue_id"])
        waiting = [p for p in people if not p.failure]
        # Catching up is waited for while it progresses: an overloaded server delivers its backlog
        # late, and late is not lost. Lost is what people still lack once nobody has applied a new
        # event for --stall seconds, or when the settle time is over.
        progress, seen = time.monotonic(), -1
        while time.monotonic() < until and any(p.order.last_seq < last for p in waiting):
            applied = sum(p.order.last_seq for p in waiting)
            if applied != seen:
                progress, seen = time.monotonic(), applied
            elif time.monotonic() - progress > args.stall:
                break
            await asyncio.sleep(0.5)
        caught_up_s = round(time.monotonic() - deadline, 1)
        lost = duplicated = 0
        for person in waiting:  # people who could not get (back) in are counted in people_failed instead
            seqs = [m["seq"] for m in person.order.applied]
            duplicated += len(seqs) - len(set(seqs))
            lost += last - person.order.last_seq  # InOrder's seqs are contiguous (a moderators-only event: a stub)
        for task in pending:
            task.cancel()
        await asyncio.wait([asyncio.ensure_future(p.sio.disconnect()) for p in people], timeout=30)
        await asyncio.gather(*(p.http.close() for p in people), return_exceptions=True)
    totals = {k: sum(p.counts[k] for p in people) for k in people[0].counts}
    latencies = sorted(ms for p in people for ms in p.latencies)
    failures = [p.failure for p in people if p.failure]
    for line in failures[:5]:
        print(line)
    refusals: dict[str, int] = {}
    for person in people:
        for error, n in person.refused.items():
            refusals[error] = refusals.get(error, 0) + n
    print(f"refusals: {refusals}")
    return {
        "events": last, "lost": lost, "duplicated": duplicated, "doubled_comments": doubled, **totals,
        "errors": totals["server_faults"] + totals["unacknowledged"],
        "people_failed": len(failures), "people_stuck": len(pending), "settled_after_s": caught_up_s,
        "writes_per_s": round(totals["writes"] / (args.minutes * 60), 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
    }


def main() -> None:
    args = parse_args()
    log_path = Path(args.server_log)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    secret_key = secrets.token_hex(32)
    with tempfile.TemporaryDirectory() as tmp:
        database = cluster.throwaway_database(args.database, Path(tmp))
        try:
            seeded = cluster.prepare_database(database.url, posters=args.clients)
            if args.server == "embedded":
                server = Embedded(database.url, secret_key, log_path)
            else:
                server = Production(database.url, secret_key, log_path, args.redis)
            try:
                memory = Memory(server.pid)
                memory.until = None
                memory.start()
                figures = load.run(soak(args, server.url, seeded, secret_key, database.url, memory))
                memory.done.set()
                memory.join()
            finally:
                server.stop()
        finally:
            database.drop()
    errors_logged = server_errors(log_path)
    rss = [mb for _, mb in memory.samples]
    figures = {
        "server": args.server, "database": args.database, "clients": args.clients, "minutes": args.minutes,
        **figures, "server_log_errors": len(errors_logged),
        "rss_start_mb": round(rss[0], 1), "rss_end_mb": round(rss[-1], 1), "rss_peak_mb": round(max(rss), 1),
        "rss_growth_mb": round(rss[-1] - rss[0], 1),
        "rss_slope_last_5_min_mb_per_min": slope_mb_per_min(memory.samples, memory.until or time.monotonic()),
        "rss_by_minute_mb": by_minute(memory.samples),
        "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1),
    }
    for line in errors_logged[:10]:
        print(line)
    print(f"server log: {log_path}")
    print_figures(figures)


if __name__ == "__main__":
    main()
