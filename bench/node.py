"""The Node.js reference for ``bench/realtime.py --against node``: the bare socket.io 4 server of
``../shared/anchors/node-bare.js`` (same interface as ``bench/bare_server.py``), run beside the app
and the Flask-SocketIO floor with the same clients.

The script is copied into a throwaway folder where ``npm`` installs socket.io 4 (from the npm
registry); nothing of it enters the repository. ``BENCH_ANCHORS`` names another anchors folder;
``BENCH_NODE_DIR`` names a folder already prepared this way (to skip the install between runs).

Node has no message queue here: with several processes, each write is posted to every process,
which broadcasts to its own clients (what a Redis adapter would do, minus the queue's hop, so a
little in Node's favour).
"""
import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .cluster import ROOT, cpu_seconds, free_port, peak_rss_mb, stop_group, wait_until_up

ANCHORS = Path(os.environ.get("BENCH_ANCHORS") or ROOT.parent / "shared" / "anchors")
SCRIPT = "node-bare.js"


def missing() -> str | None:
    """Why the Node column cannot be measured here, or None."""
    if shutil.which("node") is None:
        return "node is not on PATH (apt-get install nodejs npm)"
    if not os.environ.get("BENCH_NODE_DIR") and shutil.which("npm") is None:
        return "npm is not on PATH (apt-get install npm)"
    if not (ANCHORS / SCRIPT).exists() and not os.environ.get("BENCH_NODE_DIR"):
        return f"{ANCHORS / SCRIPT} does not exist (set BENCH_ANCHORS to the folder holding it)"
    return None


def prepare(work: Path) -> Path:
    """A folder holding node-bare.js with socket.io 4 installed beside it."""
    if os.environ.get("BENCH_NODE_DIR"):
        return Path(os.environ["BENCH_NODE_DIR"])
    folder = Path(tempfile.mkdtemp(prefix="node-", dir=work))
    shutil.copy(ANCHORS / SCRIPT, folder / SCRIPT)
    for command in (["npm", "init", "-y"], ["npm", "install", "--no-audit", "--no-fund", "socket.io@4"]):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed in {folder}:\n{done.stdout}\n{done.stderr}")
    return folder


class NodeServer:
    """One ``node node-bare.js PORT`` process; its output goes to ``log_path``."""

    def __init__(self, folder: Path, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(["node", SCRIPT, str(self.port)], cwd=folder, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> "NodeServer":
        wait_until_up(self.url, self.proc, 30, lambda: self.log_path.read_text(errors="replace"))
        return self

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        stop_group(self.proc)


@contextlib.contextmanager
def running(count: int, folder: Path, log_dir: Path):
    servers: list[NodeServer] = []
    try:
        for n in range(count):
            servers.append(NodeServer(folder, log_dir / f"node-{n}.log"))
        yield [server.wait_ready() for server in servers]
    finally:
        for server in servers:
            server.stop()
