"""Runs export jobs in a separate worker process, so a CPU-bound render never stalls the
cooperative server that holds every Socket.IO connection (it would trip ping timeouts)."""
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from flask import Flask, current_app

WORKER_NICENESS = 10  # the live server keeps priority on a shared CPU
_pools: dict[tuple, ProcessPoolExecutor] = {}
_worker_app: Flask | None = None


def _start_worker(settings: dict) -> None:
    """In the worker: lower its priority, build an app on the same database and export folder."""
    global _worker_app
    os.nice(WORKER_NICENESS)
    from .. import create_app

    _worker_app = create_app(settings)


def _run(job_id: int) -> None:
    from .services import run_job

    with _worker_app.app_context():
        run_job(job_id)


def _settings(app: Flask) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "EXPORT_DIR": app.config.get("EXPORT_DIR")}


def _key(settings: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in settings.items()))


def _pool(settings: dict) -> ProcessPoolExecutor:
    key = _key(settings)
    if key not in _pools:
        _pools[key] = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                          initializer=_start_worker, initargs=(settings,))
    return _pools[key]


def submit(job_id: int):
    """Queue a committed job; returns its Future (the web request does not wait for it)."""
    settings = _settings(current_app)
    try:
        return _pool(settings).submit(_run, job_id)
    except BrokenProcessPool:  # a worker died: start a fresh pool once
        _pools.pop(_key(settings), None)
        return _pool(settings).submit(_run, job_id)
