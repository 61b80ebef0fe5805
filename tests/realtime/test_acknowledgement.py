"""A socket write is acknowledged before it is broadcast (``log.acknowledge_first``), on a real
``python wsgi.py`` (one gevent process, as the embedded default and production's worker serve).

The writer hears "saved" before the room's packets go out, then receives its own event like everyone
else; broadcasts still leave the process in seq order, so a reader of concurrent writers sees no gap.
"""
import threading
import uuid

from ..comments.conftest import make_item
from ..factories import make_dialogue
from .test_admission import errors_in, people, serve  # noqa: F401 (serve is a fixture)

WRITERS, POSTS = 4, 5


def arrivals_of(client) -> list[tuple[str, int]]:
    """What reaches ``client``'s connection, in arrival order: ("event", seq) for each broadcast."""
    arrived: list[tuple[str, int]] = []

    def receive(message):
        arrived.append(("event", message["seq"]))
        client.receive(message)

    client.sio.on("event", receive)
    return arrived


def test_the_writer_is_answered_first_and_readers_get_concurrent_writes_in_seq_order(serve):
    url, log_path = serve()
    dialogue = make_dialogue()
    item_id = make_item(dialogue).id
    clients = people(url, dialogue, WRITERS + 1)
    arrived = [arrivals_of(client) for client in clients]
    for client in clients:
        client.connect()
    writers, reader = clients[:WRITERS], clients[WRITERS]

    def post_all(n: int) -> None:
        for post in range(POSTS):
            answered = threading.Event()

            def acknowledged(ack, n=n):
                arrived[n].append(("ack", ack["seq"]))
                answered.set()

            writers[n].sio.emit("comment.post", {"dialogue_id": dialogue.id, "client_id": uuid.uuid4().hex,
                                                 "item_id": item_id, "body": f"Voz {n}.{post}"}, callback=acknowledged)
            assert answered.wait(30)

    threads = [threading.Thread(target=post_all, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    total = WRITERS * POSTS
    assert all(client.wait_for_seq(total, timeout=30) for client in clients)

    assert [seq for kind, seq in arrived[WRITERS] if kind == "event"] == list(range(1, total + 1))
    for n in range(WRITERS):
        own = [seq for kind, seq in arrived[n] if kind == "ack"]
        assert len(own) == POSTS
        for seq in own:
            assert arrived[n].index(("ack", seq)) < arrived[n].index(("event", seq)), arrived[n]
    for client in clients:
        client.disconnect()
    assert errors_in(log_path) == [], log_path.read_text()[-3000:]
