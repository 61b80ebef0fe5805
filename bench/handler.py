"""A comment's own work, without the network or the fan-out: ``comment.post`` through Flask-SocketIO's
handler path (its test client: the same per-event contexts, door, service, event log and commit),
N times in one process, on a throwaway database. Prints wall and CPU time per post; ``--profile``
adds cProfile's top functions. CPU time per post is what a busy shared machine disturbs least.

    .venv/bin/python -m bench.handler --posts 400 [--database sqlite] [--profile]
"""
import argparse
import cProfile
import logging
import pstats
import tempfile
import time
from pathlib import Path

from .cluster import throwaway_database


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top 40 by cumulative time")
    args = parser.parse_args(argv)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    database = throwaway_database(args.database, Path(tempfile.mkdtemp(prefix="bench-handler-")))
    try:
        from flask_migrate import upgrade

        from dialogues import create_app
        from dialogues.extensions import socketio
        from tests.comments.conftest import make_item
        from tests.factories import make_dialogue, make_participant, make_user

        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "RATELIMIT_ENABLED": False,
                          "MAIL_OUTBOX_WORKER": False, "SERVER_NAME": None})
        with app.app_context():
            upgrade()
            dialogue = make_dialogue()
            person = make_user()
            make_participant(dialogue, person)
            item = make_item(dialogue)
            dialogue_id, item_id, session_id = dialogue.id, item.id, person.get_id()
        http = app.test_client()
        with http.session_transaction() as session:
            session["_user_id"], session["_fresh"] = session_id, True
        client = socketio.test_client(app, flask_test_client=http)
        sent = iter(range(10 ** 9))

        def post() -> None:
            ack = client.emit("comment.post", {"dialogue_id": dialogue_id, "item_id": item_id, "body": "Propuesta",
                                               "client_id": f"handler-{next(sent):08d}"}, callback=True)
            assert ack["ok"], ack

        for _ in range(30):  # warm up: caches, prepared statements, the pool
            post()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.posts):
            post()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{args.posts} posts on {args.database}: {wall / args.posts * 1000:.2f} ms wall, "
              f"{cpu / args.posts * 1000:.2f} ms CPU per post (this process: handler and database client)")
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.posts):
                post()
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    finally:
        database.drop()


if __name__ == "__main__":
    main()
