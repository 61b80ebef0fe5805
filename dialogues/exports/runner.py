"""Runs each export job in its own subprocess, ``flask --app wsgi export-job JOB_ID``, so a CPU-bound
render never stalls the cooperative server that holds every Socket.IO connection (it would trip ping
timeouts). A plain subprocess, unlike a process pool's helper threads, is safe under gevent's
monkey-patching; the job row carries progress and state back to the web pages."""
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
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "export-job", str(job_id)],
                            cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
