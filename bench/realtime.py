"""Real-time fan-out: N clients in one dialogue while writes arrive at a fixed rate.

    .venv/bin/python -m bench.realtime --clients 200 500 1000 2000 --processes 2 --database postgresql

For each client count, the app (gunicorn + gevent instances sharing the database and a Redis
message queue) and then bench/bare_server.py (same workers and queue, only broadcasts) get the
same load (the write rate the app sustained); with ``--against node``, then the bare Node.js
socket.io server of ``../shared/anchors`` too (bench/node.py). Prints a table, then as its very
last line one JSON object (see docs/performance.md).
Needs Redis, and PostgreSQL for ``--database postgresql``; ``--against node`` needs node and npm.
"""
import argparse
import gc
import json
import os
import tempfile
import uuid
from pathlib import Path

import aiohttp
import requests
from limits.storage import storage_from_string

from . import cluster
from . import load
from . import node
from .load import Schedule, connect_all, delivery, disconnect_all, drain, percentile
from .writes import WRITES, BareBroadcasts, BroadcastsToEvery, CheckInToggles, CommentPosts, accounts_needed

FLOORS = ("bare", "node")


def options(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200], help="client counts, one run each")
    parser.add_argument("--processes", type=int, default=2, help="server processes (gunicorn instances)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    # A busy roundtable: five comments a second, for long enough that p99 is not one slow write.
    parser.add_argument("--rate", type=float, default=5, help="writes per second offered")
    parser.add_argument("--seconds", type=float, default=20, help="how long writes are made")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writers")
    parser.add_argument("--drain", type=float, default=20, help="seconds to wait for stragglers")
    parser.add_argument("--write", choices=sorted(WRITES), default="comment",
                        help="the app's write: comment.post over Socket.IO, or the organizer's check-in toggle over HTTP")
    parser.add_argument("--against", choices=["node"], action="append", default=[],
                        help="also measure the bare Node.js socket.io server of ../shared/anchors (BENCH_ANCHORS)")
    parser.add_argument("--floor-rate", choices=["sustained", "offered"], default="sustained",
                        help="the floors get the rate the app sustained (same messages), or the rate offered "
                             "(their own capacity, with --rate above what they can do)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    return parser.parse_args(argv)


async def measure(urls: list[str], clients: int, make_writes, rate: float, args, dialogue_id: int,
                  after_seq: int, cpu=lambda: 0.0) -> dict:
    """One run: connect, write on schedule, learn each write's seq, wait for stragglers, count.
    ``cpu()`` is the servers' CPU time so far: what they used from the first write to the last delivery."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        receivers = await connect_all(urls, clients, http, dialogue_id, after_seq)
        # The clients' own collector must not pause the loop mid-measurement: thousands of connection
        # objects made a full collection a stall of tens of ms, randomly in the app's run or the floor's.
        gc.collect()
        gc.freeze()
        writes = make_writes(http)
        await writes.open()
        schedule = Schedule(rate, args.seconds, writes.writers)
        cpu_before = cpu()
        await schedule.run(writes.write)
        seq_of, persisted = await writes.settle(after_seq)
        await writes.close()
        sent_by_seq = {seq_of[key]: at for key, at in schedule.sent.items() if key in seq_of}
        await drain(receivers, set(sent_by_seq), args.drain)
        cpu_used = cpu() - cpu_before
        figures = delivery(receivers, sent_by_seq)
        await disconnect_all(receivers)
    return {**figures, "clients": clients, "writes": len(schedule.sent), "failed_writes": schedule.failed,
            "unmatched_writes": len(schedule.sent) - len(sent_by_seq),
            "writes_per_s": len(schedule.sent) / schedule.elapsed,
            "write_p50_ms": percentile(schedule.took_ms, 50), "write_p99_ms": percentile(schedule.took_ms, 99),
            "persisted_per_s": None if persisted is None else persisted / schedule.elapsed,
            "server_cpu_ms_per_write": cpu_used * 1000 / len(schedule.sent) if schedule.sent else None,
            "last_seq": max(sent_by_seq, default=after_seq)}


def app_writes(args, urls: list[str], seeded: dict, env: dict, run: int):
    """``http → write action`` for ``--write``; run ``run`` posts from its own slice of the accounts."""
    if args.write == "comment":
        per_run = accounts_needed(args.rate, args.seconds)
        accounts = seeded["posters"][run * per_run:(run + 1) * per_run]
        return lambda http: CommentPosts(urls, seeded, http, lambda uid: cluster.session_cookie(env["SECRET_KEY"], uid),
                                         args.writers, accounts, f"r{run}")
    session = requests.Session()
    csrf = cluster.sign_in(session, urls[0], seeded["email"], seeded["password"])
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    return lambda http: CheckInToggles(urls, seeded, http, cookie, csrf)


def run_app(args, database_url: str, seeded: dict, clients: int, after_seq: int, log_dir: Path, run: int) -> dict:
    env = cluster.server_env(database_url, args.redis, f"bench-app-{uuid.uuid4().hex[:8]}")
    # The rate limits live in Redis with the queue, keyed by user id; every bench database numbers
    # its accounts from 1 again, so a previous bench's counts (a minute's worth) must not carry over.
    storage_from_string(args.redis).reset()
    with cluster.running(args.processes, env, log_dir) as servers:
        urls = [s.url for s in servers]
        figures = load.run(measure(urls, clients, app_writes(args, urls, seeded, env, run), args.rate, args,
                                      seeded["dialogue_id"], after_seq, cpu=lambda: sum(s.cpu_seconds() for s in servers)))
        return {**figures, "peak_rss_mb": max(s.peak_rss_mb() for s in servers)}


def run_bare(args, clients: int, rate: float, log_dir: Path) -> dict:
    env = {"SOCKETIO_MESSAGE_QUEUE": args.redis, "SOCKETIO_CHANNEL": f"bench-bare-{uuid.uuid4().hex[:8]}",
           "LOG_LEVEL": "warning"}
    with cluster.running(args.processes, env, log_dir, app=cluster.BARE) as servers:
        urls = [s.url for s in servers]
        figures = load.run(measure(urls, clients, lambda http: BareBroadcasts(urls, http, args.writers),
                                      rate, args, 1, 0, cpu=lambda: sum(s.cpu_seconds() for s in servers)))
        return {**figures, "peak_rss_mb": max(s.peak_rss_mb() for s in servers)}


def run_node(args, folder: Path, clients: int, rate: float, log_dir: Path) -> dict:
    with node.running(args.processes, folder, log_dir) as servers:
        urls = [s.url for s in servers]
        floor = BareBroadcasts if len(urls) == 1 else BroadcastsToEvery
        figures = load.run(measure(urls, clients, lambda http: floor(urls, http, args.writers), rate, args, 1, 0,
                                   cpu=lambda: sum(s.cpu_seconds() for s in servers)))
        return {**figures, "peak_rss_mb": max(s.peak_rss_mb() for s in servers)}


def fmt(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(runs: list[dict], args, load: float) -> str:
    lines = [f"machine: {cluster.machine()}, load average {load:.1f} before the run; {args.processes} process(es); "
             f"database {args.database}; write {WRITES[args.write].name}; {args.rate:g} writes/s offered for {args.seconds:g} s by {args.writers} writers",
             f"{'clients':>7} {'server':<6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'lost':>6} {'drops':>6} "
             f"{'writes/s':>9} {'persisted/s':>11} {'write p50 ms':>12} {'CPU ms/write':>12} {'peak RSS MB':>11} {'p99 app/bare':>12}"
             f"{' p99 app/node' if 'node' in args.against else ''}"]
    for run in runs:
        for server in servers(args):
            r = run[server]
            ratios = [fmt(run["ratio_p99_vs_bare"], 2) if server == "app" else ""]
            if "node" in args.against:
                ratios.append(fmt(run["ratio_p99_vs_node"], 2) if server == "app" else "")
            lines.append(f"{run['clients']:>7} {server:<6} {fmt(r['p50_ms']):>8} {fmt(r['p95_ms']):>8} "
                         f"{fmt(r['p99_ms']):>8} {r['lost']:>6} {r['dropped_connections']:>6} {fmt(r['writes_per_s']):>9} "
                         f"{fmt(r['persisted_per_s']):>11} {fmt(r['write_p50_ms']):>12} {fmt(r['server_cpu_ms_per_write'], 2):>12} "
                         f"{fmt(r['peak_rss_mb']):>11} "
                         + " ".join(f"{ratio:>12}" for ratio in ratios))
    if "node" in args.against and args.processes > 1:
        lines.append(f"(node: {args.processes} processes without a queue; each write posted to every one)")
    return "\n".join(lines)


def servers(args) -> tuple[str, ...]:
    return ("app", "bare", *args.against)


def summary(runs: list[dict], args, load: float) -> dict:
    """The JSON line: per run, then the worst figure over all runs at the top level."""
    apps = [run["app"] for run in runs]
    against = {"ratio_p99_vs_node": max(run["ratio_p99_vs_node"] for run in runs)} if "node" in args.against else {}
    return {
        "write": WRITES[args.write].name, "database": args.database, "processes": args.processes,
        "offered_writes_per_s": args.rate, "seconds": args.seconds, "cpus": os.cpu_count(),
        "load_average_before": round(load, 2),
        "p50_ms": max(a["p50_ms"] for a in apps), "p99_ms": max(a["p99_ms"] for a in apps),
        "ratio_p99_vs_bare": max(run["ratio_p99_vs_bare"] for run in runs), **against,
        # the app's persisted writes/s over what the bare floor broadcast (its capacity with --floor-rate offered)
        "ratio_writes_vs_bare": min(run["app"]["persisted_per_s"] / run["bare"]["writes_per_s"] for run in runs),
        "lost": sum(a["lost"] for a in apps),
        "dropped_connections": sum(a["dropped_connections"] for a in apps), "writes_per_s": min(a["persisted_per_s"] for a in apps),
        "peak_rss_mb": max(a["peak_rss_mb"] for a in apps),
        "floor_rate": args.floor_rate,
        "runs": [{"clients": run["clients"], **{k: v for k, v in run.items() if k.startswith("ratio_")},
                  **{f"{server}_{k}": v for server in servers(args) for k, v in run[server].items()
                     if k not in ("clients", "last_seq")}} for run in runs],
    }


def main(argv=None) -> None:
    args = options(argv)
    args.against = list(dict.fromkeys(args.against))
    if "node" in args.against and (why := node.missing()):
        raise SystemExit(f"--against node: {why}")
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-realtime-"))
    node_folder = node.prepare(work) if "node" in args.against else None
    database = cluster.throwaway_database(args.database, work)
    runs, after_seq = [], 0
    try:
        posters = len(args.clients) * accounts_needed(args.rate, args.seconds) if args.write == "comment" else 0
        seeded = cluster.prepare_database(database.url, writers=args.writers, posters=posters)
        for run, clients in enumerate(args.clients):
            app = run_app(args, database.url, seeded, clients, after_seq, work, run)
            after_seq = app["last_seq"]
            # The floors get the fan-out the app actually sustained, so all deliver the same messages
            # (or, with --floor-rate offered, the offered rate: their own capacity).
            rate = args.rate if args.floor_rate == "offered" else min(args.rate, app["writes_per_s"])
            bare = run_bare(args, clients, rate, work)
            run_figures = {"clients": clients, "app": app, "bare": bare,
                           "ratio_p99_vs_bare": app["p99_ms"] / bare["p99_ms"]}
            if node_folder is not None:
                run_figures["node"] = run_node(args, node_folder, clients, rate, work)
                run_figures["ratio_p99_vs_node"] = app["p99_ms"] / run_figures["node"]["p99_ms"]
            runs.append(run_figures)
            print(f"… {clients} clients done", flush=True)
    finally:
        database.drop()
    print(f"(server logs: {work})")
    print(table(runs, args, load_before))
    print(json.dumps(summary(runs, args, load_before)))


if __name__ == "__main__":
    main()
