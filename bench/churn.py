"""Reconnection churn: does the server keep anything per connection once it is gone?

Starts ``python wsgi.py`` (bench/soak.py's embedded server) on a throwaway database, with the Redis
message queue by default (the production worker's client manager), then ``--rounds`` times: every
one of ``--people`` connects, joins the dialogue, syncs and leaves; every other one drops its
transport without a goodbye, as a phone losing its signal does. After each round (and a pause for
the server to close what was dropped) it prints the serving process's resident memory; then the
growth over the rounds after the first ``--warm`` ones, per reconnection, and one JSON line.

    .venv/bin/python bench/churn.py --people 200 --rounds 15
"""
import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cluster, load  # noqa: E402
from bench.report import print_figures  # noqa: E402
from bench.soak import Embedded, rss_mb  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warm", type=int, default=3, help="first rounds left out of the growth (warming)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
                        help="the message queue ('' for none)")
    parser.add_argument("--pause", type=float, default=5, help="seconds after each round")
    parser.add_argument("--server-log", default=str(ROOT / "instance" / "churn-server.log"))
    return parser.parse_args()


async def one_round(url: str, cookies: list[str], dialogue_id: int) -> None:
    async with aiohttp.TCPConnector(limit=0) as connector:
        gate = asyncio.Semaphore(load.CONNECT_CONCURRENCY)

        async def visit(number: int, cookie: str) -> None:
            async with gate, aiohttp.ClientSession(connector=connector, connector_owner=False) as http:
                sio = load.client(http, reconnection=False)
                await sio.connect(url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=30)
                joined = await sio.call("join", {"dialogue_id": dialogue_id, "last_seq": 0}, timeout=60)
                assert joined.get("ok"), joined
                await sio.call("sync", {"dialogue_id": dialogue_id, "last_seq": 0}, timeout=60)
                if number % 2:
                    await sio.eio.ws.close()  # the transport goes, without a Socket.IO goodbye
                else:
                    await sio.disconnect()

        await asyncio.gather(*(visit(n, cookie) for n, cookie in enumerate(cookies)))


def main() -> None:
    args = parse_args()
    if args.redis:
        os.environ.update(SOCKETIO_MESSAGE_QUEUE=args.redis, SOCKETIO_CHANNEL=f"churn-{secrets.token_hex(4)}")
    secret_key = secrets.token_hex(32)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        database = cluster.throwaway_database(args.database, Path(tmp))
        try:
            seeded = cluster.prepare_database(database.url, posters=args.people)
            server = Embedded(database.url, secret_key, Path(args.server_log))
            cookies = [cluster.session_cookie(secret_key, user_id) for user_id in seeded["posters"]]
            rss = []
            try:
                for number in range(1, args.rounds + 1):
                    started = time.monotonic()
                    load.run(one_round(server.url, cookies, seeded["dialogue_id"]))
                    time.sleep(args.pause)
                    rss.append(rss_mb(server.pid))
                    print(f"round {number:3}: {rss[-1]:7.1f} MB  ({time.monotonic() - started:.0f} s, "
                          f"load {os.getloadavg()[0]:.1f})", flush=True)
            finally:
                server.stop()
        finally:
            database.drop()
    counted = rss[args.warm - 1:] if args.rounds > args.warm else rss
    reconnections = (len(counted) - 1) * args.people
    growth = counted[-1] - counted[0]
    print_figures({
        "database": args.database, "queue": bool(args.redis), "people": args.people, "rounds": args.rounds,
        "reconnections": args.rounds * args.people, "rss_first_round_mb": round(rss[0], 1),
        "rss_last_round_mb": round(rss[-1], 1), "rss_growth_after_warming_mb": round(growth, 1),
        "kb_per_reconnection_after_warming": round(growth * 1024 / reconnections, 2) if reconnections else None,
        "rss_spread_after_warming_mb": round(statistics.pstdev(counted), 2),
        "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1),
    })


if __name__ == "__main__":
    main()
