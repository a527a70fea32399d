"""Library entry point: articles in, coded events and statements out.

``code_articles`` runs the pipeline once per article text (the parse is never
repeated) and returns, per article, the SPEC records it produced. The CLI's
``extract`` writes them out; ``ingest`` stores them.

It is also the pipeline's edge, where one article can never stop a batch:

- a text longer than ``chunk_chars`` (default ``CHUNK_CHARS``, at most
  the coder's limit ``nlp.max_length``) is coded in pieces, cut at a
  paragraph break, else a line break, else a sentence end, else a space
  (``split_text``): each piece is coded as a text of its own and its records'
  offsets are moved to where the piece lies in the whole text, so the records
  are those of coding the pieces one by one (what ties one piece to another,
  a quotation or a story's dates across the cut, is not seen);
- a text with an unpaired surrogate is refused (``refusal``) and one that
  raises anywhere in the pipeline comes back with ``error``
  set (the reason) and no records, and the others are coded as usual;
- each article has a time budget (``time_budget_s``, default
  ``DEFAULT_TIME_BUDGET_S`` or ``$FLASHPOINT_TIME_BUDGET_S``; 0 turns it
  off): a batch that overruns it is coded again article by article, and an
  article that alone overruns it comes back with ``error`` naming the budget
  (so a runaway article costs at most twice the budget); an article coded
  in pieces has the budget for each piece;
  The budget is a ``SIGALRM`` timer, so it holds in the main thread of a
  Unix process (the CLI, ``watch``, a worker process, a Ray actor's own
  process) and is not enforced elsewhere;
- a publication date outside ``SANE_YEARS`` (a CMS's "no date" 0001-01-01,
  9999-12-31) is not used to resolve the text's relative dates.

``processes=N`` (``--processes``) codes on N worker processes, every core of
the machine by default (``default_processes``). The articles go out in chunks
(a whole batch each, or for a short input ``CHUNKS_PER_WORKER`` per worker)
and come back in input order; batching never changes an article's records,
so they are identical to one process's; each worker runs
``code_articles`` itself, so the refusals, the per-article isolation and the
time budget hold there as they do here. The caller stays the only reader and
writer (of the output, of the store). Workers are forked from the caller,
sharing its loaded pipeline, when the caller runs no other thread; otherwise
(a fork beside other threads may deadlock) they are started fresh and each
loads the default pipeline; a caller's own ``nlp`` is then used in this
process alone, since fresh workers could not share it. A worker that dies
(killed, out of memory) stops the run with ``BrokenProcessPool``, as it would
have stopped one process. The workers are started for each call and stopped
after it; ``CodingPool`` keeps them for a caller that codes many inputs.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import multiprocessing
import os
import re
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, islice

from spacy.language import Language

from flashpoint.models import Article, Event, Statement
from flashpoint.nlp.blas import one_blas_thread
from flashpoint.pipeline import load_pipeline, make_doc

#: seconds one article may take to code before it is rejected by name
DEFAULT_TIME_BUDGET_S = 60.0
#: seconds between the budget timer's repeats once it has fired
REFIRE_S = 0.25
#: publication years the coder resolves relative dates against
SANE_YEARS = (1800, 2200)
#: characters of the longest text coded whole; a longer one is coded in pieces
#: of at most this many (spaCy's parser and NER hold memory in proportion to
#: a Doc's length, and real articles are far shorter)
CHUNK_CHARS = 100_000
#: where a piece may end, best first: a blank line, a line break, a sentence
#: end (a full stop, ? or !, closing marks, then space), a space
CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"),
        re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"), re.compile(r"\s+"))  # fmt: skip

#: articles coded together in one process (one ``nlp.pipe`` batch, one time
#: budget): the model's layers run on a batch at once, so 32 articles code
#: 12% faster than 8 (the records are the same)
BATCH_ARTICLES = 32
#: chunks per worker of an input short enough to be read ahead whole
#: (``CodingPool.code``): 46 articles on two workers go as 12, 12, 12 and
#: 10, so every worker codes large batches and they finish together; a longer
#: input goes in chunks of a whole batch
CHUNKS_PER_WORKER = 2
#: characters of text at most in one batch (about 25,000 words, some seconds
#: of coding, well inside one article's time budget, which a batch shares):
#: a batch of long articles is cut short of ``BATCH_ARTICLES``
BATCH_CHARS = 150_000


@dataclass
class CodedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    #: why the article could not be coded (None: it was); it then has no records
    error: str | None = None

    def records(self) -> list[dict]:
        return [e.to_dict() for e in self.events] + [s.to_dict() for s in self.statements]


class TimeBudgetExceeded(BaseException):
    """Coding ran past its time budget. A ``BaseException``, as
    ``KeyboardInterrupt`` is: raised by the timer wherever the coder happens
    to be, it must not be swallowed by a library's ``except Exception`` (a
    date parser's, say) and let the article run on unbounded."""


def time_budget_from_env() -> float:
    """``$FLASHPOINT_TIME_BUDGET_S`` as seconds (0: no budget), else the default."""
    raw = os.environ.get("FLASHPOINT_TIME_BUDGET_S")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIME_BUDGET_S
    except ValueError:
        return DEFAULT_TIME_BUDGET_S


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeBudgetExceeded`` in the block once ``seconds`` have passed
    (a ``SIGALRM`` timer). A no-op for no budget, off the main thread, or where
    the platform has no such timer."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())  # fmt: skip
    if not usable:
        yield
        return

    armed, fired = [True], [False]

    def expire(_signum, _frame):
        if armed[0]:
            fired[0] = True
            raise TimeBudgetExceeded(f"took longer than the time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        # armed inside the try: an alarm that fires before the block starts
        # (a tiny budget) still reaches the disarming below, else the timer
        # would go on firing after the caller caught the first one.
        # It fires again every REFIRE_S until the block ends: an exception
        # raised inside a __del__ or a callback is swallowed, the next is not.
        signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_S)
        yield
    finally:
        while True:  # a last alarm landing here must not skip the disarming
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except TimeBudgetExceeded:
                continue
    if fired[0]:
        # the block ended after the budget, every alarm swallowed (by a
        # garbage collector's callback, a __del__) before the next could fire
        raise TimeBudgetExceeded(f"took longer than the time budget of {seconds:g} s")


def coding_date(article: Article) -> date | None:
    """The publication date the coder resolves relative dates against: None
    when absent, unreadable or outside ``SANE_YEARS``."""
    day = article.published_date
    if day is None or not SANE_YEARS[0] <= day.year <= SANE_YEARS[1]:
        return None
    return day


SURROGATE = re.compile("[\ud800-\udfff]")


def refusal(article: Article) -> str | None:
    """Why the coder cannot take this text at all, or None: an unpaired
    surrogate (half of a UTF-16 pair, which only a Python caller can hand
    over: no file or JSONL line decodes to one) is no Unicode text."""
    found = SURROGATE.search(article.text)
    if found:
        return (f"text has an unpaired surrogate (U+{ord(found.group()):04X}) at character "
                f"{found.start():,}: not Unicode text")  # fmt: skip
    return None


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of at most ``limit`` characters that together
    are ``text``: each ends at the last cut of ``CUTS`` found in the second
    half of its window (the best kind found there), the separator kept with
    the piece before it; a window with none is cut at ``limit``."""
    if limit < 1:
        raise ValueError(f"a piece needs at least one character, not {limit}")
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        floor = start + max(1, limit // 2)
        cut = end
        for rx in CUTS:
            ends = [m.end() for m in rx.finditer(text, floor, end) if m.end() <= end]
            if ends:
                cut = ends[-1]
                break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def chunk_limit(nlp: Language, chunk_chars: int | None = None) -> int:
    """The longest text coded whole: ``chunk_chars`` (default ``CHUNK_CHARS``),
    never over the coder's own limit ``nlp.max_length``."""
    return min(chunk_chars or CHUNK_CHARS, nlp.max_length)


def code_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = BATCH_ARTICLES,
    time_budget_s: float | None = None,
    chunk_chars: int | None = None,
    processes: int = 1,
) -> Iterator[CodedArticle]:
    """Code each article; yields in input order, one ``CodedArticle`` per
    article, with ``error`` set for one that could not be coded (see the
    module docstring). ``time_budget_s`` None: ``time_budget_from_env()``;
    ``chunk_chars``: see ``chunk_limit``. ``processes`` over 1: coded on
    that many worker processes, same records."""
    if processes > 1:
        yield from _code_in_workers(articles, nlp=nlp, batch_size=batch_size,
                                    time_budget_s=time_budget_s, processes=processes,
                                    chunk_chars=chunk_chars)  # fmt: skip
        return
    nlp = nlp or load_pipeline()
    budget = time_budget_from_env() if time_budget_s is None else time_budget_s
    limit = chunk_limit(nlp, chunk_chars)
    for batch in _batches(articles, batch_size):
        refused = [refusal(a) for a in batch]
        ready = [a for a, why in zip(batch, refused, strict=True) if why is None and len(a.text) <= limit]
        if len(ready) == 1:  # alone, the batch is the article's own try
            coded = [_code_one(nlp, ready[0], budget)]
        elif ready:
            try:
                with time_budget(budget):
                    coded = list(_pipe(nlp, ready, batch_size))
            except (Exception, TimeBudgetExceeded):  # one article in the batch: find it
                coded = [_code_one(nlp, a, budget) for a in ready]
        done = iter(coded if ready else [])
        for article, why in zip(batch, refused, strict=True):
            if why is not None:
                yield CodedArticle(article=article, error=why)
            elif len(article.text) <= limit:
                yield next(done)
            else:
                yield _code_pieces(nlp, article, budget, limit)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """The articles in batches of ``size``, each cut short once its texts
    reach ``BATCH_CHARS`` characters."""
    batch: list[Article] = []
    chars = 0
    for article in articles:
        batch.append(article)
        chars += len(article.text)
        if len(batch) >= size or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _code_pieces(nlp: Language, article: Article, budget: float, limit: int) -> CodedArticle:
    """An over-long article coded piece by piece (``split_text``), each piece
    within the budget; its records' offsets moved into the whole text. A
    piece that fails fails the article, naming the piece."""
    whole = CodedArticle(article=article)
    for start, end in split_text(article.text, limit):
        coded = _code_one(nlp, replace(article, text=article.text[start:end]), budget)
        if coded.error:
            return CodedArticle(article=article, error=(
                f"the piece of characters {start:,}-{end:,} (of {len(article.text):,}, coded "
                f"in pieces of at most {limit:,}): {coded.error}"))  # fmt: skip
        for record in (*coded.events, *coded.statements):
            record.evidence.start += start
            record.evidence.end += start
        whole.events += coded.events
        whole.statements += coded.statements
    return whole


def default_processes() -> int:
    """The cores this process may run on (its CPU affinity where the platform
    tells it, else ``os.cpu_count()``): ``--processes``' default."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


#: chunks in flight per worker: enough to keep every worker busy while the
#: caller writes, few enough that memory stays bounded on an endless input
IN_FLIGHT_PER_WORKER = 3

PR_SET_PDEATHSIG = 1  # prctl(2)
# a worker's pipeline and settings (set in the worker by ``_start_worker``)
_WORKER: dict = {}
# the caller's pipeline, inherited by workers it forks
_FORKED_NLP: list[Language] = []


def _start_worker(parent: int, budget: float | None, batch_size: int,
                  chunk_chars: int | None = None) -> None:
    """A worker's initializer: dies with its parent (a worker whose parent
    was killed would wait for work forever), then takes the pipeline it
    inherited (forked), else loads its own."""
    try:  # Linux: SIGKILL this process when the parent dies
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # elsewhere: the check below only
        pass
    if os.getppid() != parent:  # the parent died before this worker started
        os._exit(1)
    _WORKER["nlp"] = _FORKED_NLP[0] if _FORKED_NLP else load_pipeline()
    _WORKER["budget"], _WORKER["batch_size"] = budget, batch_size
    _WORKER["chunk_chars"] = chunk_chars


def _code_chunk(chunk: list[Article]) -> list[CodedArticle]:
    """One chunk, coded in a worker exactly as ``code_articles`` codes it here."""
    return list(code_articles(chunk, nlp=_WORKER["nlp"], batch_size=_WORKER["batch_size"],
                              time_budget_s=_WORKER["budget"],
                              chunk_chars=_WORKER["chunk_chars"]))  # fmt: skip


def _forkable() -> bool:
    """Workers can be forked from this process: the platform forks and no
    other thread runs here (a fork beside other threads may deadlock)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _chunk_size(ahead: int, processes: int, batch_size: int) -> int:
    """Articles per chunk sent to a worker, ``ahead`` the articles read ahead
    (at most ``processes * CHUNKS_PER_WORKER`` batches): a whole batch, or
    for a shorter input what spreads it over ``CHUNKS_PER_WORKER`` chunks a
    worker."""
    chunks = processes * CHUNKS_PER_WORKER
    return batch_size if ahead >= chunks * batch_size else max(1, -(-ahead // chunks))


def _code_in_workers(articles: Iterable[Article], *, nlp: Language | None, batch_size: int,
                     time_budget_s: float | None, processes: int,
                     chunk_chars: int | None = None) -> Iterator[CodedArticle]:  # fmt: skip
    """``code_articles`` on ``processes`` workers started for this input and
    stopped after it; an input of one chunk, or a caller's own pipeline that
    fresh workers could not share, is coded here."""
    it = iter(articles)
    ahead = list(islice(it, processes * CHUNKS_PER_WORKER * batch_size))
    it = chain(ahead, it)
    if len(ahead) <= _chunk_size(len(ahead), processes, batch_size) or (
            nlp is not None and not _forkable()):  # fmt: skip
        yield from code_articles(it, nlp=nlp, batch_size=batch_size,
                                 time_budget_s=time_budget_s, chunk_chars=chunk_chars)  # fmt: skip
        return
    with CodingPool(processes, nlp=nlp, batch_size=batch_size, time_budget_s=time_budget_s,
                    chunk_chars=chunk_chars) as pool:  # fmt: skip
        yield from pool.code(it)


class CodingPool:
    """``processes`` worker processes that code articles, started once and
    used for any number of inputs (``code``): what ``code_articles(...,
    processes=N)`` starts and stops around one input, kept for a caller
    that codes many (a program coding batch after batch, a benchmark's
    runs), so that each input does not pay the workers' start again (the
    fork, and each worker's first touch of the pipeline's memory it shares
    with this process).

    Workers are forked from this process, sharing its pipeline (``nlp``, or
    the default one loaded here), when this process runs no other thread;
    otherwise they are started fresh and each loads the default pipeline, and
    a caller's own ``nlp`` is refused (``ValueError``), since they could not
    share it. ``code`` gives what ``code_articles`` gives in one process,
    in input order; a worker that dies (killed, out of memory) breaks the
    pool (``BrokenProcessPool``). ``close`` (or leaving the ``with`` block)
    stops the workers."""

    def __init__(self, processes: int, *, nlp: Language | None = None,
                 batch_size: int = BATCH_ARTICLES, time_budget_s: float | None = None,
                 chunk_chars: int | None = None) -> None:  # fmt: skip
        fork = _forkable()
        if nlp is not None and not fork:
            raise ValueError("workers cannot be forked beside other threads, and fresh "
                             "ones cannot share a caller's own pipeline")  # fmt: skip
        self.processes, self.batch_size = processes, batch_size
        if fork:
            _FORKED_NLP[:] = [nlp or load_pipeline()]
        context = multiprocessing.get_context("fork" if fork else "spawn")
        self._executor = ProcessPoolExecutor(
            processes, mp_context=context, initializer=_start_worker,
            initargs=(os.getpid(), time_budget_s, batch_size, chunk_chars))  # fmt: skip
        try:  # the first task forks every worker: the pipeline is theirs from then on
            self._executor.submit(os.getpid).result()
        except BaseException:
            self._executor.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            _FORKED_NLP.clear()

    def code(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code ``articles`` on the workers; yields in input order. The
        articles go out in chunks (a whole batch each, or for a short input
        ``CHUNKS_PER_WORKER`` per worker), at most ``IN_FLIGHT_PER_WORKER``
        a worker at a time; a caller that stops early leaves no chunk coding
        behind it."""
        it = iter(articles)
        ahead = list(islice(it, self.processes * CHUNKS_PER_WORKER * self.batch_size))
        chunk_size = _chunk_size(len(ahead), self.processes, self.batch_size)
        it = chain(ahead, it)
        pending: deque = deque()
        try:
            chunk = list(islice(it, chunk_size))
            while chunk or pending:
                while chunk and len(pending) < self.processes * IN_FLIGHT_PER_WORKER:
                    pending.append(self._executor.submit(_code_chunk, chunk))
                    chunk = list(islice(it, chunk_size))
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            wait(pending)

    def close(self) -> None:
        """Stop the workers (after any chunk they are coding)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> CodingPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _pipe(nlp: Language, articles: list[Article], batch_size: int) -> Iterator[CodedArticle]:
    """The articles through ``nlp``, their BLAS on one thread (``one_blas_thread``:
    the cores are for worker processes)."""
    docs = ((make_doc(nlp, a.text, doc_id=a.doc_id, published=coding_date(a)), a)
            for a in articles)  # fmt: skip
    with one_blas_thread():
        coded = [CodedArticle(article=article, events=list(doc._.fp_events or []),
                              statements=list(doc._.fp_statements or []))
                 for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=batch_size)]  # fmt: skip
    yield from coded


def _code_one(nlp: Language, article: Article, budget: float) -> CodedArticle:
    """One article alone, within its budget; its error instead of records
    when it fails."""
    try:
        with time_budget(budget):
            return next(_pipe(nlp, [article], 1))
    except TimeBudgetExceeded as exc:
        return CodedArticle(article=article, error=str(exc))
    except Exception as exc:
        return CodedArticle(article=article,
                            error=f"could not be coded ({type(exc).__name__}: {exc})")  # fmt: skip


def code_text(text: str, *, nlp: Language | None = None, published: str | None = None,
              doc_id: str = "text", time_budget_s: float | None = None,
              chunk_chars: int | None = None) -> CodedArticle:  # fmt: skip
    """Code one text (Python API convenience); ``error`` says why when it
    could not be coded."""
    article = Article(doc_id=doc_id, text=text, published=published)
    return next(code_articles([article], nlp=nlp, time_budget_s=time_budget_s,
                              chunk_chars=chunk_chars))  # fmt: skip


# --- writers -----------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "id", "doc_id", "event_type", "mode", "contexts",
    "source_code", "source_sector", "source_name", "source_text",
    "target_code", "target_sector", "target_name", "target_text",
    "date", "date_precision", "date_text",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_precision", "fatalities", "injuries", "casualty_text",
    "modality", "claimed_by_code", "confidence",
    "speaker_code", "speaker_name", "quote",
    "sentence", "sentence_start", "sentence_end", "trigger",
)  # fmt: skip


def flatten(record: dict) -> dict:
    """One SPEC record as a flat CSV row."""
    row = {k: v for k, v in record.items() if not isinstance(v, dict | list)}
    row["contexts"] = ";".join(record.get("contexts") or [])
    for role in ("source", "target", "speaker"):
        actor = record.get(role) or {}
        for key in ("code", "sector", "name", "text"):
            row[f"{role}_{key}"] = actor.get(key)
    loc = record.get("location") or {}
    for key in ("name", "country", "admin1", "lat", "lon", "precision"):
        row[f"location_{key}"] = loc.get(key)
    row["claimed_by_code"] = (record.get("claimed_by") or {}).get("code")
    ev = record.get("evidence") or {}
    row["sentence"], row["trigger"] = ev.get("sentence"), ev.get("trigger")
    row["sentence_start"], row["sentence_end"] = ev.get("start"), ev.get("end")
    return {k: row.get(k) for k in CSV_COLUMNS}


class RecordWriter:
    """Writes SPEC records as JSONL or CSV to a text stream."""

    def __init__(self, stream: io.TextIOBase, *, fmt: str = "jsonl") -> None:
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown format {fmt!r}: use jsonl or csv")
        self.stream, self.fmt = stream, fmt
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self._csv.writeheader()

    def write(self, record: dict) -> None:
        if self._csv is not None:
            self._csv.writerow(flatten(record))
        else:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
