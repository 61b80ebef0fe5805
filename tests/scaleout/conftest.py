"""Two real gunicorn instances sharing a throwaway PostgreSQL database and Redis (one set for the package)."""
import os
import uuid

import pytest
import redis
import requests

from bench import cluster

from ..conftest import LiveClient
from ..databases import PostgresDatabase, unavailable

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


class Deployment:
    """The running instances, the seeded dialogue and its organizer's signed-in HTTP session."""

    def __init__(self, servers: list[cluster.Server], seeded: dict):
        self.servers = servers
        self.dialogue_id = seeded["dialogue_id"]
        self.participant_id = seeded["participants"][0]
        self.organizer = requests.Session()
        self.csrf = cluster.sign_in(self.organizer, servers[0].url, seeded["email"], seeded["password"])
        self.present = False
        self.clients: list[LiveClient] = []

    def client(self, base_url: str, *, organizer: bool = False, transports=("websocket",)) -> LiveClient:
        """A connected Socket.IO client, anonymous or signed in as the organizer."""
        client = LiveClient(base_url, transports=list(transports))
        if organizer:
            client.http.cookies.update(self.organizer.cookies)
        self.clients.append(client.connect())
        return client

    def write(self, base_url: str) -> None:
        """One change everyone connected should hear of, made through ``base_url``.

        A check-in toggle over HTTP (a moderators-only event: the public room gets a seq stub).
        Once comments exist this can become a ``comment.post`` from a socket client.
        """
        self.present = not self.present
        action = "check-in" if self.present else "check-out"
        response = self.organizer.post(
            f"{base_url}/d/{self.dialogue_id}/participants/{self.participant_id}/{action}",
            data={"csrf_token": self.csrf}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text

    def last_seq(self, client: LiveClient) -> int:
        events = client.join(self.dialogue_id)["events"]
        return events[-1]["seq"] if events else 0

    def disconnect_all(self) -> None:
        for client in self.clients:
            client.disconnect()
        self.clients.clear()


def redis_reachable(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        unavailable("Redis", f"Start it (redis-server --daemonize yes) or set TEST_REDIS_URL. ({exc})")


@pytest.fixture(scope="package")
def deployment(tmp_path_factory):
    redis_reachable(REDIS_URL)
    database = PostgresDatabase()
    try:
        seeded = cluster.prepare_database(database.url)
        # A channel of its own: Redis pub/sub ignores the database number, parallel runs would mix.
        env = cluster.server_env(database.url, REDIS_URL, f"gd-test-{uuid.uuid4().hex[:12]}")
        with cluster.running(2, env, tmp_path_factory.mktemp("servers")) as servers:
            yield Deployment(servers, seeded)
    finally:
        database.drop()


@pytest.fixture
def two(deployment):
    """The deployment, with every client a test opened disconnected afterwards."""
    yield deployment
    deployment.disconnect_all()
