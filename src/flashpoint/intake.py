"""Reading, coding and storing a batch of inputs: the library side of
``flashpoint ingest`` and ``flashpoint demo``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from flashpoint import fuse
from flashpoint.extract import CodedArticle, code_articles
from flashpoint.ingest import read_inputs
from flashpoint.models import Article, Rejection

log = logging.getLogger(__name__)

#: coded articles stored per write transaction (``store_batch``): fusion
#: keeps what it read of the neighbouring incidents for the whole transaction
#: (``fuse.store.FusionCache``), so a larger batch reads and decodes them
#: fewer times: at 8,000 stored articles, 128 an article cost about a fifth
#: less than 32. A kill loses at most one batch, stored again by the next run.
BATCH_ARTICLES = 128
#: seconds a batch waits for its next coded article before it is stored as it
#: is: coding one process's 5 articles a second, about 50 articles a batch
BATCH_SECONDS = 10.0


@dataclass
class IngestSummary:
    run_id: int | None = None
    processed: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    statements: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def split_inputs(inputs: Iterable[str]) -> tuple[list[Article], list[Rejection]]:
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item in read_inputs(inputs):
        (rejected if isinstance(item, Rejection) else articles).append(item)
    return articles, rejected


def ingest(
    inputs: Sequence[str],
    store,
    *,
    nlp: Language | None = None,
    on_reject: Callable[[Rejection], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_article: Callable[[Article, str], None] | None = None,
    coder: Callable[[list[Article]], Iterator[CodedArticle]] | None = None,
) -> IngestSummary:
    """Read ``inputs``, code every article and save it to ``store``.

    The coded articles are saved and fused in batches, one transaction per
    batch and a savepoint per article (``store_batch``), so a failure or a
    kill never leaves half an article, or an article outside the incidents,
    behind, and one article the store refuses is rejected alone. Before anything else the run
    repairs what an older crash may have left: runs left open are closed as
    "interrupted" (``Store.start_run``) and articles whose fusion is missing or
    stale are fused (``fuse.fuse_pending``). Articles whose text is unchanged
    since an earlier ingest are not coded again. ``coder`` codes the fresh
    articles (default: ``code_articles`` in this process; ``--ray`` passes
    ``flashpoint.scale.make_coder``); storing stays here, in this process.
    An exception that stops the run closes it as "interrupted" and is raised.
    """
    summary = IngestSummary(run_id=store.start_run([str(i) for i in inputs]))
    try:
        fuse.fuse_pending(store)
        _ingest_run(inputs, store, summary, nlp=nlp, on_reject=on_reject, on_start=on_start,
                    on_article=on_article, coder=coder)  # fmt: skip
    except BaseException:
        close_interrupted(store, summary)
        raise
    store.finish_run(
        summary.run_id,
        processed=summary.processed,
        rejected=len(summary.rejected),
        events=summary.events,
        statements=summary.statements,
    )
    return summary


def _ingest_run(inputs, store, summary: IngestSummary, *, nlp, on_reject, on_start,
                on_article, coder) -> None:  # fmt: skip
    articles, rejected = split_inputs(inputs)
    for rejection in rejected:
        summary.rejected.append(rejection)
        store.add_rejection(summary.run_id, rejection.name, rejection.reason)
        if on_reject:
            on_reject(rejection)
    fresh = []
    stored = store.content_hashes(a.doc_id for a in articles)
    for article in articles:
        if stored.get(article.doc_id) == article.content_hash:
            summary.processed += 1
            summary.unchanged += 1
            if on_article:
                on_article(article, "unchanged")
        else:
            fresh.append(article)
    if on_start:
        on_start(len(articles))
    coded_articles = coder(fresh) if coder else code_articles(fresh, nlp=nlp)
    for batch in batches(coded_articles):
        for rejection in store_batch(batch, store, summary, on_article=on_article):
            if rejection is None:
                summary.processed += 1
                continue
            summary.rejected.append(rejection)
            store.add_rejection(summary.run_id, rejection.name, rejection.reason)
            if on_reject:
                on_reject(rejection)


def batches(coded_articles: Iterable[CodedArticle], *, size: int | None = None,
            seconds: float | None = None) -> Iterator[list[CodedArticle]]:  # fmt: skip
    """The coded articles in batches of ``size`` (default ``BATCH_ARTICLES``);
    a batch that is ``seconds`` old (``BATCH_SECONDS``) when an article comes
    goes with that article, so that slow coding still stores as it goes."""
    size = size or BATCH_ARTICLES
    seconds = BATCH_SECONDS if seconds is None else seconds
    batch: list[CodedArticle] = []
    started = 0.0
    for coded in coded_articles:
        if not batch:
            started = time.monotonic()
        batch.append(coded)
        if len(batch) >= size or time.monotonic() - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def store_batch(batch: list[CodedArticle], store, summary, *,
                on_article=None) -> list[Rejection | None]:  # fmt: skip
    """``store_or_reject`` for each article of ``batch``, all in one write
    transaction (one commit per batch, not per article), the locks and
    reads of the whole batch taken at once (``Store.claim``). Rule
    ``savepoints_after_failure``: the batch is first stored as it is; should
    any article fail, that transaction is rolled back whole and the batch
    stored again with each article in a savepoint of its own, so an article
    the store refuses is rolled back alone and rejected. A savepoint costs
    two statements an article, and articles are seldom refused. A kill
    rolls the whole batch back, so no article is ever half stored or stored
    without its fusion. Returns, in order, None for each article stored and
    the Rejection of each other. Should the batch's transaction itself fail,
    its articles are stored one by one."""
    outcomes = _store_whole(batch, store)
    if outcomes is None:
        try:
            with store.write() as conn:
                store.claim(conn, _coded_docs(batch))
                outcomes = [_save_in(coded, store, conn) for coded in batch]
        except Exception:  # the transaction as a whole: one transaction per article
            log.debug("storing a batch failed; storing its articles one by one", exc_info=True)
            return [store_or_reject(c, store, summary, on_article=on_article) for c in batch]
    results: list[Rejection | None] = []
    for coded, outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, Rejection):
            results.append(outcome)
        else:
            _count(coded, outcome, summary, on_article=on_article)
            results.append(None)
    return results


def _coded_docs(batch: list[CodedArticle]) -> list[str]:
    """The doc_ids of the batch's articles that were coded (those it stores)."""
    return [c.article.doc_id for c in batch if not c.error]


def _store_whole(batch: list[CodedArticle], store) -> list[str | Rejection] | None:
    """The batch saved and fused in one transaction without savepoints, its
    new rows inserted together (``Store.deferred_inserts``): each article's
    status, or the Rejection of one that could not be coded; None (and
    nothing stored) when an article failed (``store_batch``)."""
    try:
        with store.write() as conn:
            store.claim(conn, _coded_docs(batch))
            with store.deferred_inserts(conn):
                return [Rejection(article_name(coded.article), coded.error) if coded.error
                        else _save(coded, store, conn) for coded in batch]  # fmt: skip
    except Exception:
        log.debug("storing a batch whole failed; storing it again with savepoints", exc_info=True)
        return None


def _save(coded: CodedArticle, store, conn) -> str:
    """Save and fuse one coded article in ``conn``'s transaction: its status."""
    doc_id = coded.article.doc_id
    return store.save_article(coded.article, coded.events, coded.statements,
                              then=lambda c: fuse.fuse_in(c, doc_id), conn=conn)  # fmt: skip


def _save_in(coded: CodedArticle, store, conn) -> str | Rejection:
    """Save and fuse one coded article in a savepoint of ``conn``'s
    transaction: its status, or the Rejection that names it."""
    if coded.error:
        return Rejection(article_name(coded.article), coded.error)
    try:
        with conn.begin_nested():
            return _save(coded, store, conn)
    except Exception as exc:  # rolled back to the savepoint; the batch goes on
        log.debug("storing %s failed", coded.article.doc_id, exc_info=True)
        return Rejection(article_name(coded.article),
                         f"could not be stored ({type(exc).__name__}: {exc})")  # fmt: skip


def article_name(article: Article) -> str:
    """How a rejected article is named: its URL, else where it was read
    (``file.jsonl:LINE``), else its doc_id."""
    return article.url or article.source_path or article.doc_id


def store_or_reject(coded, store, summary, *, on_article=None) -> Rejection | None:
    """``store_coded`` for one coded article, or the Rejection that names it
    when it could not be coded (``coded.error``) or stored: one article never
    stops the run."""
    if coded.error:
        return Rejection(article_name(coded.article), coded.error)
    try:
        store_coded(coded, store, summary, on_article=on_article)
    except Exception as exc:  # this article's transaction is rolled back; go on
        log.debug("storing %s failed", coded.article.doc_id, exc_info=True)
        return Rejection(article_name(coded.article),
                         f"could not be stored ({type(exc).__name__}: {exc})")  # fmt: skip
    return None


def _distinct(records) -> int:
    """How many distinct record ids (the store keeps one record per id)."""
    return len({r.id if hasattr(r, "id") else r["id"] for r in records})


def close_interrupted(store, summary) -> None:
    """Close ``summary``'s run as "interrupted" with what it counted so far;
    a store too broken to record it is left for ``Store.close_stale_runs``."""
    if summary.run_id is None:
        return
    try:
        store.finish_run(summary.run_id, processed=getattr(summary, "processed", None),
                         events=summary.events, statements=summary.statements,
                         status="interrupted")  # fmt: skip
    except Exception:  # the original error matters more
        log.warning("could not close ingest run %s", summary.run_id, exc_info=True)


def store_coded(
    coded,
    store,
    summary,
    *,
    on_article: Callable[[Article, str], None] | None = None,
) -> str:
    """Save one coded article to ``store`` and fuse it, in one transaction
    (an update replaces its old reports in the incidents there too), and
    count it in ``summary`` (its ``new``/``updated``/``unchanged``, ``events``
    and ``statements``); returns the save status. Shared by ``ingest`` and the
    watcher."""
    doc_id = coded.article.doc_id
    status = store.save_article(coded.article, coded.events, coded.statements,
                                then=lambda conn: fuse.fuse_in(conn, doc_id))  # fmt: skip
    _count(coded, status, summary, on_article=on_article)
    return status


def _count(coded, status: str, summary, *, on_article=None) -> None:
    """Count a stored article in ``summary`` and tell ``on_article``."""
    setattr(summary, status, getattr(summary, status) + 1)
    if status != "unchanged":  # what is stored: a record id once
        summary.events += _distinct(coded.events)
        summary.statements += _distinct(coded.statements)
    if on_article:
        on_article(coded.article, status)
