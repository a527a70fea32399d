"""Benchmarks behind ``flashpoint bench``: speed and memory measured on a
corpus, never asserted in a timed unit test."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import spacy
from sqlalchemy import func, select

from flashpoint.extract import CodedArticle, code_articles
from flashpoint.intake import split_inputs
from flashpoint.models import stable_id
from flashpoint.pipeline import MODEL, load_pipeline


@dataclass
class ExtractBench:
    articles: int
    words: int
    events: int
    statements: int
    spacy_seconds: float
    spacy_words_per_s: float
    flashpoint_seconds: float
    flashpoint_words_per_s: float
    load_seconds: float
    peak_rss_mb: float
    #: ``processes`` worker processes beside one (1: not measured)
    processes: int = 1
    processes_seconds: float | None = None
    processes_words_per_s: float | None = None
    processes_speedup: float | None = None
    #: the machine's 1-minute load average before and after the runs
    load_average: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_average() -> float:
    """The machine's 1-minute load average (0.0 where the platform has none)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


def bench_extract(inputs: Sequence[str], *, repeat: int = 1, processes: int = 1) -> ExtractBench:
    """Words per second of ``flashpoint extract`` beside plain spaCy's full
    pipeline on the same texts (one process, best of ``repeat`` runs), and
    with ``processes`` over 1 the same coding on that many worker processes
    (workers started in the timed run: what ``extract --processes`` costs)."""
    load_before = load_average()
    articles, _ = split_inputs(inputs)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    plain = spacy.load(MODEL)
    spacy_s = min(_timed(lambda: list(plain.pipe(texts))) for _ in range(repeat))

    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    results: list = []

    def run():
        results[:] = list(code_articles(articles, nlp=nlp))

    fp_s = min(_timed(run) for _ in range(repeat))
    par_s = None
    if processes > 1:
        par_s = min(_timed(lambda: list(code_articles(articles, nlp=nlp, processes=processes)))
                    for _ in range(repeat))  # fmt: skip
    return ExtractBench(
        articles=len(articles),
        words=words,
        events=sum(len(r.events) for r in results),
        statements=sum(len(r.statements) for r in results),
        spacy_seconds=round(spacy_s, 3),
        spacy_words_per_s=round(words / spacy_s, 1) if spacy_s else 0.0,
        flashpoint_seconds=round(fp_s, 3),
        flashpoint_words_per_s=round(words / fp_s, 1) if fp_s else 0.0,
        load_seconds=round(load_s, 3),
        peak_rss_mb=round(_peak_rss_mb(), 1),
        processes=processes,
        processes_seconds=round(par_s, 3) if par_s else None,
        processes_words_per_s=round(words / par_s, 1) if par_s else None,
        processes_speedup=round(fp_s / par_s, 2) if par_s else None,
        load_average=(load_before, load_average()),
    )


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# --- ingest at scale ------------------------------------------------------------

#: articles stored at which the ingest bench reports its throughput
CHECKPOINTS = (1_000, 10_000, 20_000, 50_000, 100_000)


@dataclass
class IngestCheckpoint:
    articles: int
    seconds: float
    #: articles stored per second since the previous checkpoint
    articles_per_s: float
    #: store and fusion per article since the previous checkpoint, as a share
    #: of what coding one article of the pool cost
    store_share_of_coding: float
    peak_rss_mb: float
    load_average: float


@dataclass
class IngestBench:
    engine: str
    pool_articles: int
    coding_seconds: float
    coding_articles_per_s: float
    articles: int
    events: int
    incidents: int
    checkpoints: list[IngestCheckpoint]

    def to_dict(self) -> dict:
        return asdict(self)


def _shift_day(value, days: int):
    """An ISO date (or date-time) string moved by ``days``; other values as they are."""
    if not isinstance(value, str) or len(value) < 10:
        return value
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (day + timedelta(days=days)).isoformat() + value[10:]


def varied_copy(coded: CodedArticle, copy: int, shift_days: int) -> CodedArticle:
    """Copy ``copy`` of a coded article as another article would be: its own
    doc_id and record ids, its dates (publication, records) ``copy *
    shift_days`` later, its paragraphs rotated (another text, another content
    hash). The records are the pool's, moved; nothing is coded again."""
    days = copy * shift_days
    article = coded.article
    paragraphs = article.text.split("\n\n")
    turn = copy % len(paragraphs)
    doc_id = f"{article.doc_id}~{copy}"
    text = "\n\n".join(paragraphs[turn:] + paragraphs[:turn]) + f"\n\n(copy {copy})"

    def moved(record: dict) -> dict:
        return {**record, "id": stable_id(record["id"], copy), "doc_id": doc_id,
                "date": _shift_day(record.get("date"), days)}  # fmt: skip

    return CodedArticle(
        article=replace(article, doc_id=doc_id, text=text,
                        published=_shift_day(article.published, days)),
        events=[moved(e.to_dict()) for e in coded.events],
        statements=[moved(s.to_dict()) for s in coded.statements],
    )


def _span_days(pool: list[CodedArticle]) -> int:
    """Days from the pool's first publication date to its last (the records'
    own dates cluster there, but for a past one a text recalls)."""
    days = [d for c in pool if (d := c.article.published_date) is not None]
    return (max(days) - min(days)).days if days else 0


def bench_ingest(inputs: Sequence[str], *, articles: int, db: str | None = None,
                 processes: int = 1, checkpoints: Sequence[int] = CHECKPOINTS,
                 on_checkpoint=None) -> IngestBench:  # fmt: skip
    """Ingest ``articles`` articles into a fresh store (SQLite in a temporary
    folder, or ``db``: a PostgreSQL URL gets a schema of its own, dropped at
    the end) and report the throughput and peak memory at each checkpoint.

    Coding 100,000 articles takes hours on a small machine, so the corpus is
    made as the store would see it: the distinct articles of ``inputs`` (the
    pool) are coded once (timed: the coding cost per article), and their
    varied copies (``varied_copy``: own ids, dates moved past the pool's span
    so copies never fuse with each other, another text) are stored and fused
    through ``intake``'s own path (``store_batch``, batches as ``ingest``
    makes them). So this measures the store and
    fusion at scale, not the coder."""
    import tempfile
    import uuid

    from flashpoint.intake import BATCH_ARTICLES, IngestSummary, store_batch
    from flashpoint.store import Store
    from flashpoint.store import incidents as incident_tables

    pool_articles, _ = split_inputs(inputs)
    started = time.perf_counter()
    pool = [c for c in code_articles(pool_articles, processes=processes) if not c.error]
    coding_s = time.perf_counter() - started
    per_article_coding = coding_s / max(1, len(pool))
    shift = _span_days(pool) + 2 * 7 + 1  # past the span and the fusion windows

    with tempfile.TemporaryDirectory() as tmp:
        schema = None
        url = db or str(Path(tmp) / "bench.db")
        if url.startswith(("postgresql://", "postgres://")):
            schema = f"bench_{uuid.uuid4().hex[:12]}"
        store = Store(url, schema=schema)
        try:
            marks = sorted({n for n in checkpoints if n < articles} | {articles})
            summary, done, results = IngestSummary(), 0, []
            last_n, last_s, t0 = 0, 0.0, time.perf_counter()
            while done < articles:  # batches as ingest stores them, cut at the marks
                size = min(BATCH_ARTICLES, min(m for m in marks if m > done) - done)
                batch = [varied_copy(pool[n % len(pool)], n // len(pool), shift)
                         for n in range(done, done + size)]  # fmt: skip
                store_batch(batch, store, summary)
                done += size
                if done in marks:
                    now = time.perf_counter() - t0
                    per_article = (now - last_s) / (done - last_n)
                    point = IngestCheckpoint(
                        articles=done, seconds=round(now, 2),
                        articles_per_s=round(1 / per_article, 1),
                        store_share_of_coding=round(per_article / per_article_coding, 3),
                        peak_rss_mb=round(_peak_rss_mb(), 1), load_average=load_average(),
                    )  # fmt: skip
                    results.append(point)
                    if on_checkpoint:
                        on_checkpoint(point)
                    last_n, last_s = done, now
            with store.read() as conn:
                incidents = conn.execute(
                    select(func.count()).select_from(incident_tables.incidents)).scalar()  # fmt: skip
        finally:
            if schema:
                with store.engine.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            store.close()
    return IngestBench(
        engine=store.dialect, pool_articles=len(pool), coding_seconds=round(coding_s, 2),
        coding_articles_per_s=round(len(pool) / coding_s, 2) if coding_s else 0.0,
        articles=done, events=summary.events, incidents=incidents, checkpoints=results,
    )  # fmt: skip
