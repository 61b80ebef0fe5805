"""The floor for ``bench/realtime.py``: a bare Flask-SocketIO server that only broadcasts.

Same worker (gunicorn + gevent), same message queue and channel settings as the app, but no
database, no sessions, no permission checks: ``POST /write?seq=N`` emits ``{"seq": N}`` to the
room, ``join`` enters it. Started by the bench as ``gunicorn -c gunicorn.conf.py bench.bare_server:app``.
"""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

ROOM = "bare"
app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", message_queue=os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
                    channel=os.environ.get("SOCKETIO_CHANNEL", "bare"))


@app.get("/")
def index():
    return "bare"


@app.post("/write")
def write():
    seq = request.args.get("seq", type=int)
    socketio.emit("event", {"seq": seq, "type": "bare"}, to=ROOM)
    return {"ok": True, "seq": seq}


@socketio.on("join")
def join(data=None):
    """Bench client → server: enter the one room."""
    join_room(ROOM)
    return {"ok": True, "events": []}
