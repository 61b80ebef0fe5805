"""Export benchmark: a dialogue with 1,000 participants, 50 recommendations (10 source comments each)
and 5,000 comments. Prints PDF and DOCX render times, peak memory, and the p99 delivery latency of
live events to 200 connected Socket.IO clients, idle and while an export runs in the worker process.

    .venv/bin/python bench/export.py            (needs the recommendations area merged)

Last line: one JSON object with the figures.
"""
import json
import resource
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import socketio as socketio_client  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from dialogues import create_app  # noqa: E402
from dialogues.accounts.services import create_account  # noqa: E402
from dialogues.agenda.models import AgendaItem  # noqa: E402
from dialogues.comments.models import Comment  # noqa: E402
from dialogues.exports import runner  # noqa: E402
from dialogues.exports.models import ExportJob, JobState  # noqa: E402
from dialogues.exports.options import ExportOptions  # noqa: E402
from dialogues.exports.render import render  # noqa: E402
from dialogues.extensions import db  # noqa: E402
from dialogues.realtime import log  # noqa: E402
from dialogues.recommendations.models import (Recommendation, RecommendationSource, RecommendationStatus,  # noqa: E402
                                              Stance, StanceKind)
from dialogues.roundtable import services as roundtable  # noqa: E402
from dialogues.roundtable.models import DialogueStatus, Gender, Participant, RegistrationState  # noqa: E402

PARTICIPANTS, RECOMMENDATIONS, SOURCES, COMMENTS, ITEMS = 1000, 50, 10, 5000, 10
# Each person takes a stance on 10 of the 50 recommendations (10,000 stances): 70 % support,
# 10 % with reservations, 5 % oppose (both with a note, listed in the document), 15 % abstain.
STANCES_PER_PERSON = 10
STANCE_MIX = [StanceKind.SUPPORT] * 14 + [StanceKind.RESERVATIONS] * 2 + [StanceKind.OPPOSE] + [StanceKind.ABSTAIN] * 3
CLIENTS, EVENTS, INTERVAL_S = 200, 60, 0.05
GENDERS = [*Gender, None]


def build() -> int:
    """The big dialogue, with bulk inserts. Returns its id."""
    organizer = create_account("Bench Organizer", f"bench{time.time_ns()}@example.org", "bench-password-1", "es")
    start = datetime(2026, 12, 1, 9)
    dialogue = roundtable.create_dialogue(organizer, {
        "title": "Diálogos del Oro – banco de pruebas", "starts_at": start, "ends_at": start + timedelta(hours=8),
        "timezone": "America/La_Paz", "language": "es", "venue": "La Paz", "allow_anonymous": True})
    dialogue.status = DialogueStatus.CLOSED
    db.session.flush()
    groups = [g.id for g in dialogue.groups]
    db.session.execute(insert(Participant), [
        {"dialogue_id": dialogue.id, "name": f"Participante {n}", "group_id": groups[n % len(groups)],
         "gender": GENDERS[n % len(GENDERS)], "consent_listed": n % 3 != 0, "state": RegistrationState.APPROVED,
         "checked_in_at": start if n % 4 else None} for n in range(PARTICIPANTS)])
    people = db.session.execute(select(Participant.id, Participant.group_id)
                                .where(Participant.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(AgendaItem), [{"dialogue_id": dialogue.id, "title": f"Punto {n}", "position": n}
                                            for n in range(ITEMS)])
    items = db.session.scalars(select(AgendaItem.id).where(AgendaItem.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(Comment), [
        {"dialogue_id": dialogue.id, "item_id": items[n % ITEMS], "author_id": people[n % PARTICIPANTS][0],
         "group_id": people[n % PARTICIPANTS][1], "is_anonymous": n % 5 == 0,
         "body": f"Comentario {n} sobre el reemplazo del mercurio y la debida diligencia. " * 3}
        for n in range(COMMENTS)])
    comments = db.session.scalars(select(Comment.id).where(Comment.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(Recommendation), [
        {"dialogue_id": dialogue.id, "title": f"Recomendación {n}", "body": "Texto de la recomendación. " * 20,
         "actors": ["Viceministerio de Cooperativas Mineras", "FENCOMIN"],
         "status": RecommendationStatus.ADOPTED if n % 2 == 0 else RecommendationStatus.DISCUSSION}
        for n in range(RECOMMENDATIONS)])
    recs = db.session.scalars(select(Recommendation.id).where(Recommendation.dialogue_id == dialogue.id)).all()
    db.session.execute(insert(RecommendationSource), [
        {"recommendation_id": r, "comment_id": comments[(i * SOURCES + k) % COMMENTS]}
        for i, r in enumerate(recs) for k in range(SOURCES)])
    stances = []
    for n, (pid, gid) in enumerate(people):
        for k in range(STANCES_PER_PERSON):
            kind = STANCE_MIX[(n * 7 + k) % len(STANCE_MIX)]
            note = "Depende del presupuesto departamental" if kind in (StanceKind.RESERVATIONS, StanceKind.OPPOSE) else ""
            stances.append({"recommendation_id": recs[(n + k * 5) % RECOMMENDATIONS], "participant_id": pid,
                            "group_id": gid, "kind": kind, "note": note})
    db.session.execute(insert(Stance), stances)
    db.session.commit()
    return dialogue.id


def timed(dialogue_id: int, fmt: str) -> tuple[float, int]:
    begin = time.perf_counter()
    content = render(db.session.get(roundtable.Dialogue, dialogue_id),
                     ExportOptions.parse({"format": fmt, "language": "es", "scope": "all"}))
    return time.perf_counter() - begin, len(content)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else float("nan")


def latencies(app, url: str, dialogue_id: int, during=None) -> list[float]:
    """Send EVENTS events through the log; each of CLIENTS clients records its delivery delay (ms)."""
    received: list[float] = []
    lock = threading.Lock()
    clients = []
    for _ in range(CLIENTS):
        client = socketio_client.Client(reconnection=False)

        def on_event(message):
            data = message.get("data") or {}
            if "sent" in data:
                with lock:
                    received.append((time.time() - data["sent"]) * 1000)
        client.on("event", on_event)
        client.connect(url, wait_timeout=10)
        client.call("join", {"dialogue_id": dialogue_id, "last_seq": 10**9}, timeout=30)
        clients.append(client)
    if during:
        during()
    with app.app_context():
        for _ in range(EVENTS):
            log.append(dialogue_id, "bench.ping", {"sent": time.time()})
            db.session.commit()
            time.sleep(INTERVAL_S)
    time.sleep(1)
    for client in clients:
        client.disconnect()
    return received


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}", "EXPORT_DIR": str(tmp)})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        begin = time.perf_counter()
        dialogue_id = build()
        build_s = time.perf_counter() - begin
        pdf_s, pdf_bytes = timed(dialogue_id, "pdf")
        docx_s, docx_bytes = timed(dialogue_id, "docx")
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"render: pdf {pdf_s:.1f} s ({pdf_bytes // 1024} KB), docx {docx_s:.1f} s, peak RSS {peak_rss_mb:.0f} MB",
          flush=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    idle = latencies(app, url, dialogue_id)

    def start_export():
        with app.app_context():
            job = ExportJob(dialogue_id=dialogue_id, options=ExportOptions.parse(
                {"format": "pdf", "language": "es", "scope": "all"}).as_dict(), state=JobState.QUEUED)
            db.session.add(job)
            db.session.commit()
            runner.submit(job.id)
            while db.session.get(ExportJob, job.id).state == JobState.QUEUED:  # the worker has started
                db.session.rollback()
                time.sleep(0.1)
    exporting = latencies(app, url, dialogue_id, during=start_export)
    server.shutdown()
    figures = {"participants": PARTICIPANTS, "recommendations": RECOMMENDATIONS, "comments": COMMENTS,
               "build_s": round(build_s, 2), "pdf_s": round(pdf_s, 2), "pdf_kb": pdf_bytes // 1024,
               "docx_s": round(docx_s, 2), "docx_kb": docx_bytes // 1024, "peak_rss_mb": round(peak_rss_mb),
               "clients": CLIENTS, "p99_ms_idle": round(p99(idle), 1), "p99_ms_exporting": round(p99(exporting), 1),
               "deliveries_idle": len(idle), "deliveries_exporting": len(exporting)}
    figures["ratio_p99"] = round(figures["p99_ms_exporting"] / figures["p99_ms_idle"], 2)
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
