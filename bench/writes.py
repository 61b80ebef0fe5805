"""What one bench write is. Every action makes a change that each connected client should receive,
and afterwards says which ``seq`` each write got (``settle``).

To measure comments once they exist, add a ``CommentPosts`` action (``comment.post`` over
Socket.IO acknowledges with the seq, so ``settle`` only returns what the acks said) and select it
in ``bench/realtime.py``; nothing else changes.
"""
import itertools

import aiohttp

from .load import Receiver


class CheckInToggles:
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


class BareBroadcasts:
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
