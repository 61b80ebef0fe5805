"""Engine.io's transport and Socket.IO's sessions: 400 for a request whose session closed meanwhile,
WebSockets uncompressed, and each event's session the one its connection already read.

A long-polling POST that races the server closing its session (sign-out closes the person's
connections: connections.py) finds the session still listed but closed, and engine.io raises
``KeyError('Session is disconnected')`` (or ``'Session not found'`` once it is gone) out of its
request handler, which the web server answered with a 500. The session is over: the client gets a
400, as engine.io answers any other request for an unknown session, and reconnects.
"""
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

CLOSED_SESSION = {"Session is disconnected", "Session not found"}


class Transport:
    """WSGI middleware around Flask-SocketIO's, for engine.io's requests only (``path``):

    - **a closed session gets 400, not 500** (above);
    - **WebSockets without permessage-deflate** (docs/performance.md, issue 18):
      simple-websocket accepts the permessage-deflate every browser offers, and then each message is
      compressed for each recipient separately, with a compressor kept per connection: ~20–25 µs of
      CPU per recipient and message on top of ~5 µs for the frame, and about 300 KB of zlib state per
      connection. Events are a few hundred bytes; Node's socket.io declines the offer by default for
      the same reasons. Declined by removing the offer from the handshake (the client then sends and
      receives plain frames)."""

    def __init__(self, wsgi_app, path: str = "/socket.io"):
        self.wsgi_app = wsgi_app
        self.path = path

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(self.path):
            return self.wsgi_app(environ, start_response)
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        try:
            return self.wsgi_app(environ, start_response)
        except KeyError as exc:
            if not exc.args or exc.args[0] not in CLOSED_SESSION:
                raise
            return Response("Session is closed", status=400, mimetype="text/plain")(environ, start_response)


class ConnectionSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, without reading the cookie again for each Socket.IO event.

    Flask-SocketIO runs each event in a request context of its connection's WSGI environ, whose push
    opens the session from the cookie (its signature checked, its JSON decoded), then replaces it
    with the copy it keeps for the connection (``environ["saved_session"]``, made at the first
    event). The cookie of a connection never changes, so for its later events that copy is the
    session, and each event is spared the cookie's check (docs/performance.md, issue 18)."""

    def open_session(self, app, request):
        saved = request.environ.get("saved_session")
        return saved if saved is not None else super().open_session(app, request)
