"""What one bench write is. Every action makes a change that each connected client should receive,
and afterwards says which ``seq`` each write got (``settle``). ``open`` and ``close`` bracket the
timed part (connections a write action needs are made before it).
"""
import asyncio
import itertools
import math

import aiohttp
import socketio

from . import load
from .load import CONNECT_CONCURRENCY, Receiver

# comment.post allows 10 a minute per person (dialogues/comments/events.py): each account posts that many.
POSTS_PER_ACCOUNT = 10


class Write:
    writers: int

    async def open(self) -> None:
        """Connect what the writes need, before the clock starts."""

    async def close(self) -> None:
        """Let go of what ``open`` connected."""


def accounts_needed(rate: float, seconds: float) -> int:
    """Posting accounts one run of ``CommentPosts`` uses up."""
    return math.ceil(rate * seconds / POSTS_PER_ACCOUNT)


class CommentPosts(Write):
    """The app's everyday write: approved participants post on the running item over Socket.IO.

    ``comment.post`` with a client id, through the same handler plumbing, service, event log,
    commit and broadcast as a phone's post. Each account has its own connection (signed-in
    cookie, WebSocket), spread over the instances, and posts ``POSTS_PER_ACCOUNT`` times, so the
    per-person rate limit is hit and checked but never refuses. The ack carries the seq, so
    ``settle`` only returns what the acks said. Everyone receives the full ``comment.posted``.
    """

    name = "comment.post (Socket.IO)"

    def __init__(self, urls: list[str], seeded: dict, http: aiohttp.ClientSession, cookie_for, writers: int,
                 accounts: list[int], run: str):
        self.urls, self.http, self.cookie_for, self.writers, self.run = urls, http, cookie_for, writers, run
        self.dialogue_id, self.item_id = seeded["dialogue_id"], seeded["item_id"]
        self.accounts = accounts
        self.connections: list[socketio.AsyncClient] = []
        self.posts = itertools.count()
        self.seq_of: dict[str, int] = {}

    async def open(self) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def connect(n: int, user_id: str) -> socketio.AsyncClient:
            connection = load.client(self.http, reconnection=False)
            async with gate:
                await connection.connect(self.urls[n % len(self.urls)], headers={"Cookie": self.cookie_for(user_id)},
                                         transports=["websocket"], wait_timeout=60)
            return connection

        self.connections = list(await asyncio.gather(*(connect(n, u) for n, u in enumerate(self.accounts))))

    async def write(self, writer: int) -> str:
        n = next(self.posts)
        client_id = f"bench-{self.run}-{n:06d}"
        try:
            ack = await self.connections[n // POSTS_PER_ACCOUNT].call("comment.post", {
                "dialogue_id": self.dialogue_id, "client_id": client_id, "item_id": self.item_id,
                "body": f"Propuesta {n}: fondo rotatorio para retortas y asistencia técnica a las cooperativas."},
                timeout=60)
        except socketio.exceptions.SocketIOError as exc:
            raise RuntimeError(f"comment.post {client_id}: {exc!r}") from exc
        if not ack.get("ok"):
            raise RuntimeError(f"comment.post {client_id}: {ack}")
        self.seq_of[client_id] = ack["seq"]
        return client_id

    async def settle(self, after_seq: int) -> tuple[dict, int]:
        """``({client_id: seq}, writes acknowledged)``: an ack is sent only after the commit."""
        return dict(self.seq_of), len(self.seq_of)

    async def close(self) -> None:
        await asyncio.gather(*(c.disconnect() for c in self.connections), return_exceptions=True)


class CheckInToggles(Write):
    """The app's write today: the organizer checks participants in and out over HTTP (POST + CSRF).

    A real path: route, service, permission checks, event log, commit, broadcast. Writer ``i``
    toggles participant ``i`` only, so its n-th write is that participant's n-th
    ``participant.changed`` event; the organizer's replay of the log maps each write to its seq
    (and counts what was persisted). Public clients receive seq stubs of these events.
    """

    name = "check-in toggle (HTTP)"

    def __init__(self, urls: list[str], seeded: dict, http: aiohttp.ClientSession, cookie: str, csrf: str):
        self.urls, self.http, self.cookie, self.csrf = urls, http, cookie, csrf
        self.dialogue_id = seeded["dialogue_id"]
        self.participants = seeded["participants"]
        self.done = [0] * len(self.participants)

    @property
    def writers(self) -> int:
        return len(self.participants)

    async def write(self, writer: int):
        participant, n = self.participants[writer], self.done[writer]
        action = "check-in" if n % 2 == 0 else "check-out"
        url = f"{self.urls[writer % len(self.urls)]}/d/{self.dialogue_id}/participants/{participant}/{action}"
        async with self.http.post(url, data={"csrf_token": self.csrf}, headers={"Cookie": self.cookie},
                                  allow_redirects=False) as response:
            if response.status != 302:
                raise RuntimeError(f"{url}: {response.status}")
        self.done[writer] += 1
        return participant, n

    async def settle(self, after_seq: int) -> tuple[dict, int]:
        """``({(participant, n): seq}, events persisted after ``after_seq``)`` from the log itself."""
        reader = Receiver(self.http)
        ack = await reader.connect(self.urls[0], self.dialogue_id, after_seq, headers={"Cookie": self.cookie})
        events = ack["events"]
        while ack.get("more"):
            ack = await reader.sio.call("sync", {"dialogue_id": self.dialogue_id, "last_seq": events[-1]["seq"]})
            events += ack["events"]
        await reader.sio.disconnect()
        seen: dict[int, int] = {}
        seq_of = {}
        for event in events:
            if event["type"] == "participant.changed":
                participant = event["data"]["participant_id"]
                seq_of[(participant, seen.get(participant, 0))] = event["seq"]
                seen[participant] = seen.get(participant, 0) + 1
        return seq_of, len(events)


class BareBroadcasts(Write):
    """The floor: ``POST /write?seq=N`` on bench/bare_server.py, which only broadcasts N."""

    name = "bare broadcast (HTTP)"

    def __init__(self, urls: list[str], http: aiohttp.ClientSession, writers: int, first_seq: int = 1):
        self.urls, self.http, self.writers = urls, http, writers
        self.seqs = itertools.count(first_seq)

    async def write(self, writer: int):
        seq = next(self.seqs)
        async with self.http.post(f"{self.urls[writer % len(self.urls)]}/write?seq={seq}") as response:
            if response.status != 200:
                raise RuntimeError(f"bare write: {response.status}")
        return seq

    async def settle(self, after_seq: int) -> tuple[dict, None]:
        return {seq: seq for seq in range(after_seq + 1, next(self.seqs))}, None


class BroadcastsToEvery(BareBroadcasts):
    """The Node reference (bench/node.py): without a message queue, each write is posted to every
    process, and each broadcasts it to its own clients."""

    name = "bare broadcast to every process (HTTP)"

    async def write(self, writer: int):
        seq = next(self.seqs)

        async def post(url: str):
            async with self.http.post(f"{url}/write?seq={seq}") as response:
                if response.status != 200:
                    raise RuntimeError(f"bare write: {response.status}")

        await asyncio.gather(*(post(url) for url in self.urls))
        return seq


WRITES = {"comment": CommentPosts, "check-in": CheckInToggles}
