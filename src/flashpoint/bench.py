"""Benchmarks behind ``flashpoint bench``: speed and memory measured on a
corpus, the fuzz run (``--fuzz N``: hostile texts of the audit's kinds through
``code_text``, counting exceptions and the slowest) and the worst cases
(``--worst``); never asserted in a timed unit test."""

from __future__ import annotations

import math
import os
import random
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import spacy
from sqlalchemy import func, select

from flashpoint.extract import CodedArticle, CodingPool, code_articles
from flashpoint.intake import split_inputs
from flashpoint.models import stable_id
from flashpoint.nlp.blas import multiply_with_numpy, one_blas_thread
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
    #: plain spaCy again, its layers multiplying as flashpoint's do (numpy's
    #: BLAS on one thread, ``nlp.blas``): how much of the difference that is
    spacy_numpy_blas_seconds: float | None = None
    spacy_numpy_blas_words_per_s: float | None = None
    #: ``processes`` worker processes beside one (1: not measured): their
    #: throughput once started (``CodingPool``), as a long input sees it,
    #: and the speed-up over one process's best run beside them
    processes: int = 1
    processes_seconds: float | None = None
    processes_words_per_s: float | None = None
    processes_speedup: float | None = None
    #: one ``extract --processes`` run of the corpus, the workers' start
    #: (fork, first touch of the shared pipeline) included, and its speed-up
    processes_cold_seconds: float | None = None
    processes_cold_speedup: float | None = None
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
    pipeline on the same texts (one process, best of ``repeat`` runs, the
    two taking turns), beside plain spaCy multiplying as flashpoint does
    (``nlp.blas``: what that choice alone is worth), and with ``processes``
    over 1 the same coding on that many worker processes: their throughput
    once started (a ``CodingPool`` whose workers have coded the corpus
    once, its runs taking turns with one process's), and one cold run's
    (``code_articles(processes=N)``, what an ``extract --processes`` of
    this corpus costs, the workers' start included: on a corpus of
    seconds, that start weighs)."""
    load_before = load_average()
    articles, _ = split_inputs(inputs)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    plain = spacy.load(MODEL)
    plain_numpy = multiply_with_numpy(spacy.load(MODEL))
    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    results: list = []

    def run():
        results[:] = list(code_articles(articles, nlp=nlp))

    # plain spaCy and flashpoint take turns, so that other jobs on the
    # machine weigh on both alike; the best run of each is kept
    spacy_runs, numpy_runs, fp_runs, cold_runs, warm_runs = [], [], [], [], []

    def run_numpy():
        with one_blas_thread():
            list(plain_numpy.pipe(texts))

    for _ in range(repeat):
        spacy_runs.append(_timed(lambda: list(plain.pipe(texts))))
        numpy_runs.append(_timed(run_numpy))
        fp_runs.append(_timed(run))
        if processes > 1:  # before any pool: a fork beside its thread is refused
            cold_runs.append(_timed(lambda: list(code_articles(articles, nlp=nlp,
                                                               processes=processes))))  # fmt: skip
    if processes > 1:
        with CodingPool(processes, nlp=nlp) as pool:
            list(pool.code(articles))  # every worker has coded: started
            for _ in range(repeat):
                fp_runs.append(_timed(run))
                warm_runs.append(_timed(lambda: list(pool.code(articles))))
    spacy_s, fp_s, numpy_s = min(spacy_runs), min(fp_runs), min(numpy_runs)
    par_s, cold_s = min(warm_runs, default=None), min(cold_runs, default=None)
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
        spacy_numpy_blas_seconds=round(numpy_s, 3),
        spacy_numpy_blas_words_per_s=round(words / numpy_s, 1) if numpy_s else 0.0,
        processes=processes,
        processes_seconds=round(par_s, 3) if par_s else None,
        processes_words_per_s=round(words / par_s, 1) if par_s else None,
        processes_speedup=round(fp_s / par_s, 2) if par_s else None,
        processes_cold_seconds=round(cold_s, 3) if cold_s else None,
        processes_cold_speedup=round(fp_s / cold_s, 2) if cold_s else None,
        load_average=(load_before, load_average()),
    )


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# --- fuzzing: no text raises, none takes long ------------------------------------------

#: the publication dates a fuzzed text is coded against: none, a real day,
#: and the placeholders CMSs write for "no date"
FUZZ_PUBLISHED = (None, "2025-05-10", "0001-01-01", "9999-12-31", "1900-01-01", "2199-12-31")
QUOTE_MARKS = '"\u201c\u201d\u2018\u2019\'`\u00ab\u00bb'
EMOJI = ("\U0001F600", "\U0001F4A5", "\U0001F1EE\U0001F1F3", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
         "\u2764\ufe0f", "\U0001F44D\U0001F3FD")  # fmt: skip
RELATIVE = ("yesterday", "two days ago", "last week", "on Monday", "next month", "10 years ago",
            "in 5000 years", "the day before", "hours later", "last Friday night", "3,000 years ago",
            "this morning", "a century ago", "in 9999 days")  # fmt: skip
SCRIPTS = ("Army troops shelled a village.", "\u0938\u0947\u0928\u093e \u0928\u0947 \u0917\u093e\u0902\u0935 \u092a\u0930 \u0939\u092e\u0932\u093e \u0915\u093f\u092f\u093e\u0964",
           "\u519b\u961f\u70ae\u51fb\u4e86\u6751\u5e84\u3002", "\u0642\u0635\u0641 \u0627\u0644\u062c\u064a\u0634 \u0642\u0631\u064a\u0629.",
           "\u0410\u0440\u043c\u0438\u044f \u043e\u0431\u0441\u0442\u0440\u0435\u043b\u044f\u043b\u0430 \u0441\u0435\u043b\u043e.",
           "\u8ecd\u304c\u6751\u3092\u7832\u6483\u3057\u305f\u3002", "\u202eReversed text\u202c", "e\u0301\u0301\u0301",
           "\u05d4\u05e6\u05d1\u05d0 \u05d4\u05e4\u05d2\u05d9\u05d6 \u05db\u05e4\u05e8.")  # fmt: skip
NEWS = ("Militia fighters burned a market in the hill town on Sunday, residents said. "
        "Army units shelled a border post, killing two soldiers, police said. "
        "\"We will respond,\" the defence minister told reporters on Monday.\n\n")  # fmt: skip


def _size(r: random.Random, most: int) -> int:
    """A size from 1 to ``most``, log-uniform: as many texts of tens as of
    thousands of characters (the long ones are what a fuzz run is slow on)."""
    return max(1, int(math.exp(r.uniform(0, math.log(most)))))


def _fuzz_quote_run(r):
    if r.random() < 0.5:
        return r.choice(QUOTE_MARKS) * _size(r, 20_000)
    sep = r.choice(["", " ", "\n", "a", ". "])
    return sep.join(r.choice(QUOTE_MARKS) for _ in range(_size(r, 1_000)))


def _fuzz_emoji_run(r):
    if r.random() < 0.5:
        return r.choice(EMOJI) * _size(r, 16_000)
    sep = r.choice(["", " ", "\n"])
    return sep.join(r.choice(EMOJI) for _ in range(_size(r, 1_000)))


def _fuzz_surrogates(r):
    pieces = [NEWS[: r.randint(0, len(NEWS))]]
    for _ in range(_size(r, 60)):
        pieces.append(chr(r.randint(0xD800, 0xDFFF)) + r.choice(SCRIPTS))
    return "".join(pieces)


def _fuzz_nul(r):
    return "\x00".join(r.choice([NEWS, "killed 3", "", "\x00" * 100]) for _ in range(_size(r, 10)))


def _fuzz_dates(r):
    return " ".join(f"Rebels raided a camp {r.choice(RELATIVE)}." for _ in range(_size(r, 20)))


def _fuzz_number(r):
    digits = "".join(r.choice("0123456789") for _ in range(_size(r, 10_000)))
    form = r.choice(["Gunmen killed {} people.", "{} soldiers were wounded.", "At least {},000 died.",
                     "The toll rose to {}.{} on Monday.", "{}", "killing {}-{} civilians"])  # fmt: skip
    return form.replace("{}", digits)


def _fuzz_long(r):
    size = r.randint(5_000, 10_000)
    return (NEWS * (size // len(NEWS) + 1))[:size]


def _fuzz_scripts(r):
    return " ".join(r.choice(SCRIPTS) for _ in range(_size(r, 60)))


def _fuzz_repeated(r):
    char = r.choice(["a", "7", ".", "-", "!", "?", " ", "\n", "\t", "_", "*", "(", "\u0915", "\u4e00",
                     "\u200b", "\ufeff", "\u00a0", "'", "$"])  # fmt: skip
    return char * _size(r, 20_000)


def _fuzz_quoted(r):
    return " ".join(f"Officials said \"strike {i}\" happened." for i in range(_size(r, 100)))


def _fuzz_random(r):
    return "".join(chr(r.randint(0, 0x10FFFF)) for _ in range(_size(r, 1_000)))


def _fuzz_soup(r):
    pieces = [*QUOTE_MARKS, *EMOJI, *RELATIVE, *SCRIPTS, "said", "killed", " ", ".", "\n", "\x00",
              "9" * 60, "((", "]]", "Officials said \"strike 3\" happened.", "\ud800"]  # fmt: skip
    return "".join(r.choice(pieces) for _ in range(_size(r, 300)))


#: the audit's kinds of hostile text, by name, with their weights (about how
#: many of every 100 texts are of the kind: the long texts, the slow ones to
#: code, are few; ``WORST_CASES`` times the longest runs)
FUZZ_KINDS = {
    "quote runs": (_fuzz_quote_run, 10),
    "emoji runs": (_fuzz_emoji_run, 10),
    "surrogates": (_fuzz_surrogates, 8),
    "NUL": (_fuzz_nul, 8),
    "relative dates": (_fuzz_dates, 12),
    "huge numbers": (_fuzz_number, 8),
    "long texts": (_fuzz_long, 0.5),
    "mixed scripts": (_fuzz_scripts, 8),
    "repeated characters": (_fuzz_repeated, 10),
    "quoted sentences": (_fuzz_quoted, 5),
    "random code points": (_fuzz_random, 10),
    "soup": (_fuzz_soup, 10),
}


def fuzz_cases(n: int, *, seed: int = 0) -> Iterator[tuple[str, str, str | None]]:
    """``n`` fuzzed texts, the same for the same seed: (kind, text, published),
    each kind drawn by its weight, a publication date drawn for each (the
    placeholders 0001-01-01 and 9999-12-31 against the relative dates)."""
    r = random.Random(seed)
    names = list(FUZZ_KINDS)
    weights = [FUZZ_KINDS[k][1] for k in names]
    for _ in range(n):
        kind = r.choices(names, weights)[0]
        published = r.choice(FUZZ_PUBLISHED[2:4]) if kind == "relative dates" else r.choice(FUZZ_PUBLISHED)
        yield kind, FUZZ_KINDS[kind][0](r), published


@dataclass
class FuzzBench:
    texts: int
    exceptions: int
    rejected: int
    over_5_s: int
    slowest_seconds: float
    slowest_kind: str
    mean_seconds: float
    #: the same in CPU seconds of this process (what a loaded machine's
    #: other work does not inflate)
    over_5_cpu_s: int
    slowest_cpu_seconds: float
    load_average: float
    chars: int
    seed: int
    time_budget_s: float
    by_kind: dict = field(default_factory=dict)  # kind -> {texts, rejected, slowest_seconds}
    failures: list = field(default_factory=list)  # the first exceptions: kind, published, error

    def to_dict(self) -> dict:
        return asdict(self)


def bench_fuzz(n: int, *, seed: int = 0, time_budget_s: float = 60.0, nlp=None,
               progress=None) -> FuzzBench:  # fmt: skip
    """``code_text`` on ``n`` fuzzed texts (``fuzz_cases``): how many raised
    (an exception escaping ``code_text``: a bug), how many came back rejected
    by name, and the time of the slowest. The budget is a backstop only (60 s
    by default), so the times are the coder's own; one text of each kind is
    coded first, unmeasured, for what loads on first use."""
    from flashpoint.extract import code_text

    nlp = nlp or load_pipeline()
    for make, _weight in FUZZ_KINDS.values():  # what loads on first use (a language's dates ...)
        code_text(make(random.Random(-1))[:2000], nlp=nlp, published="2025-05-10",
                  time_budget_s=time_budget_s)  # fmt: skip
    exceptions = rejected = over = over_cpu = chars = 0
    total = slowest = slowest_cpu = 0.0
    slowest_kind = ""
    by_kind: dict[str, dict] = {}
    failures: list[dict] = []
    for i, (kind, text, published) in enumerate(fuzz_cases(n, seed=seed)):
        stats = by_kind.setdefault(kind, {"texts": 0, "rejected": 0, "exceptions": 0, "slowest_seconds": 0.0})
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            coded = code_text(text, nlp=nlp, published=published, time_budget_s=time_budget_s)
        except Exception as exc:  # a bug: code_text must never raise
            coded = None
            exceptions += 1
            stats["exceptions"] += 1
            if len(failures) < 20:
                failures.append({"case": i, "kind": kind, "published": published,
                                 "error": f"{type(exc).__name__}: {exc}"[:300]})  # fmt: skip
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        over_cpu += cpu > 5.0
        slowest_cpu = max(slowest_cpu, cpu)
        if coded is not None and coded.error:
            rejected += 1
            stats["rejected"] += 1
        total += took
        chars += len(text)
        over += took > 5.0
        stats["texts"] += 1
        stats["slowest_seconds"] = round(max(stats["slowest_seconds"], took), 3)
        if took > slowest:
            slowest, slowest_kind = took, kind
        if progress is not None:
            progress(i, kind, took, coded.error if coded is not None else "EXCEPTION")
    return FuzzBench(texts=n, exceptions=exceptions, rejected=rejected, over_5_s=over,
                     slowest_seconds=round(slowest, 3), slowest_kind=slowest_kind,
                     mean_seconds=round(total / n, 4) if n else 0.0, over_5_cpu_s=over_cpu,
                     slowest_cpu_seconds=round(slowest_cpu, 3), load_average=round(os.getloadavg()[0], 1),
                     chars=chars, seed=seed,
                     time_budget_s=time_budget_s, by_kind=by_kind, failures=failures)  # fmt: skip


def _mixed_marks(n: int) -> str:
    r = random.Random(n)
    return "".join(r.choice(QUOTE_MARKS[:6] + " \n") for _ in range(n))


#: the audit's worst cases (a name and its text): the benchmark line of each
WORST_CASES = {
    "16,000 quotation marks": lambda: '"' * 16_000,
    "16,000 emoji": lambda: "\U0001F600" * 16_000,
    "16,000 emoji, spaced": lambda: "\U0001F600 " * 16_000,
    "30 KB of mixed quotation marks": lambda: _mixed_marks(30_000),
    "1,600 quoted sentences": lambda: " ".join(
        f"Officials said \"strike {i}\" happened." for i in range(1600)),
    "20,000 repeated letters": lambda: "a" * 20_000,
    "10,000-digit number": lambda: "Gunmen killed " + "7" * 10_000 + " people.",
}


def bench_worst(*, nlp=None, time_budget_s: float = 0.0) -> dict[str, dict]:
    """Wall and CPU seconds ``code_text`` takes on each of ``WORST_CASES``
    (no budget), with the text's length."""
    from flashpoint.extract import code_text

    nlp = nlp or load_pipeline()
    code_text("Warm up.", nlp=nlp)
    result = {}
    for name, make in WORST_CASES.items():
        text = make()
        t0, c0 = time.perf_counter(), time.process_time()
        code_text(text, nlp=nlp, time_budget_s=time_budget_s)
        result[name] = {"chars": len(text), "seconds": round(time.perf_counter() - t0, 3),
                        "cpu_seconds": round(time.process_time() - c0, 3)}  # fmt: skip
    return result


# --- ingest at scale ------------------------------------------------------------

#: articles stored at which the ingest bench reports its throughput
CHECKPOINTS = (1_000, 10_000, 20_000, 50_000, 100_000)


@dataclass
class IngestCheckpoint:
    articles: int
    #: seconds spent storing the articles so far (making the copies is not counted)
    seconds: float
    #: articles stored per second since the previous checkpoint
    articles_per_s: float
    #: articles stored per CPU second of this process since the previous
    #: checkpoint: the throughput other jobs on a shared machine do not move
    #: (for SQLite the whole cost; for PostgreSQL the server's share is not in it)
    articles_per_cpu_s: float
    #: store and fusion per article since the previous checkpoint, as a share
    #: of what coding one article of the pool cost
    store_share_of_coding: float
    peak_rss_mb: float
    load_average: float
    #: articles stored per second over the last tenth of the articles before
    #: this checkpoint (``recent_rate``): the store's speed at this size,
    #: where ``articles_per_s`` averages over every size since the last
    #: checkpoint (from 1,000 to 10,000 articles, mostly a store much
    #: smaller than 10,000)
    recent_articles_per_s: float = 0.0
    #: the same per CPU second of this process
    recent_articles_per_cpu_s: float = 0.0


@dataclass
class IngestBench:
    engine: str
    pool_articles: int
    coding_seconds: float
    coding_articles_per_s: float
    #: articles per write transaction, as ingest would make them
    batch_articles: int
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


#: the share of a checkpoint's articles, counted back from it, over which
#: ``recent_rate`` measures the speed at that size
RECENT_SHARE = 0.1


def recent_rate(marks: Sequence[tuple[int, float, float]], at: int,
                share: float = RECENT_SHARE) -> tuple[float, float]:  # fmt: skip
    """(articles per second, articles per CPU second) over the last ``share``
    of the ``at`` articles stored, from ``marks``: (articles stored, seconds,
    CPU seconds) after each batch, in order, the first (0, 0, 0) and one at
    ``at``. The window starts at the last batch end at or before ``at *
    (1 - share)``, so it holds that share at least, in whole batches;
    (0.0, 0.0) when it took no time."""
    end = next(m for m in marks if m[0] == at)
    start = max((m for m in marks if m[0] <= at * (1 - share) and m[0] < at),
                key=lambda m: m[0])  # fmt: skip
    n, seconds, cpu = end[0] - start[0], end[1] - start[1], end[2] - start[2]
    return (round(n / seconds, 1) if n and seconds > 0 else 0.0,
            round(n / cpu, 1) if n and cpu > 0 else 0.0)  # fmt: skip


def bench_ingest(inputs: Sequence[str], *, articles: int, db: str | None = None,
                 processes: int = 1, checkpoints: Sequence[int] = CHECKPOINTS,
                 on_checkpoint=None) -> IngestBench:  # fmt: skip
    """Ingest ``articles`` articles into a fresh store (SQLite in a temporary
    folder, or ``db``: a PostgreSQL URL gets a schema of its own, dropped at
    the end) and report the throughput and peak memory at each checkpoint.

    Coding 100,000 articles takes hours on a small machine, so the corpus is
    made as the store would see it: the distinct articles of ``inputs`` (the
    pool) are coded, then coded again, timed (the coding cost per article
    once ingest is running: the model loaded and warm), and their
    varied copies (``varied_copy``: own ids, dates moved past the pool's span
    so copies never fuse with each other, another text) are stored and fused
    through ``intake``'s own path (``store_batch``, batches as ``ingest``
    makes them: ``BATCH_ARTICLES``, or as many as one process codes in
    ``BATCH_SECONDS`` at the pool's speed where that is fewer). Only storing
    is timed, not making the copies. So this measures the store and fusion
    at scale, not the coder."""
    import tempfile
    import uuid

    from flashpoint.intake import BATCH_ARTICLES, BATCH_SECONDS, IngestSummary, store_batch
    from flashpoint.store import Store
    from flashpoint.store import incidents as incident_tables

    pool_articles, _ = split_inputs(inputs)
    nlp = load_pipeline() if processes == 1 else None
    pool = [c for c in code_articles(pool_articles, nlp=nlp, processes=processes) if not c.error]
    # the coding cost per article as ingest pays it once running: a second,
    # warm run (model loaded, its first-call costs paid), not the first; on
    # worker processes the run includes starting them, as each ingest does
    coding_s = _timed(lambda: list(code_articles(pool_articles, nlp=nlp, processes=processes)))
    nlp = None  # the store's memory is measured, not the model's
    per_article_coding = coding_s / max(1, len(pool))
    shift = _span_days(pool) + 2 * 7 + 1  # past the span and the fusion windows
    # ingest's batches: BATCH_ARTICLES, or what the coder makes in BATCH_SECONDS
    batch_articles = max(1, min(BATCH_ARTICLES, int(BATCH_SECONDS / max(per_article_coding, 1e-9))))

    with tempfile.TemporaryDirectory() as tmp:
        schema = None
        url = db or str(Path(tmp) / "bench.db")
        if url.startswith(("postgresql://", "postgres://")):
            schema = f"bench_{uuid.uuid4().hex[:12]}"
        store = Store(url, schema=schema)
        try:
            marks = sorted({n for n in checkpoints if n < articles} | {articles})
            summary, done, results = IngestSummary(), 0, []
            last_n, last_s, last_cpu = 0, 0.0, 0.0
            now = cpu = 0.0  # seconds (wall, CPU) spent storing: making the copies is not timed
            batch_marks = [(0, 0.0, 0.0)]  # (articles, seconds, CPU seconds) after each batch
            while done < articles:  # batches as ingest stores them, cut at the marks
                size = min(batch_articles, min(m for m in marks if m > done) - done)
                batch = [varied_copy(pool[n % len(pool)], n // len(pool), shift)
                         for n in range(done, done + size)]  # fmt: skip
                t0, cpu0 = time.perf_counter(), time.process_time()
                store_batch(batch, store, summary)
                now += time.perf_counter() - t0
                cpu += time.process_time() - cpu0
                done += size
                batch_marks.append((done, now, cpu))
                if done in marks:
                    recent, recent_cpu = recent_rate(batch_marks, done)
                    per_article = (now - last_s) / (done - last_n)
                    cpu_per_article = (cpu - last_cpu) / (done - last_n)
                    point = IngestCheckpoint(
                        articles=done, seconds=round(now, 2),
                        articles_per_s=round(1 / per_article, 1),
                        articles_per_cpu_s=round(1 / cpu_per_article, 1) if cpu_per_article else 0.0,
                        store_share_of_coding=round(per_article / per_article_coding, 3),
                        peak_rss_mb=round(_peak_rss_mb(), 1), load_average=load_average(),
                        recent_articles_per_s=recent, recent_articles_per_cpu_s=recent_cpu,
                    )  # fmt: skip
                    results.append(point)
                    if on_checkpoint:
                        on_checkpoint(point)
                    last_n, last_s, last_cpu = done, now, cpu
            with store.read() as conn:
                incidents = conn.execute(
                    select(func.count()).select_from(incident_tables.incidents)).scalar()  # fmt: skip
        finally:
            if schema:
                store.upkeep.wait()  # an ANALYZE still running would find its table gone
                with store.engine.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            store.close()
    return IngestBench(
        engine=store.dialect, pool_articles=len(pool), coding_seconds=round(coding_s, 2),
        coding_articles_per_s=round(len(pool) / coding_s, 2) if coding_s else 0.0,
        batch_articles=batch_articles,
        articles=done, events=summary.events, incidents=incidents, checkpoints=results,
    )  # fmt: skip
