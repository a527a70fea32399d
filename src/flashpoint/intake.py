"""Reading, coding and storing a batch of inputs: the library side of
``flashpoint ingest`` and ``flashpoint demo``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from flashpoint import fuse
from flashpoint.extract import CodedArticle, code_articles
from flashpoint.ingest import read_inputs
from flashpoint.models import Article, Rejection


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

    Each article is saved in its own transaction (``Store.save_article``), so a
    failure never leaves half an article behind. Articles whose text is
    unchanged since an earlier ingest are not coded again. ``coder`` codes the
    fresh articles (default: ``code_articles`` in this process; ``--ray``
    passes ``flashpoint.scale.make_coder``); storing stays here, in this
    process.
    """
    summary = IngestSummary(run_id=store.start_run([str(i) for i in inputs]))
    articles, rejected = split_inputs(inputs)
    for rejection in rejected:
        summary.rejected.append(rejection)
        store.add_rejection(summary.run_id, rejection.name, rejection.reason)
        if on_reject:
            on_reject(rejection)
    fresh = []
    for article in articles:
        if store.content_hash(article.doc_id) == article.content_hash:
            summary.processed += 1
            summary.unchanged += 1
            if on_article:
                on_article(article, "unchanged")
        else:
            fresh.append(article)
    if on_start:
        on_start(len(articles))
    coded_articles = coder(fresh) if coder else code_articles(fresh, nlp=nlp)
    for coded in coded_articles:
        summary.processed += 1
        store_coded(coded, store, summary, on_article=on_article)
    store.finish_run(
        summary.run_id,
        processed=summary.processed,
        rejected=len(summary.rejected),
        events=summary.events,
        statements=summary.statements,
    )
    return summary


def store_coded(
    coded,
    store,
    summary,
    *,
    on_article: Callable[[Article, str], None] | None = None,
) -> str:
    """Save one coded article to ``store`` (its own transaction), fuse it, and
    count it in ``summary`` (its ``new``/``updated``/``unchanged``, ``events``
    and ``statements``); returns the save status. Shared by ``ingest`` and the
    watcher."""
    status = store.save_article(coded.article, coded.events, coded.statements)
    fuse.update_for_article(store, coded.article.doc_id)
    setattr(summary, status, getattr(summary, status) + 1)
    if status != "unchanged":
        summary.events += len(coded.events)
        summary.statements += len(coded.statements)
    if on_article:
        on_article(coded.article, status)
    return status
