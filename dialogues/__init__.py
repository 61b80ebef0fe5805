"""Gold Dialogues: moderated roundtables that agree joint recommendations."""
import gc

from flask import Flask, g, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import event as sa_event

from .config import INSTANCE_DIR, Config, check_deployment, engine_options
from .errors import IdConverter
from .extensions import babel, csrf, db, login_manager, migrate, socketio


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
        from .roundtable.models import Dialogue

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
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    from .realtime import register_socket_handlers
    from .realtime.connections import client_manager

    register_socket_handlers()
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=client_manager(app.config),  # reads SOCKETIO_MESSAGE_QUEUE
        cors_allowed_origins=app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"],
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
    )

    from . import models  # noqa: F401  (every model registered on the metadata)
    from .accounts.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    from .accounts.routes import bp as accounts_bp
    from .agenda.routes import bp as agenda_bp
    from .comments.routes import bp as comments_bp
    from .recommendations.routes import bp as recommendations_bp
    from .facilitation.routes import bp as facilitation_bp
    from .exports.routes import bp as exports_bp
    from .roundtable.routes import bp as roundtable_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(roundtable_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(recommendations_bp)
    app.register_blueprint(facilitation_bp)
    app.register_blueprint(exports_bp)

    from . import realtime

    realtime.init_app(app)

    from . import security
    from .cli import register_cli
    from .errors import register_error_handlers
    from .templating import register_templating

    security.init_app(app)
    register_cli(app)
    from .exports.cli import export_command, export_job_command

    app.cli.add_command(export_command)
    app.cli.add_command(export_job_command)
    register_error_handlers(app)
    register_templating(app)
    from .assets import register_assets

    register_assets(app)
    return app


def freeze_startup_heap() -> None:
    """For a server process, once its app is built: everything made so far (the modules, the app,
    its mappers and routes) lives as long as the process, so it is kept out of the collector's full
    passes, which otherwise walked it all and stalled every connection of the process for tens of
    milliseconds (bench/realtime.py's p99, docs/performance.md)."""
    gc.freeze()
