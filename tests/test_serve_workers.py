"""``serve --workers N``: the dashboard answered by N server processes, each
building its own app from the settings the serving process hands it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from test_export import saved_store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(c) for c in children)
    return found


def test_two_workers_serve_the_store_the_parent_names(tmp_path):
    db = saved_store(tmp_path / "w.db")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", db,
                             "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        stats = None
        for _ in range(300):  # up to a minute for both workers to import and start
            try:
                stats = httpx.get(base + "/api/stats", timeout=10)
                if stats.status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert stats is not None and stats.status_code == 200
        assert stats.json()["articles"] > 0  # the parent's store, not the default one
        assert httpx.get(base + "/incidents", timeout=10).status_code == 200
        workers = [c for c in _children(proc.pid)
                   if b"multiprocessing" in Path(f"/proc/{c}/cmdline").read_bytes()
                   or b"flashpoint" in Path(f"/proc/{c}/cmdline").read_bytes()]  # fmt: skip
        assert len(workers) >= 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
