"""Gold Dialogues: moderated roundtables that agree joint recommendations."""
import gc
import importlib
import time

from flask import Flask, g, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy.exc import DisconnectionError

from . import models  # noqa: F401  (every model registered on the metadata)
from .assets import register_assets
from .cli import register_cli
from .config import INSTANCE_DIR, Config, check_deployment, engine_options
from .errors import IdConverter, register_error_handlers
from .extensions import babel, csrf, db, login_manager, migrate
from .roundtable.models import Dialogue
from .templating import register_templating


def select_locale() -> str:
    """Explicit choice (session, account) first; then the dialogue's language; then the browser."""
    languages = Config.LANGUAGES
    if not has_request_context():  # CLI commands speak English
        return "en"
    if session.get("lang") in languages:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    dialogue_id = g.get("dialogue_id")
    if dialogue_id:
        dialogue = db.session.get(Dialogue, dialogue_id)
        if dialogue is not None:
            return dialogue.language
    return request.accept_languages.best_match(languages) or Config.BABEL_DEFAULT_LOCALE


def _tune_sqlite(engine) -> None:
    """SQLite: enforce foreign keys (cascades), and WAL so that readers never block the writer."""
    if engine.dialect.name != "sqlite":
        return

    @sa_event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


_idle_clock = time.monotonic  # how long a pooled connection sat idle (tests move it on)


def _ping_after_idle(engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only if it sat idle ``idle_seconds`` or more (PostgreSQL;
    ``DATABASE_PING_AFTER_IDLE``). A dead one is replaced at once; one in recent use is trusted, and
    if the database restarted meanwhile the statement fails (503 / ``database_unavailable``), the
    pool forgets every connection made before the failure, and the next request gets new ones."""
    if engine.dialect.name == "sqlite" or idle_seconds < 0:
        return

    @sa_event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = _idle_clock()

    @sa_event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy):
        since = record.info.pop("idle_since", None)
        if since is None or _idle_clock() - since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise DisconnectionError() from exc  # the pool replaces the connection and checks out again
            raise


# Each area registers its blueprint, socket handlers and commands itself (its ``init_app``). Realtime
# comes last: it starts the Socket.IO server, which binds the handlers the areas before it imported
# (Flask-SocketIO binds the handlers it knows to each server it creates, one per app).
AREAS = ("accounts", "mail", "platform", "roundtable", "agenda", "comments", "recommendations", "facilitation",
         "exports", "security", "realtime")


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), template_folder="../templates",
                static_folder="../static")
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.from_object(Config)
    app.config.update(overrides or {})
    check_deployment(app.config)
    INSTANCE_DIR.mkdir(exist_ok=True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    with app.app_context():
        _tune_sqlite(db.engine)
        _ping_after_idle(db.engine, app.config["DATABASE_PING_AFTER_IDLE"])
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    login_manager.init_app(app)
    for area in AREAS:
        importlib.import_module(f"{__name__}.{area}").init_app(app)
    register_cli(app)
    register_error_handlers(app)
    register_templating(app)
    register_assets(app)
    app.url_value_preprocessor(remember_dialogue)
    return app


def remember_dialogue(endpoint, values) -> None:
    """The dialogue a page is about: the locale selector defaults to its language."""
    g.dialogue_id = (values or {}).get("dialogue_id")


def freeze_startup_heap() -> None:
    """For a server process, once its app is built: everything made so far (the modules, the app,
    its mappers and routes) lives as long as the process, so it is kept out of the collector's full
    passes, which otherwise walked it all and stalled every connection of the process for tens of
    milliseconds (bench/realtime.py's p99, docs/performance.md)."""
    gc.freeze()
