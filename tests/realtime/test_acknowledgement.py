"""A socket write is acknowledged before it is broadcast (``log.acknowledge_first``), on a real
``python wsgi.py`` (one gevent process, as the embedded default and production's worker serve).

The writer hears "saved" before the room's packets go out, then receives its own event like everyone
else; broadcasts still leave the process in seq order, so a reader of concurrent writers sees no gap.
"""
import threading
import uuid

from engineio import packet as engineio_packet
from socketio import packet as socketio_packet

from ..comments.conftest import make_item
from ..factories import make_dialogue
from .test_admission import errors_in, people, serve  # noqa: F401 (serve is a fixture)

WRITERS, POSTS = 4, 5


def arrivals_of(client) -> list[tuple[str, int]]:
    """What reaches ``client``'s connection, in the order it comes off the wire: ("event", seq) for each
    broadcast, ("ack", seq) for each acknowledgement. Recorded as engine.io reads each packet, because
    the client then hands every message to a thread of its own, and those run in no fixed order."""
    arrived: list[tuple[str, int]] = []
    read = client.sio.eio._receive_packet

    def receive(pkt):
        if pkt.packet_type == engineio_packet.MESSAGE:
            message = socketio_packet.Packet(encoded_packet=pkt.data)
            if message.packet_type == socketio_packet.EVENT and message.data[0] == "event":
                arrived.append(("event", message.data[1]["seq"]))
            elif message.packet_type == socketio_packet.ACK and "seq" in message.data[0]:  # a write's, not the join's
                arrived.append(("ack", message.data[0]["seq"]))
        read(pkt)

    client.sio.eio._receive_packet = receive
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
            writers[n].sio.emit("comment.post", {"dialogue_id": dialogue.id, "client_id": uuid.uuid4().hex,
                                                 "item_id": item_id, "body": f"Voz {n}.{post}"},
                                callback=lambda ack, answered=answered: answered.set())
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
