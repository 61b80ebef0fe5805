"""Soak: many clients post, react, raise hands and drop their connections at random for minutes.

Starts its own server (``python wsgi.py``) on a throwaway SQLite file (or ``--database-url``),
drives it with the reference client (dialogues/realtime/client.py) and prints events lost and
doubled (must be 0), errors (the clients' and the server log's), write latency and the server's
memory (RSS at start, end and peak, and its slope over the last five minutes in MB per minute), then
one JSON line. It always finishes: every wait at the end is bounded (``--settle`` seconds in all),
and a person who never got in counts as an error. The server's output is kept in ``--server-log``.

    .venv/bin/python bench/soak.py                          # 20 clients, 1 minute
    .venv/bin/python bench/soak.py --clients 300 --minutes 10
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogues.realtime.client import DialogueClient  # noqa: E402
from bench.report import print_figures  # noqa: E402

PASSWORD = "soak-password-123"
SERVER_FAULTS = {"server_error", "database_unavailable"}
SIGN_IN_THREADS = 8


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--database-url", help="an empty, throwaway database (default: a new SQLite file)")
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--settle", type=float, default=120,
                        help="seconds, in all, to wait at the end for the people to stop and catch up")
    parser.add_argument("--server-log", default=str(ROOT / "instance" / "soak-server.log"))
    return parser.parse_args()


# --- setting up -------------------------------------------------------------------------------

def prepare(database_url: str, clients: int) -> tuple[int, int, list[str]]:
    """Schema, a live dialogue with a running item, a moderator and ``clients`` participants."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    from werkzeug.security import generate_password_hash

    from dialogues import create_app
    from dialogues.accounts.models import User
    from dialogues.agenda import services as agenda
    from dialogues.extensions import db
    from dialogues.roundtable import services as roundtable
    from dialogues.roundtable.models import DialogueStatus, Participant, RegistrationState, Role

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    password_hash = generate_password_hash(PASSWORD)  # once: hashing per account would dominate set-up
    with app.test_request_context():
        people = [User(name=f"Soak {n}", email=f"soak{n}@example.org", password_hash=password_hash, locale="es")
                  for n in range(clients + 1)]
        db.session.add_all(people)
        db.session.flush()
        moderator, participants = people[0], people[1:]
        moderator.may_create_dialogues = True
        start = datetime(2026, 12, 1, 9)
        dialogue = roundtable.create_dialogue(moderator, {
            "title": "Soak", "starts_at": start, "ends_at": start + timedelta(hours=8), "timezone": "America/La_Paz",
            "language": "es", "requires_approval": False, "allow_anonymous": True})
        dialogue.status = DialogueStatus.LIVE
        group = dialogue.groups[0]
        db.session.add_all(Participant(dialogue_id=dialogue.id, user_id=p.id, name=p.name, role=Role.PARTICIPANT,
                                       state=RegistrationState.APPROVED, group_id=group.id) for p in participants)
        item = agenda.add_item(dialogue, moderator, {"title": "Reemplazo del mercurio", "planned_minutes": 600})
        agenda.start_item(dialogue, moderator, item)
        db.session.commit()
        return dialogue.id, item.id, [p.email for p in participants]


def final_seq(database_url: str, dialogue_id: int) -> int:
    from dialogues import create_app
    from dialogues.realtime import log

    with create_app({"SQLALCHEMY_DATABASE_URI": database_url}).app_context():
        return log.last_seq(dialogue_id)


def start_server(database_url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "RATELIMIT_ENABLED": "0"}
    proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):  # waiting for start-up
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login", timeout=2)
            return proc
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


class Memory(threading.Thread):
    """Samples the server's resident memory every second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.done = pid, [rss_mb(pid)], threading.Event()

    def run(self):
        while not self.done.wait(1):
            self.samples.append(rss_mb(self.pid))


# --- one simulated person ---------------------------------------------------------------------

def signed_in(url: str, email: str) -> requests.Session:
    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(f"{url}/accounts/login").text)
    session.post(f"{url}/accounts/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
                 allow_redirects=False).raise_for_status()
    return session


class Person(threading.Thread):
    def __init__(self, url: str, dialogue_id: int, item_id: int, email: str, rng: random.Random):
        super().__init__(daemon=True)
        self.url, self.item_id, self.rng = url, item_id, rng
        self.deadline = 0.0  # set when everyone is signed in
        self.client = DialogueClient(url, dialogue_id, http_session=signed_in(url, email))
        self.comments: list[int] = []
        self.hand: int | None = None
        self.latencies: list[float] = []
        self.counts = {"writes": 0, "refused": 0, "errors": 0, "reconnects": 0}
        self.failure: str | None = None

    def write(self, event: str, payload: dict) -> dict | None:
        started = time.perf_counter()
        try:
            ack = self.client.write(event, payload, attempts=5, timeout=10)
        except Exception:
            self.counts["errors"] += 1
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        self.counts["writes"] += 1
        if not ack.get("ok"):
            self.counts["errors" if ack.get("error") in SERVER_FAULTS else "refused"] += 1
        return ack

    def act(self) -> None:
        roll = self.rng.random()
        known = [m["data"]["id"] for m in self.client.applied[-50:] if m["type"] == "comment.posted"]
        if roll < 0.4 or not known:
            self.write("comment.post", {"item_id": self.item_id, "body": f"Retortas y crédito {self.rng.random():.6f}"})
        elif roll < 0.7:
            self.write("comment.react", {"comment_id": self.rng.choice(known), "kind": "agree"})
        elif roll < 0.9:
            if self.hand is None:
                ack = self.write("speakers.raise_hand", {"kind": "normal"})
                self.hand = ack["id"] if ack and ack.get("ok") else None
            else:
                self.write("speakers.withdraw", {"request_id": self.hand})
                self.hand = None
        else:  # the phone loses its signal, then comes back: re-join with the last seq and replay
            self.client.disconnect()
            time.sleep(self.rng.uniform(0.1, 2))
            self.client.connect(timeout=30)
            self.counts["reconnects"] += 1

    def run(self) -> None:
        try:
            self.client.connect(timeout=60)
            while time.monotonic() < self.deadline:
                self.act()
                time.sleep(self.rng.uniform(0.5, 3))  # people think before they type
        except Exception as exc:  # never got in, or could not get back in: counted, not hung on
            self.counts["errors"] += 1
            self.failure = repr(exc)


def lost_and_duplicated(people: list[Person], last: int, until: float) -> tuple[int, int]:
    """Events each person still in the room never applied, and events applied twice; waits until
    ``until`` at most. People who could not get (back) in are counted in ``people_failed`` instead."""
    lost = duplicated = 0
    for person in people:
        if person.failure:
            continue
        person.client.wait_for_seq(last, timeout=max(0.0, until - time.monotonic()))
        seqs = [m["seq"] for m in person.client.applied]
        duplicated += len(seqs) - len(set(seqs))
        # every event but the moderators-only ones (none here) must have been applied, in order
        lost += last - len(set(seqs))
    return lost, duplicated


def leave(people: list[Person], timeout: float) -> None:
    """Everyone disconnects at once, waited for ``timeout`` seconds at most: one after the other,
    each close waiting for the server's closing handshake, 300 people took a quarter of an hour."""
    def quietly(client):
        try:
            client.disconnect()
        except Exception:
            pass

    threads = [threading.Thread(target=quietly, args=(p.client,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    until = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, until - time.monotonic()))


def slope_mb_per_min(samples: list[float], minutes: float = 5) -> float | None:
    """Least-squares slope of the last ``minutes`` of one-per-second samples, in MB per minute."""
    tail = samples[-int(minutes * 60):]
    if len(tail) < 10:
        return None
    xs = range(len(tail))
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(tail)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, tail)) / sum((x - mean_x) ** 2 for x in xs)
    return round(slope * 60, 2)


def server_errors(log_path: str) -> list[str]:
    """The server log's error lines (tracebacks start with one)."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        return [line.rstrip() for line in log if re.match(r"^(ERROR|CRITICAL|Traceback)", line)]


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    Path(args.server_log).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, open(args.server_log, "w") as log:
        database_url = args.database_url or f"sqlite:///{tmp}/soak.db"
        dialogue_id, item_id, emails = prepare(database_url, args.clients)
        server = start_server(database_url, args.port, log)
        url = f"http://127.0.0.1:{args.port}"
        try:
            memory = Memory(server.pid)
            memory.start()
            seeds = [random.Random(rng.random()) for _ in emails]
            with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:  # signing 300 people in one by one took minutes
                people = list(pool.map(lambda pair: Person(url, dialogue_id, item_id, *pair), zip(emails, seeds)))
            deadline = time.monotonic() + args.minutes * 60  # the minutes count once everyone is signed in
            for person in people:
                person.deadline = deadline
                person.start()
            until = deadline + args.settle
            for person in people:
                person.join(max(0.0, until - time.monotonic()))
            stuck = sum(person.is_alive() for person in people)
            last = final_seq(database_url, dialogue_id)
            lost, duplicated = lost_and_duplicated(people, last, until)
            memory.done.set()
            memory.join()
            leave(people, timeout=30)
        finally:
            server.kill()
            server.wait()
    totals = {k: sum(p.counts[k] for p in people) for k in people[0].counts}
    latencies = sorted(ms for p in people for ms in p.latencies)
    failures = [p.failure for p in people if p.failure]
    errors_logged = server_errors(args.server_log)
    figures = {
        "clients": args.clients, "minutes": args.minutes, "events": last, "lost": lost, "duplicated": duplicated,
        "writes": totals["writes"], "refused": totals["refused"], "errors": totals["errors"],
        "people_failed": len(failures), "people_stuck": stuck, "server_log_errors": len(errors_logged),
        "reconnects": totals["reconnects"], "writes_per_s": round(totals["writes"] / (args.minutes * 60), 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
        "rss_start_mb": round(memory.samples[0], 1), "rss_end_mb": round(memory.samples[-1], 1),
        "rss_peak_mb": round(max(memory.samples), 1),
        "rss_growth_mb": round(memory.samples[-1] - memory.samples[0], 1),
        "rss_slope_last_5_min_mb_per_min": slope_mb_per_min(memory.samples),
    }
    for line in [*failures[:5], *errors_logged[:10]]:
        print(line)
    print(f"server log: {args.server_log}")
    print_figures(figures)


if __name__ == "__main__":
    main()
