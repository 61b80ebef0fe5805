"""The load of one run: N Socket.IO clients in one dialogue, writes at a fixed rate, and the figures.

Clients and writers share one asyncio loop and one clock (``perf_counter``): a latency is the time
from just before a write is sent to the moment a client's callback sees its ``seq``.

The clients run on the same cores as the servers they measure, so they are made light: uvloop runs
the loop and orjson decodes the packets (``run`` and ``client``). The app and its floor are measured
with the same clients.
"""
import asyncio
import itertools
import logging
import statistics
import time
from dataclasses import dataclass, field

import aiohttp
import orjson
import socketio
import uvloop

CONNECT_CONCURRENCY = 50


class _OrJSON:
    """orjson behind the interface python-socketio's ``json=`` option expects (the stdlib's)."""

    loads = staticmethod(orjson.loads)

    @staticmethod
    def dumps(obj, **_options) -> str:
        return orjson.dumps(obj).decode()


def client(http: aiohttp.ClientSession, **options) -> socketio.AsyncClient:
    return socketio.AsyncClient(http_session=http, json=_OrJSON, **options)


def run(coroutine):
    """``asyncio.run`` on uvloop. Dropped connections are counted per run (``delivery``); the
    clients' own error lines would drown the bench's output."""
    for name in ("engineio.client", "socketio.client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return uvloop.run(coroutine)


class Receiver:
    """One connected client; records when each seq arrived, nothing else (keeps the loop light).

    Like the real client (static/js/live.js), when the server drops it, it reconnects and joins
    again with the last seq it has, so the log replays what it missed; ``drops`` counts that.
    """

    def __init__(self, http: aiohttp.ClientSession):
        self.sio = client(http, reconnection=True, reconnection_delay=0.5)
        self.arrived: dict[int, float] = {}
        self.drops = 0
        self.failed_rejoins = 0
        self.sio.on("event", self._event)
        self.sio.on("connect", self._connected)
        self.sio.on("disconnect", self._dropped)

    async def _event(self, message):
        self.arrived.setdefault(message["seq"], time.perf_counter())

    def _dropped(self, reason=None):
        if reason != self.sio.reason.CLIENT_DISCONNECT:
            self.drops += 1

    async def _connected(self):
        if self.drops:
            self.sio.start_background_task(self._rejoin)

    async def _rejoin(self):
        try:
            await self.join(self.dialogue_id, self.contiguous())
        except (RuntimeError, socketio.exceptions.SocketIOError):
            self.failed_rejoins += 1

    def contiguous(self) -> int:
        """The last seq before the first gap: what a reconnecting client asks the log to follow."""
        seq = self.after
        while seq + 1 in self.arrived:
            seq += 1
        return seq

    async def join(self, dialogue_id: int, last_seq: int) -> dict:
        ack = await self.sio.call("join", {"dialogue_id": dialogue_id, "last_seq": last_seq}, timeout=60)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        for message in ack["events"]:
            await self._event(message)
        return ack

    async def connect(self, url: str, dialogue_id: int, last_seq: int, headers: dict | None = None) -> dict:
        self.dialogue_id, self.after = dialogue_id, last_seq
        await self.sio.connect(url, headers=headers or {}, transports=["websocket"], wait_timeout=60)
        return await self.join(dialogue_id, last_seq)


async def connect_all(urls: list[str], count: int, http: aiohttp.ClientSession, dialogue_id: int,
                      last_seq: int) -> list[Receiver]:
    """``count`` anonymous clients, spread round-robin over the servers."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    receivers = [Receiver(http) for _ in range(count)]

    async def one(receiver: Receiver, url: str):
        async with gate:
            await receiver.connect(url, dialogue_id, last_seq)

    await asyncio.gather(*(one(r, urls[n % len(urls)]) for n, r in enumerate(receivers)))
    return receivers


async def disconnect_all(receivers: list[Receiver]) -> None:
    await asyncio.gather(*(r.sio.disconnect() for r in receivers), return_exceptions=True)


@dataclass
class Schedule:
    """``rate`` writes per second for ``seconds``, by ``writers`` concurrent writers."""

    rate: float
    seconds: float
    writers: int
    sent: dict = field(default_factory=dict)  # write key → perf_counter just before sending
    took_ms: list = field(default_factory=list)  # how long each accepted write's request took
    failed: int = 0
    elapsed: float = 0.0

    @property
    def total(self) -> int:
        return int(self.rate * self.seconds)

    async def run(self, write) -> None:
        """Call ``await write(writer_index)`` (→ a key the write action can map to a seq) on time.

        A writer that falls behind sends at once, so an overloaded server shows as a lower rate.
        """
        ticks = itertools.count()
        start = time.perf_counter()

        async def writer(index: int):
            while (n := next(ticks)) < self.total:
                await asyncio.sleep(max(0.0, start + n / self.rate - time.perf_counter()))
                sent_at = time.perf_counter()
                try:
                    key = await write(index)
                except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError):
                    self.failed += 1
                else:
                    self.sent[key] = sent_at
                    self.took_ms.append((time.perf_counter() - sent_at) * 1000)

        await asyncio.gather(*(writer(i) for i in range(self.writers)))
        self.elapsed = time.perf_counter() - start


async def drain(receivers: list[Receiver], seqs: set[int], timeout: float) -> None:
    """Wait until every client has every seq, or ``timeout`` seconds (what is missing then is lost)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(seqs <= r.arrived.keys() for r in receivers):
            return
        await asyncio.sleep(0.2)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def delivery(receivers: list[Receiver], sent_by_seq: dict[int, float]) -> dict:
    """Latency percentiles (ms) over every (client, write) pair, and how many pairs never arrived."""
    latencies, lost = [], 0
    for receiver in receivers:
        for seq, sent_at in sent_by_seq.items():
            arrived = receiver.arrived.get(seq)
            if arrived is None:
                lost += 1
            else:
                latencies.append((arrived - sent_at) * 1000)
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99), "lost": lost, "deliveries": len(latencies),
            "dropped_connections": sum(r.drops for r in receivers),
            "failed_rejoins": sum(r.failed_rejoins for r in receivers)}
