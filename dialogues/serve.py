"""Production entry point, named by ``gunicorn.conf.py``: ``gunicorn -c gunicorn.conf.py``.

Gevent's monkey patching must happen before anything imports ``socket``, ``ssl`` or
``threading`` (redis, psycopg, werkzeug), so it is the first statement here and lives in this
module only: ``wsgi.py``, the tests and ``make run`` stay on plain threads.
"""
from gevent import monkey

monkey.patch_all()

from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

from dialogues import create_app, dbwait, freeze_startup_heap  # noqa: E402
from dialogues.mail import outbox  # noqa: E402

app = create_app({"SOCKETIO_ASYNC_MODE": "gevent"})
if app.config["PROXY_COUNT"]:
    # Behind nginx: trust its X-Forwarded-For/Proto/Host so external URLs (join links, QR codes)
    # and secure cookies use the address people actually visit.
    hops = app.config["PROXY_COUNT"]
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

dbwait.install()
freeze_startup_heap()
outbox.worker(app).start()  # mails left unsent by the last run go out now
