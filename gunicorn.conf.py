"""Gunicorn settings for ``make serve`` (docs/deploy.md). Everything else comes from the environment.

One gevent worker per process, as Flask-SocketIO's deployment docs require: a Socket.IO client must
reach the same process for its whole session, so scale out with several gunicorn instances on
different ports behind nginx (``ip_hash``) sharing PostgreSQL and the Redis message queue, never
with ``-w 2``. WebSockets work through the plain gevent worker thanks to simple-websocket.
"""
import os

wsgi_app = "dialogues.serve:app"
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
worker_class = "gevent"
workers = 1
# Each open Socket.IO connection holds one greenlet; the default of 1000 is too few for a full room.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "5000"))
graceful_timeout = 10
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Several instances run side by side; gunicorn's control socket has one fixed path per user.
control_socket_disable = True
