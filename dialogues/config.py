"""Settings read from the environment, with defaults that run on a laptop."""
import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET_KEY = "dev-only-insecure-secret-key"
# Anything but "development" (the default) is treated as a real deployment: see ``check_deployment``.
DEVELOPMENT = "development"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'dialogues.db'}"


class ConfigError(RuntimeError):
    """The settings are unsafe or incomplete for a deployment; the message says what to set."""


# The interface's languages, each named in itself (the language switch shows these names). Adding one
# is its catalogue (``pybabel init -l xx``, translated) and one line here; the first is the default.
LANGUAGES = {"es": "Español", "en": "English", "fr": "Français"}


def flag(name: str, default: bool) -> bool:
    """A yes/no setting: "1", "true" or "yes" mean yes; unset means ``default``."""
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes")


def database_url() -> str:
    """``DATABASE_URL`` normalised for SQLAlchemy + psycopg 3, or the SQLite default."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return DEFAULT_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _queue_backed_limiter() -> str:
    """Rate limits are shared by every process: with a Redis message queue they live in Redis too."""
    queue = os.environ.get("SOCKETIO_MESSAGE_QUEUE", "")
    return queue if queue.startswith(("redis://", "rediss://")) else "memory://"


class Config:
    APP_ENV = os.environ.get("APP_ENV", DEVELOPMENT)
    # Outside development cookies are HTTPS-only (SESSION_COOKIE_SECURE=0 overrides it).
    PRODUCTION = APP_ENV != DEVELOPMENT
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {}
    # A pooled PostgreSQL connection idle this long is pinged before use (a database restarted
    # meanwhile costs nobody a failure); one used more recently is not (a round trip saved per request
    # and per socket event under load; a restart under load fails the writes in flight, once). A
    # negative value pings every time (SQLAlchemy's pool_pre_ping).
    DATABASE_PING_AFTER_IDLE = float(os.environ.get("DATABASE_PING_AFTER_IDLE", "10"))
    # Seconds to wait for a new PostgreSQL connection before answering "database unreachable".
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    # Seconds a handler waits for a free connection of the pool. Not a sign of an unreachable database
    # but of a busy process: under gevent a handler keeps its connection across every round trip, and
    # when the process is saturated each of them waits for every ready greenlet. Waiting 5 s there
    # refused hundreds of writes and joins as "database unavailable" in the soak (docs/performance.md).
    DATABASE_POOL_TIMEOUT = int(os.environ.get("DATABASE_POOL_TIMEOUT", "30"))
    # PostgreSQL connections each process keeps open. A gevent worker runs many handlers at once, and
    # a connection beyond the pool is opened and closed for one use (a new server backend each time):
    # under load that churn cost more than the writes themselves (docs/performance.md).
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("DATABASE_MAX_OVERFLOW", "10"))
    # Writers of one dialogue that run at once in a process; the others wait for their turn holding no
    # connection (realtime/admission.py), and are refused "busy" (nothing stored, send again) after
    # WRITE_QUEUE_TIMEOUT seconds. Writers queued inside the database for the dialogue's row lock
    # emptied the pool under overload (the soak, docs/performance.md).
    WRITERS_PER_DIALOGUE = int(os.environ.get("WRITERS_PER_DIALOGUE", "4"))
    WRITE_QUEUE_TIMEOUT = float(os.environ.get("WRITE_QUEUE_TIMEOUT", "60"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = flag("SESSION_COOKIE_SECURE", PRODUCTION)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    MAX_CONTENT_LENGTH = 1024 * 1024
    # How new passwords are hashed (werkzeug's method string). Checking reads the method from the
    # stored hash, so changing it leaves existing passwords valid. The test suite uses a cheap one.
    PASSWORD_HASH_METHOD = "scrypt"
    WTF_CSRF_TIME_LIMIT = None

    LANGUAGES = tuple(LANGUAGES)
    BABEL_DEFAULT_LOCALE = LANGUAGES[0]
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    # The pub/sub channel on the queue; Redis channels ignore the database number, so separate
    # deployments (or test runs) sharing one Redis need distinct channels.
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "gold-dialogues")
    # Same-origin by default; a comma-separated list widens it.
    SOCKETIO_CORS_ALLOWED_ORIGINS = [
        o.strip() for o in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if o.strip()
    ] or None
    # Large enough that an oversized payload reaches its handler and gets an error ack.
    SOCKETIO_MAX_MESSAGE_BYTES = 2 * 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or _queue_backed_limiter()
    RATELIMIT_ENABLED = flag("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Per address, and (login, registration) per account; "N per period" as Flask-Limiter reads it.
    RATELIMIT_LOGIN = "30 per minute"
    RATELIMIT_LOGIN_ACCOUNT = "10 per minute"
    RATELIMIT_SIGNUP = "60 per hour"
    RATELIMIT_REGISTER = "120 per hour"
    RATELIMIT_REGISTER_ACCOUNT = "10 per hour"
    # Room passes: new passes, and attempts with a personal code, per address (a venue shares one).
    RATELIMIT_PASS = "300 per hour"
    RATELIMIT_PASS_CODE = "30 per minute; 300 per hour"
    # Open entry (a dialogue without approval): passes are approved from this many minutes before
    # the start until the end; outside those check-in hours they wait for an organizer.
    CHECK_IN_OPENS_MINUTES = int(os.environ.get("CHECK_IN_OPENS_MINUTES", "120"))
    # Failed sign-ins: after the free ones, each further failure doubles the wait (capped).
    # Per address the allowance is larger: a whole venue may share one address.
    LOGIN_FREE_FAILURES_ACCOUNT = 3
    LOGIN_FREE_FAILURES_ADDRESS = 20
    LOGIN_DELAY_BASE_SECONDS = 5
    LOGIN_DELAY_MAX_SECONDS = 3600
    LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS = 24 * 3600

    # Gender figures: a cell with fewer people than this is shown as "fewer than N".
    GENDER_MIN_CELL = int(os.environ.get("GENDER_MIN_CELL", "3"))

    # How many reverse proxies (nginx) sit in front and set X-Forwarded-*; 0 trusts none.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Mail over SMTP (Flask-Mailman). Without MAIL_SERVER, mails are written to the server's output
    # (the console backend), so `make run` shows them; see docs/deploy.md.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = flag("MAIL_USE_TLS", False)
    MAIL_USE_SSL = flag("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Gold Dialogues <no-reply@localhost>")
    MAIL_TIMEOUT = 10  # seconds an SMTP server may take to answer before the attempt counts as failed
    MAIL_BACKEND = "smtp" if MAIL_SERVER else "console"
    # A failed send is retried after MAIL_RETRY_SECONDS, then twice as long each time, MAIL_MAX_ATTEMPTS
    # in all (about four hours); the outbox is looked at every MAIL_POLL_SECONDS for mails due again.
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_SECONDS = 60
    MAIL_POLL_SECONDS = 30
    # Whether this process sends the outbox in the background; the tests turn it on only where they
    # watch mail go out (elsewhere rows would vanish under their "nothing changed" checks).
    MAIL_OUTBOX_WORKER = True
    # A password reset link works once, for this many seconds.
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))
    RATELIMIT_PASSWORD_RESET = "10 per hour"
    RATELIMIT_PASSWORD_RESET_ACCOUNT = "3 per hour"
    # Invitations: lists per organizer, and addresses per list.
    RATELIMIT_INVITE = "20 per hour"
    INVITATION_MAX_ADDRESSES = 200

    # Where export files are kept (default: instance/exports); export jobs' subprocesses get it too.
    EXPORT_DIR = os.environ.get("EXPORT_DIR") or None


def engine_options(config) -> dict:
    """SQLAlchemy engine options for the configured database."""
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    if uri.startswith("postgresql"):
        # An unreachable server fails writers within seconds (a 503 / error ack) instead of hanging.
        options["connect_args"] = {"connect_timeout": config["DATABASE_CONNECT_TIMEOUT"],
                                   **options.get("connect_args", {})}
        options.setdefault("pool_timeout", config["DATABASE_POOL_TIMEOUT"])
        options.setdefault("pool_size", config["DATABASE_POOL_SIZE"])
        options.setdefault("max_overflow", config["DATABASE_MAX_OVERFLOW"])
        if config["DATABASE_PING_AFTER_IDLE"] < 0:
            options.setdefault("pool_pre_ping", True)
    return options


def check_deployment(config) -> None:
    """Outside development, refuse to start on settings that only suit a laptop. Raises ConfigError."""
    if config.get("APP_ENV", DEVELOPMENT) == DEVELOPMENT:
        return
    env = config["APP_ENV"]
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise ConfigError(f"APP_ENV={env} but SECRET_KEY is not set: sessions could be forged with the "
                          "development key. Set SECRET_KEY to a long random value, e.g. the output of "
                          "python -c 'import secrets; print(secrets.token_hex(32))'.")
    if config.get("SQLALCHEMY_DATABASE_URI", DEFAULT_DATABASE_URL) == DEFAULT_DATABASE_URL:
        raise ConfigError(f"APP_ENV={env} but DATABASE_URL is not set: the data would go to a SQLite file "
                          "inside the code directory. Set DATABASE_URL to the PostgreSQL database, "
                          "e.g. postgresql://gold@127.0.0.1:5432/dialogues.")
