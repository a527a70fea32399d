"""Fixtures shared by tests/test_api.py and tests/test_dashboard_browser.py:
one database per test session with the sample corpus plus a hostile article
(script and event-handler payloads in its text, title and outlet), and the
app over it. Import the fixtures into a test module to use them."""

from __future__ import annotations

import json
import socket
import threading
import time
from importlib.resources import files
from pathlib import Path

import pytest

HOSTILE_DOC = "zz_hostile_payload"
# Our own sentences; each payload would set window.__pwned if it ever ran.
HOSTILE_TEXT = (
    "Pakistani troops shelled Indian army posts near Uri on 4 May 2025, killing two soldiers "
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">.\n\n"
    "Indian forces fired back at Pakistani positions across the Line of Control the same night "
    "<script>window.__pwned=2;alert(2)</script>, an army officer said.\n\n"
    "\"We answered every round <svg onload=window.__pwned=3>,\" the officer told reporters.\n"
)
HOSTILE_META = {
    "published": "2025-05-05T08:00:00+05:30",
    "outlet": "<script>window.__pwned=4</script>Frontier <b>Wire</b>",
    "title": "Uri shelling <img src=x onerror=\"window.__pwned=5\"> report",
    "url": "javascript:window.__pwned=6",
}

_built: dict[str, Path] = {}


def sample_dir() -> Path:
    return Path(str(files("flashpoint") / "data" / "sample"))


def build_db(folder: Path) -> Path:
    """Ingest the sample corpus and the hostile article into folder/web.db
    (once per process, whichever test module asks first)."""
    if "db" in _built:
        return _built["db"]
    from flashpoint.intake import ingest
    from flashpoint.store import Store

    extra = folder / "hostile"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / f"{HOSTILE_DOC}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (extra / f"{HOSTILE_DOC}.meta.json").write_text(json.dumps(HOSTILE_META), encoding="utf-8")
    db = folder / "web.db"
    store = Store(db)
    try:
        summary = ingest([str(sample_dir()), str(extra)], store)
    finally:
        store.close()
    assert not summary.rejected, summary.rejected
    _built["db"] = db
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    if "db" in _built:
        return _built["db"]
    return build_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web_app(web_db):
    from flashpoint.web import create_app

    app = create_app(web_db)
    yield app
    app.state.store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn serving an app in a thread of this process."""

    def __init__(self, app, *, port: int | None = None) -> None:
        import uvicorn

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
