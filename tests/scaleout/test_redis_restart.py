"""A Redis restart in the scaled-out setup: live fan-out pauses briefly, nothing acknowledged is lost.

Two real gunicorn instances use a Redis of this test's own (so it can be killed and restarted on the
same port) and a throwaway PostgreSQL database. Writes made while Redis is down are committed with
their events; a client on the other instance fills the gap from the log as soon as fan-out resumes.
"""
import subprocess
import time
import uuid

import redis

from bench import cluster
from dialogues.realtime.client import DialogueClient

from ..databases import PostgresDatabase, unavailable
from .conftest import Deployment


def start_redis(port: int) -> subprocess.Popen:
    try:
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        unavailable("redis-server", "Install Redis (apt-get install redis-server).")
    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            return proc
        except redis.RedisError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def test_a_redis_restart_loses_nothing_acknowledged(tmp_path):
    port = cluster.free_port()
    server = start_redis(port)
    database = PostgresDatabase()
    try:
        seeded = cluster.prepare_database(database.url)
        env = cluster.server_env(database.url, f"redis://127.0.0.1:{port}/0", f"gd-restart-{uuid.uuid4().hex[:8]}")
        with cluster.running(2, env, tmp_path) as servers:
            deployment = Deployment(servers, seeded)
            listener = DialogueClient(servers[1].url, deployment.dialogue_id, transports=["websocket"]).connect()
            try:
                deployment.write(servers[0].url)
                assert listener.wait_for_seq(1), "fan-out works before the restart"

                server.kill()
                server.wait()
                for _ in range(3):  # committed with their events while Redis is away
                    deployment.write(servers[0].url)
                server = start_redis(port)

                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and listener.last_seq < 5:
                    deployment.write(servers[0].url)  # each one that is delivered reveals the gap
                    listener.wait_for_seq(5, timeout=3)
                # The client advances only through contiguous seqs: reaching 5 means the three writes
                # made while Redis was away reached it too, in order.
                assert listener.last_seq >= 5, "fan-out resumed after the restart"
            finally:
                listener.disconnect()
    finally:
        server.kill()
        database.drop()
