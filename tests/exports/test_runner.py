"""Each export job renders in its own ``flask export-job`` subprocess, which records the outcome in the job row."""
import os

from dialogues.exports import runner
from dialogues.exports.models import ExportJob, JobState
from dialogues.extensions import db

from .conftest import ADOPTED_TITLE

OPTIONS = {"format": "md", "language": "en", "scope": "adopted", "comments": True}


def _run(app, tmp_path, dialogue, options: dict, while_running=lambda process: None) -> ExportJob:
    app.config["EXPORT_DIR"] = str(tmp_path)
    try:
        job = ExportJob(dialogue_id=dialogue.id, options=options, state=JobState.QUEUED)
        db.session.add(job)
        db.session.commit()
        process = runner.submit(job.id)
        while_running(process)
        assert process.wait(timeout=120) == 0
    finally:
        app.config["EXPORT_DIR"] = None
    db.session.rollback()  # read what the subprocess committed
    return db.session.get(ExportJob, job.id)


def test_subprocess_renders_the_job_and_stores_its_file(app, outcome, tmp_path):
    job = _run(app, tmp_path, outcome.dialogue, OPTIONS)
    assert job.state == JobState.DONE and job.progress == 100 and job.finished_at is not None
    assert ADOPTED_TITLE in (tmp_path / job.file_name).read_text()


def test_a_job_that_cannot_render_is_marked_failed(app, outcome, tmp_path):
    job = _run(app, tmp_path, outcome.dialogue, {**OPTIONS, "format": "odt"})
    assert job.state == JobState.FAILED and job.error and not job.file_name


def test_the_job_process_gets_only_the_cpu_time_the_server_leaves(app, outcome, tmp_path):
    """SCHED_IDLE on Linux from its start: neither its start-up nor its render takes a CPU share
    from the live server beside it."""
    policies = []
    job = _run(app, tmp_path, outcome.dialogue, OPTIONS,
               lambda process: policies.append(os.sched_getscheduler(process.pid)))
    assert policies == [os.SCHED_IDLE] and job.state == JobState.DONE
