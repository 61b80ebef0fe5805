"""Runs each export job in its own subprocess, ``flask --app wsgi export-job JOB_ID``, so a CPU-bound
render never stalls the cooperative server that holds every Socket.IO connection (it would trip ping
timeouts). A plain subprocess, unlike a process pool's helper threads, is safe under gevent's
monkey-patching; the job row carries progress and state back to the web pages."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path

from flask import current_app

from .services import export_dir

PROJECT_DIR = Path(__file__).resolve().parents[2]  # where wsgi.py is


def submit(job_id: int) -> subprocess.Popen:
    """Start rendering a committed job; the web request does not wait for it."""
    env = {**os.environ, "DATABASE_URL": current_app.config["SQLALCHEMY_DATABASE_URI"],
           "EXPORT_DIR": str(export_dir())}
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "export-job", str(job_id)],
                               cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _yield_the_cpu(process.pid)
    return process


def _yield_the_cpu(pid: int) -> None:
    """Let the job run only on CPU time the live server leaves over: Linux's SCHED_IDLE runs it only
    when nothing else wants the core (a nice level still takes a share); elsewhere, nice 19. Set from
    here as soon as the process exists, so that its start-up (importing the app and WeasyPrint, about
    a second of CPU) yields too, not only the render."""
    with contextlib.suppress(ProcessLookupError):  # already gone: nothing left to lower
        if hasattr(os, "SCHED_IDLE"):
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        else:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
