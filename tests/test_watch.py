"""``flashpoint watch``: passes over folders, feeds and URLs into a store.

Feeds and pages come from the loopback server of test_feeds; the interval
loop runs with an injected sleep, so nothing here waits for real."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.ingest import read_inputs
from flashpoint.ingest.urls import url_doc_id
from flashpoint.models import Article
from flashpoint.store import Store
from flashpoint.watch import Watcher, folder_files, stop_on_signals, watch
from test_feeds import LEDGER_ITEMS, STORY_ONE, STORY_TWO, LocalServer, Route, rss

REPORT_A = (
    "Indian troops fired on a Pakistani post across the Line of Control near Uri on "
    "Tuesday night, the Pakistani army said on Wednesday."
)
REPORT_B = (
    "The Pakistani foreign minister met the Chinese ambassador in Islamabad on Friday "
    "to discuss the crisis with India."
)
REPORT_B_REVISED = REPORT_B + " The two sides agreed to stay in close contact."


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "watch.db") as db:
        yield db


@pytest.fixture
def folder(tmp_path) -> Path:
    news = tmp_path / "news"
    (news / "deep").mkdir(parents=True)
    (news / "a.txt").write_text(REPORT_A)
    (news / "a.meta.json").write_text(json.dumps({"published": "2025-05-07", "outlet": "Dawn Desk"}))
    (news / "deep" / "b.txt").write_text(REPORT_B)
    (news / "README.md").write_text("# notes on this folder")  # no sidecar: not an article
    (news / "stray.rss").write_bytes(rss(LEDGER_ITEMS))  # feeds in folders are skipped
    return news


def feed_url(server: LocalServer, items=LEDGER_ITEMS) -> str:
    return server.add("/feed.rss", Route(rss(items), content_type="application/rss+xml"))


def stored_ids(store: Store) -> set[str]:
    return {a["doc_id"] for a in store.articles()}


def touch_later(path: Path, text: str) -> None:
    """Rewrite ``path`` with a clearly later mtime (coarse file-system clocks)."""
    before = path.stat().st_mtime
    path.write_text(text)
    os.utime(path, (before + 10, before + 10))


def test_folder_files_are_the_articles_read_directory_reads(folder):
    from_watch = [p.stem for p in folder_files(folder)]
    from_reader = [a.doc_id for a in read_inputs([folder]) if isinstance(a, Article)]
    assert from_watch == from_reader == ["a", "b"]


def test_once_over_a_folder_and_a_feed_url(folder, server, store, nlp):
    url = feed_url(server)
    (summary,) = watch([str(folder), url], store, max_passes=1, nlp=nlp)
    assert (summary.new, summary.updated, summary.unchanged, summary.rejected) == (4, 0, 0, [])
    assert stored_ids(store) == {"a", "b", url_doc_id(LEDGER_ITEMS[0]["link"]),
                                 url_doc_id(LEDGER_ITEMS[1]["link"])}  # fmt: skip
    assert store.article("a")["outlet"] == "Dawn Desk"
    assert store.article(url_doc_id(LEDGER_ITEMS[0]["link"]))["outlet"] == "Frontier Ledger"
    assert summary.events == store.stats()["events"] > 0
    assert summary.run_id is not None and len(store.runs()) == 1
    assert summary.line().startswith("pass 1: 4 new, 0 updated, 0 unchanged, 0 rejected;")


def test_a_second_pass_with_nothing_new_changes_nothing(folder, server, store, nlp, monkeypatch):
    url = feed_url(server)
    watcher = Watcher([str(folder), url], store, nlp=nlp)
    watcher.run_pass()
    stamps = {a["doc_id"]: a["ingested_at"] for a in store.articles()}
    reads = []
    import flashpoint.ingest.readers as readers

    real_read_file = readers.read_file
    monkeypatch.setattr(readers, "read_file", lambda p, **kw: reads.append(p) or real_read_file(p, **kw))
    second = watcher.run_pass()
    assert (second.new, second.updated, second.unchanged, second.rejected) == (0, 0, 4, [])
    assert reads == []  # unchanged files (same mtime and size) are not read again
    assert {a["doc_id"]: a["ingested_at"] for a in store.articles()} == stamps
    assert second.run_id is None and len(store.runs()) == 1  # a quiet pass records no run


def test_a_modified_file_and_a_new_entry_are_picked_up(folder, server, store, nlp):
    url = feed_url(server)
    watcher = Watcher([str(folder), url], store, nlp=nlp)
    watcher.run_pass()
    touch_later(folder / "deep" / "b.txt", REPORT_B_REVISED)
    extra = {"title": "Airspace stays shut", "link": "https://ledger.example/a/3",
             "date": "Fri, 09 May 2025 10:00:00 +0500", "html": f"<p>{STORY_TWO} The ban was extended.</p>"}  # fmt: skip
    feed_url(server, [*LEDGER_ITEMS, extra])
    summary = watcher.run_pass()
    assert (summary.new, summary.updated, summary.unchanged, summary.rejected) == (1, 1, 3, [])
    assert store.article("b")["text"] == REPORT_B_REVISED
    assert url_doc_id(extra["link"]) in stored_ids(store)


def test_a_touched_but_unchanged_file_is_read_and_stays_unchanged(folder, store, nlp):
    watcher = Watcher([str(folder)], store, nlp=nlp)
    watcher.run_pass()
    touch_later(folder / "a.txt", REPORT_A)
    summary = watcher.run_pass()
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 2)


def test_failing_sources_do_not_stop_the_pass(folder, server, store, nlp, monkeypatch, tmp_path):
    gone = server.url("/no-such-feed")
    broken = server.add("/broken", Route(b"<rss><channel><title>Cut", content_type="text/xml"))
    crashing = server.add("/crash", Route(b"<html></html>"))
    import flashpoint.ingest.urls as urls

    real_fetch = urls.fetch

    def fetch(url, **kw):
        if url == crashing:
            raise RuntimeError("a bug in a reader")
        return real_fetch(url, **kw)

    monkeypatch.setattr(urls, "fetch", fetch)
    missing = str(tmp_path / "not-there")
    (summary,) = watch([gone, broken, crashing, missing, str(folder)], store, max_passes=1, nlp=nlp)
    assert summary.new == 2
    reasons = {r.name: r.reason for r in summary.rejected}
    assert reasons[gone].startswith("HTTP 404")
    assert reasons[broken].startswith("feed does not parse")
    assert reasons[crashing] == "could not be read (RuntimeError: a bug in a reader)"
    assert reasons[missing] == "no such file or directory"
    stored = {(r["name"], r["run_id"]) for r in store.rejections()}
    assert stored == {(name, summary.run_id) for name in reasons}


def test_the_loop_sleeps_between_passes_and_stops_on_request(folder, store, nlp):
    naps: list[float] = []
    summaries = watch([str(folder)], store, interval_s=42, max_passes=3, sleep=naps.append, nlp=nlp)
    assert [s.number for s in summaries] == [1, 2, 3]
    assert naps == [42, 42]
    stop = threading.Event()
    seen = []
    summaries = watch([str(folder)], store, interval_s=42, stop=stop, nlp=nlp,
                      on_pass=seen.append, sleep=lambda s: stop.set())  # fmt: skip
    assert len(summaries) == len(seen) == 1  # stopped while waiting: no further pass


def test_a_stop_request_finishes_the_current_article_only(folder, store, nlp):
    stop = threading.Event()
    done = []

    def on_article(article, status):
        done.append(article.doc_id)
        stop.set()  # as Ctrl-C would, while the first article is being stored

    watcher = Watcher([str(folder)], store, nlp=nlp, stop=stop, on_article=on_article)
    first = watcher.run_pass()
    assert first.stopped and first.new == 1 and done == ["a"]
    assert stored_ids(store) == {"a"}
    stop.clear()
    second = watcher.run_pass()  # what was cut short is read on the next pass
    assert (second.new, second.unchanged) == (1, 1)
    assert stored_ids(store) == {"a", "b"}


def test_the_pipeline_is_loaded_once(folder, store, nlp, monkeypatch):
    import flashpoint.pipeline as pipeline

    loads = []
    monkeypatch.setattr(pipeline, "load_pipeline", lambda **kw: loads.append(1) or nlp)
    watcher = Watcher([str(folder)], store)
    watcher.run_pass()
    touch_later(folder / "a.txt", REPORT_A + " Officials gave no figures.")
    assert watcher.run_pass().updated == 1
    assert loads == [1]


def test_feed_file_source_skips_unchanged_entries(tmp_path, store, nlp):
    feed = tmp_path / "ledger.rss"
    feed.write_bytes(rss(LEDGER_ITEMS))
    watcher = Watcher([str(feed)], store, nlp=nlp)
    assert watcher.run_pass().new == 2
    assert watcher.run_pass().unchanged == 2
    revised = [dict(LEDGER_ITEMS[0], html=f"<p>{STORY_ONE} Two of the injured are children.</p>"),
               LEDGER_ITEMS[1]]  # fmt: skip
    feed.write_bytes(rss(revised))
    os.utime(feed, (time.time() + 10, time.time() + 10))
    summary = watcher.run_pass()
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 1)


def test_stop_on_signals_turns_sigterm_into_a_stop_request():
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    restore = stop_on_signals(stop)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(1.0)
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) == before


def test_cli_watch_once(folder, tmp_path, nlp, monkeypatch):
    import flashpoint.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda **kw: nlp)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["watch", "--once", "--db", db, str(folder)])
    assert result.exit_code == 0, result.output
    assert "pass 1: 2 new, 0 updated, 0 unchanged, 0 rejected" in result.output
    missing = str(tmp_path / "absent")
    result = runner.invoke(app, ["watch", "--once", "--db", db, str(folder), missing])
    assert result.exit_code == 1
    assert "pass 1: 0 new, 0 updated, 2 unchanged, 1 rejected" in result.output
    assert f"{missing}: no such file or directory" in result.output
