"""Each export job renders in its own ``flask export-job`` subprocess, which records the outcome in the job row."""
import os
import subprocess
import sys

from dialogues.exports import runner
from dialogues.exports.models import ExportJob, JobState
from dialogues.extensions import db

from .conftest import ADOPTED_TITLE

OPTIONS = {"format": "md", "language": "en", "scope": "adopted", "comments": True}


def _run(app, tmp_path, dialogue, options: dict) -> ExportJob:
    app.config["EXPORT_DIR"] = str(tmp_path)
    try:
        job = ExportJob(dialogue_id=dialogue.id, options=options, state=JobState.QUEUED)
        db.session.add(job)
        db.session.commit()
        process = runner.submit(job.id)
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


def test_the_render_process_gets_only_the_cpu_time_the_server_leaves():
    """SCHED_IDLE on Linux: the render takes no CPU share from the live server beside it."""
    code = "import os; from dialogues.exports.cli import _yield_the_cpu; _yield_the_cpu(); print(os.sched_getscheduler(0))"
    done = subprocess.run([sys.executable, "-c", code], cwd=runner.PROJECT_DIR, capture_output=True, text=True,
                          timeout=60, check=True)
    assert int(done.stdout) == os.SCHED_IDLE
