"""Coding on worker processes (``--processes``): the same records in the same
order as one process, one bad article still rejected alone, the time budget
still enforced inside a worker, and a worker that dies stops the run instead
of hanging it. The texts are our own."""

from __future__ import annotations

import json
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

import flashpoint.extract as extract
from flashpoint.extract import code_articles, default_processes
from flashpoint.models import Article

pytestmark = pytest.mark.model

TEXTS = [
    "Army units shelled a border post on Monday, killing two soldiers, police said.",
    "The foreign minister said on Tuesday that talks with the neighbour would resume.",
    "Militia fighters burned a market in the hill town on Sunday, residents said.",
    "Protesters marched to the parliament on Friday demanding the release of detainees.",
    "Rebels ambushed a convoy near the river crossing, wounding five police officers.",
]


def _articles(n: int) -> list[Article]:
    return [Article(doc_id=f"d{i:02d}", text=TEXTS[i % len(TEXTS)] + f" It was report {i}.",
                    published="2025-05-10") for i in range(n)]  # fmt: skip


def _records(coded) -> list[str]:
    return [json.dumps(r, sort_keys=True) for c in coded for r in c.records()]


def test_default_processes_is_the_cores_this_process_may_use():
    assert default_processes() == len(os.sched_getaffinity(0))


def test_two_processes_give_one_process_records_in_the_same_order(nlp):
    articles = _articles(19)  # several chunks, the last one short
    one = list(code_articles(articles, nlp=nlp, processes=1))
    two = list(code_articles(articles, nlp=nlp, processes=2))
    assert [c.article.doc_id for c in two] == [a.doc_id for a in articles]
    assert _records(two) == _records(one) and _records(one)


def test_no_articles_start_no_workers(nlp):
    assert list(code_articles([], nlp=nlp, processes=2)) == []


def test_a_worker_dies_with_its_parent(tmp_path):
    """A worker whose parent is killed (SIGKILL: no clean-up runs) does not
    linger waiting for work."""
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    pids = tmp_path / "pids"
    script.write_text(f"""
import os, signal, sys
sys.path.insert(0, {str(extract.__file__.rsplit('/flashpoint/', 1)[0])!r})
import flashpoint.extract as extract
from flashpoint.models import Article

def make_doc(nlp, text, *, doc_id, **kwargs):
    with open({str(pids)!r}, "a") as fh:
        fh.write(str(os.getpid()) + "\\n")
    os.kill(os.getppid(), signal.SIGKILL)  # the parent dies while workers run
    signal.pause()

extract.make_doc = make_doc
articles = [Article(doc_id=str(i), text="Troops fired.") for i in range(4)]
class Pipeline:
    max_length = 10**6
    def pipe(self, docs, **kwargs):
        return list(docs)
fake = Pipeline()
list(extract.code_articles(articles, nlp=fake, batch_size=1, processes=2))
""")
    done = subprocess.run([sys.executable, str(script)], timeout=120)
    assert done.returncode == -9
    workers = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{p}") for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not any(os.path.exists(f"/proc/{p}") for p in workers)


def _failing_make_doc(real):
    def make_doc(nlp, text, *, doc_id, **kwargs):
        if doc_id == "bad":
            raise ValueError("a coder bug on this text")
        if doc_id == "die":
            os._exit(9)  # a worker killed from outside
        return real(nlp, text, doc_id=doc_id, **kwargs)

    return make_doc


def test_a_bad_article_in_a_worker_is_rejected_alone(nlp, monkeypatch):
    monkeypatch.setattr(extract, "make_doc", _failing_make_doc(extract.make_doc))
    articles = _articles(6)
    articles[2] = Article(doc_id="bad", text=TEXTS[0])
    articles[4] = Article(doc_id="half", text="Troops fired \ud800 at the post.")
    coded = list(code_articles(articles, nlp=nlp, processes=2))
    assert [c.article.doc_id for c in coded] == [a.doc_id for a in articles]
    assert "a coder bug on this text" in coded[2].error
    assert "unpaired surrogate" in coded[4].error
    good = [c for i, c in enumerate(coded) if i not in (2, 4)]
    assert all(c.error is None for c in good) and any(c.events for c in good)


def test_the_time_budget_holds_inside_a_worker(nlp):
    coded = list(code_articles(_articles(4), nlp=nlp, processes=2, time_budget_s=0.001))
    assert all("time budget of 0.001 s" in c.error for c in coded)


def test_a_worker_that_dies_stops_the_run_instead_of_hanging_it(nlp, monkeypatch):
    monkeypatch.setattr(extract, "make_doc", _failing_make_doc(extract.make_doc))
    articles = [*_articles(3), Article(doc_id="die", text=TEXTS[1])]
    with pytest.raises(BrokenProcessPool):
        list(code_articles(articles, nlp=nlp, processes=2, batch_size=1))


def test_extract_and_ingest_with_two_processes_write_what_one_writes(tmp_path):
    from typer.testing import CliRunner

    from flashpoint.cli import app
    from flashpoint.store import Store

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.doc_id, "text": a.text,
                                          "published": a.published}) + "\n"
                              for a in _articles(11)))  # fmt: skip
    runner, outputs, stored = CliRunner(), [], []
    for n in ("1", "2"):
        out, db = tmp_path / f"out{n}.jsonl", tmp_path / f"s{n}.db"
        assert runner.invoke(app, ["extract", str(corpus), "-o", str(out),
                                   "--processes", n]).exit_code == 0  # fmt: skip
        assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db),
                                   "--processes", n]).exit_code == 0  # fmt: skip
        outputs.append(out.read_bytes())
        with Store(db) as store:
            stored.append((store.events(), store.statements()))
    assert outputs[0] == outputs[1] and outputs[0]
    assert stored[0] == stored[1] and stored[0][0]


def test_beside_other_threads_a_callers_own_pipeline_codes_here(nlp, monkeypatch):
    """Workers cannot be forked safely beside other threads, and fresh ones
    could not share the caller's pipeline: its articles are coded in this
    process, with the same records."""
    import threading

    def no_pool(*args, **kwargs):
        raise AssertionError("workers were started")

    monkeypatch.setattr(extract, "ProcessPoolExecutor", no_pool)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        articles = _articles(10)
        two = list(code_articles(articles, nlp=nlp, processes=2))
    finally:
        stop.set()
        other.join()
    assert _records(two) == _records(code_articles(articles, nlp=nlp, processes=1))


def test_a_pool_codes_input_after_input_on_the_workers_it_started(nlp, monkeypatch):
    """Workers started once serve every input: after the first, a worker
    started anew could not get a pipeline (loading one fails here, and the
    caller's is no longer handed to new workers)."""
    articles = _articles(9)
    one = _records(code_articles(articles, nlp=nlp, processes=1))
    with extract.CodingPool(2, nlp=nlp) as pool:
        first = list(pool.code(articles))

        def no_loading():
            raise AssertionError("a worker was started again")

        monkeypatch.setattr(extract, "load_pipeline", no_loading)
        second = list(pool.code(reversed(articles)))
    assert _records(first) == one
    assert [c.article.doc_id for c in second] == [a.doc_id for a in reversed(articles)]
    assert sorted(_records(second)) == sorted(one)


def test_a_caller_that_stops_early_leaves_the_pool_ready_for_the_next_input(nlp):
    articles = _articles(12)
    with extract.CodingPool(2, nlp=nlp, batch_size=1) as pool:
        coding = pool.code(articles)
        assert next(coding).article.doc_id == "d00"
        coding.close()  # the other chunks are cancelled or waited for
        assert _records(pool.code(articles)) == _records(code_articles(articles, nlp=nlp))


def test_a_pool_refuses_a_callers_own_pipeline_beside_other_threads(nlp):
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(ValueError, match="cannot share a caller's own pipeline"):
            extract.CodingPool(2, nlp=nlp)
    finally:
        stop.set()
        other.join()
