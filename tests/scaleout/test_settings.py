"""Outside development the app refuses laptop settings, and says what to set."""
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
