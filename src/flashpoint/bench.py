"""Benchmarks behind ``flashpoint bench``: speed and memory measured on a
corpus, never asserted in a timed unit test."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import spacy

from flashpoint.extract import code_articles
from flashpoint.intake import split_inputs
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
