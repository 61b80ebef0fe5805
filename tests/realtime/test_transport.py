"""Engine.io's transports spoken by hand: a long-polling POST that races the server closing the
session (here: the person signs out, which closes their connections) gets 400, never 500; a
WebSocket handshake offering compression is answered without it."""
import base64
import json
import os
import socket
import time

from dialogues.extensions import socketio

from ..conftest import http_session
from ..factories import make_user


def test_a_polling_post_for_a_session_closing_at_sign_out_gets_400(live_server):
    user = make_user()
    http = http_session(live_server.url, user)
    url = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    opened = http.get(url, timeout=10)
    assert opened.status_code == 200, opened.text
    sid = json.loads(opened.text[1:])["sid"]
    session_url = f"{url}&sid={sid}"
    assert http.post(session_url, data="40", timeout=10).text == "OK"  # Socket.IO connect
    assert http.get(session_url, timeout=10).text.startswith("40")
    assert http.post(f"{live_server.url}/accounts/logout", allow_redirects=False, timeout=10).status_code == 302
    # The server closes the session and waits for this client's next poll to take the CLOSE
    # packet: meanwhile the session is listed but closed. This POST comes in that window.
    wait_until(lambda: sid not in socketio.server.eio.sockets or socketio.server.eio.sockets[sid].closed)
    late = http.post(session_url, data='42["sync",{"dialogue_id":1}]', timeout=10)
    assert late.status_code == 400, late.text
    assert http.get(session_url, timeout=10).status_code in (200, 400)  # the CLOSE packet, or gone
    assert http.post(session_url, data="41", timeout=10).status_code == 400  # gone for good


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the server did not close the session"
        time.sleep(0.01)


def test_a_join_whose_connection_closed_meanwhile_is_no_server_error(live_server, caplog):
    """A phone that drops right after asking to join: python-socketio no longer knows the connection
    when the handler enters the room. 20 of them, each join and disconnect in one polling POST."""
    from ..factories import make_dialogue

    dialogue = make_dialogue()
    http = http_session(live_server.url)
    url = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    for _ in range(20):
        sid = json.loads(http.get(url, timeout=10).text[1:])["sid"]
        session_url = f"{url}&sid={sid}"
        assert http.post(session_url, data="40", timeout=10).text == "OK"
        assert http.get(session_url, timeout=10).text.startswith("40")
        join = json.dumps(["join", {"dialogue_id": dialogue.id, "last_seq": 0}])
        http.post(session_url, data=f"421{join}\x1e41", timeout=10)  # join, then leave at once
    # one more connection joins and is answered: the earlier joins ran before or alongside it
    from ..conftest import LiveClient

    LiveClient(live_server.url).connect().join(dialogue.id)
    assert not [r for r in caplog.records if "socket handler join failed" in r.getMessage()]


def test_a_websocket_declines_the_compression_browsers_offer(live_server):
    """Per-message deflate would compress every event once per recipient (docs/realtime.md)."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
                     "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += raw.recv(4096)
    head = answer.split(b"\r\n\r\n")[0].decode().lower()
    assert head.startswith("http/1.1 101"), head
    assert "sec-websocket-extensions" not in head
