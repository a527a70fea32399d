"""The ingest bench's generated corpus: each copy of a coded article is
another article as the store sees it (its own ids, hash and dates), so
nothing is deduplicated away and copies never fuse with each other."""

from __future__ import annotations

import json

import pytest

from flashpoint.bench import _span_days, varied_copy
from flashpoint.extract import CodedArticle
from flashpoint.models import Actor, Article, Event, Evidence, Statement


def _coded() -> CodedArticle:
    text = "Gunmen attacked a checkpoint.\n\nTwo guards were hurt, officials said."
    article = Article(doc_id="a1", text=text, published="2025-05-04T08:00:00Z")
    event = Event(doc_id="a1", event_type="ASSAULT", date="2025-05-03", date_precision="day",
                  evidence=Evidence(sentence="Gunmen attacked a checkpoint.", start=0, end=29),
                  source=Actor(code="REB"), target=Actor(code="GOV"))  # fmt: skip
    quote = Statement(doc_id="a1", quote="We will respond", speaker=Actor(code="GOV"),
                      date="2025-05-04",
                      evidence=Evidence(sentence="We will respond", start=31, end=46))  # fmt: skip
    return CodedArticle(article=article, events=[event], statements=[quote])


def test_a_copy_is_another_article_moved_in_time():
    original = _coded()
    copy = varied_copy(original, 3, 10)
    assert copy.article.doc_id == "a1~3"
    assert copy.article.published == "2025-06-03T08:00:00Z"
    assert copy.article.content_hash != original.article.content_hash
    [event], [quote] = copy.events, copy.statements
    assert event["date"] == "2025-06-02" and quote["date"] == "2025-06-03"
    assert event["id"] != original.events[0].id and event["doc_id"] == "a1~3"
    assert quote["id"] != original.statements[0].id
    assert varied_copy(original, 4, 10).events[0]["id"] != event["id"]
    assert event["event_type"] == "ASSAULT" and event["source"]["code"] == "REB"


def test_the_span_is_the_pools_publication_days():
    coded = _coded()
    coded.events[0].date = "1947-08-15"  # a past a text recalls: not the news' span
    later = CodedArticle(article=Article(doc_id="b", text="x", published="2025-05-20"))
    assert _span_days([coded, later]) == 16


@pytest.mark.model
def test_the_ingest_bench_stores_copies_and_times_warm_coding(tmp_path):
    from flashpoint.bench import bench_ingest

    pool = tmp_path / "pool.jsonl"
    pool.write_text("".join(json.dumps({
        "id": f"pool-{n}", "published": f"2025-03-0{n}",
        "text": f"Militants attacked a police post in Quetta on Monday, killing {n} officers, "
                "the provincial government said.\n"}) + "\n" for n in (3, 4)))  # fmt: skip
    result = bench_ingest([str(pool)], articles=6, checkpoints=(4,))
    assert result.pool_articles == 2 and result.articles == 6
    assert [p.articles for p in result.checkpoints] == [4, 6]
    assert result.coding_articles_per_s > 0 and result.events >= 6
    # the pool's two reports of one attack fuse; the three copies of the
    # pool never fuse with one another
    assert result.incidents == 3
    assert all(p.store_share_of_coding > 0 for p in result.checkpoints)
    assert all(p.recent_articles_per_s > 0 for p in result.checkpoints)


@pytest.mark.model
def test_the_extract_bench_times_started_workers_and_a_cold_run(tmp_path, monkeypatch):
    """Two processes are timed twice: through a pool whose workers have
    already coded the corpus (throughput), and as one ``extract`` run that
    starts them (what a short corpus costs)."""
    import flashpoint.bench as bench
    import flashpoint.extract as extract

    pools = []

    class CountedPool(bench.CodingPool):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(bench, "CodingPool", CountedPool)
    monkeypatch.setattr(extract, "CodingPool", CountedPool)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({
        "id": f"c{n}", "published": "2025-03-04",
        "text": f"Rebels shelled a village near the border on Sunday, killing {n} farmers.\n"})
        + "\n" for n in range(2, 8)))  # fmt: skip
    result = bench.bench_extract([str(corpus)], repeat=2, processes=2)
    assert result.articles == 6 and result.events >= 6
    assert result.processes_seconds and result.processes_cold_seconds
    # seconds are rounded to the millisecond and the ratio to the hundredth,
    # so on this tiny corpus the ratio of the rounded seconds may differ from
    # the reported speedup by as much as those roundings allow, and no more
    def within_rounding(speedup, seconds):
        low = (result.flashpoint_seconds - 0.0005) / (seconds + 0.0005)
        high = (result.flashpoint_seconds + 0.0005) / max(seconds - 0.0005, 1e-6)
        return low - 0.005 <= speedup <= high + 0.005

    assert within_rounding(result.processes_speedup, result.processes_seconds)
    assert within_rounding(result.processes_cold_speedup, result.processes_cold_seconds)
    # the warm runs share one pool; each cold run starts one of its own
    assert len(pools) == 1 + 2


def test_the_rate_at_a_size_is_timed_over_the_last_tenth_before_it():
    from flashpoint.bench import recent_rate

    # batches of 100 articles: the first 900 take a second each, the last
    # ten batches two seconds each (and as much CPU as wall time, halved)
    marks, seconds = [(0, 0.0, 0.0)], 0.0
    for n in range(100, 2001, 100):
        seconds += 1.0 if n <= 900 else 2.0
        marks.append((n, seconds, seconds / 2))
    # at 1,000: from the batch end at 900 (1000 * 0.9), one slow batch
    assert recent_rate(marks, 1000) == (50.0, 100.0)
    # at 2,000: from 1,800, two slow batches; the average since 0 is faster
    assert recent_rate(marks, 2000) == (50.0, 100.0)
    assert 2000 / marks[-1][1] > 50.0
    # a window that does not fall on a batch end starts at the one before
    # it: at 1,000 with a quarter, from 700 (not 750), two fast batches and
    # a slow one
    assert recent_rate(marks, 1000, share=0.25) == (75.0, 150.0)
    # a single batch up to the mark
    assert recent_rate([(0, 0.0, 0.0), (4, 0.5, 0.25)], 4) == (8.0, 16.0)


@pytest.mark.model
def test_the_ingest_bench_prints_each_checkpoint_whole(tmp_path):
    """``bench --ingest``'s table keeps every field of each checkpoint, the
    speed at that size included, under headers that fit a terminal."""
    from typer.testing import CliRunner

    from flashpoint.cli import app

    pool = tmp_path / "pool.jsonl"
    pool.write_text(json.dumps({
        "id": "pool-1", "published": "2025-03-03",
        "text": "Militants attacked a police post in Quetta on Monday, killing 3 officers.\n"}) + "\n")  # fmt: skip
    result = CliRunner().invoke(app, ["bench", "--ingest", "--articles", "3", str(pool)])
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("flashpoint bench --ingest"):]
    assert "at size" in table and "coding" in table
    assert "…" not in table  # no header or value cut short
    rows = [line.split() for line in table.splitlines() if line.split()[:1] == ["3"]]
    assert len(rows) == 1 and len(rows[0]) == 9


def test_the_ingest_table_fits_a_terminal_at_a_hundred_thousand_articles():
    from rich.console import Console

    from flashpoint.cli import ingest_table

    point = {"articles": 100_000, "seconds": 1477.78, "articles_per_s": 66.0,
             "articles_per_cpu_s": 91.7, "recent_articles_per_s": 66.9,
             "recent_articles_per_cpu_s": 93.9, "store_share_of_coding": 0.232,
             "peak_rss_mb": 561.7, "load_average": 1.07}  # fmt: skip
    result = {"articles": 100_000, "engine": "postgresql", "pool_articles": 46,
              "coding_articles_per_s": 15.35, "batch_articles": 128, "checkpoints": [point]}  # fmt: skip
    console = Console(width=80, record=True)
    console.print(ingest_table(result))
    text = console.export_text()
    assert "…" not in text
    row = next(line.split() for line in text.splitlines() if line.split()[:1] == ["100000"])
    assert row == ["100000", "1477.78", "66.0", "91.7", "66.9", "93.9", "0.232", "561.7", "1.07"]
    assert "articles" in text and "at size" in text
