"""Outside development the app refuses laptop settings, and says what to set."""
import os
import subprocess
import sys

import pytest

from bench import cluster
from dialogues import config, create_app
from dialogues.config import DEFAULT_DATABASE_URL, DEV_SECRET_KEY, ConfigError, check_deployment

POSTGRES = "postgresql+psycopg://gold@db.example/dialogues"


def test_development_runs_on_the_defaults():
    check_deployment({"APP_ENV": "development", "SECRET_KEY": DEV_SECRET_KEY,
                      "SQLALCHEMY_DATABASE_URI": DEFAULT_DATABASE_URL})


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, ""])
def test_production_refuses_the_development_secret_key(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        check_deployment({"APP_ENV": "production", "SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": POSTGRES})


def test_production_refuses_to_run_without_a_database_url():
    with pytest.raises(ConfigError, match="DATABASE_URL is not set"):
        check_deployment({"APP_ENV": "production", "SECRET_KEY": "x" * 64,
                          "SQLALCHEMY_DATABASE_URI": DEFAULT_DATABASE_URL})


def test_production_starts_with_both():
    check_deployment({"APP_ENV": "staging", "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": POSTGRES})


def test_the_app_factory_refuses_before_binding_anything():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"APP_ENV": "production", "SECRET_KEY": DEV_SECRET_KEY})


def test_rate_limits_follow_a_redis_message_queue(monkeypatch):
    monkeypatch.setenv("SOCKETIO_MESSAGE_QUEUE", "redis://127.0.0.1:6379/2")
    assert config._queue_backed_limiter() == "redis://127.0.0.1:6379/2"
    monkeypatch.delenv("SOCKETIO_MESSAGE_QUEUE")
    assert config._queue_backed_limiter() == "memory://"


def test_gunicorn_does_not_start_in_production_without_a_secret_key(tmp_path):
    server = cluster.Server({"APP_ENV": "production", "SECRET_KEY": "", "DATABASE_URL": POSTGRES},
                            tmp_path / "refused.log")
    try:
        with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
            server.wait_ready()
    finally:
        server.stop()


def test_a_postgresql_pool_holds_what_one_gevent_process_runs_at_once():
    """Connections beyond the pool are opened and closed per use: SQLAlchemy's default of 5 made the
    bench's writes open a server backend each (docs/performance.md)."""
    settings = {**vars(config.Config), "SQLALCHEMY_DATABASE_URI": POSTGRES}
    options = config.engine_options(settings)
    assert options["pool_size"] >= 20 and options["max_overflow"] >= 10
    assert options["connect_args"]["connect_timeout"] == config.Config.DATABASE_CONNECT_TIMEOUT == 5
    # a busy process waits for a pooled connection; only a new connection's wait means "unreachable"
    assert options["pool_timeout"] == config.Config.DATABASE_POOL_TIMEOUT == 30
    assert config.engine_options({**settings, "DATABASE_POOL_SIZE": 7})["pool_size"] == 7


def _freeze_count(code: str) -> int:
    """What ``gc.get_freeze_count()`` is once ``code`` has built a server process (printed last)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=cluster.ROOT, capture_output=True, text=True, timeout=60,
                          check=True, env={**os.environ, "APP_ENV": "development"})
    return int(done.stdout.split()[-1])


def test_the_production_process_keeps_its_startup_heap_out_of_garbage_collection():
    assert _freeze_count("import gc, dialogues.serve; print(gc.get_freeze_count())") > 10_000


def test_the_one_process_server_keeps_its_startup_heap_out_of_garbage_collection():
    """``python wsgi.py`` (``make run``): the same freeze, just before it serves (here, instead)."""
    assert _freeze_count("import gc, runpy; from dialogues.extensions import socketio; "
                         "socketio.run = lambda *args, **kwargs: print(gc.get_freeze_count()); "
                         "runpy.run_path('wsgi.py', run_name='__main__')") > 10_000
