"""How ``code_articles`` groups articles into batches (one ``nlp.pipe`` batch
and one time budget each): up to ``BATCH_ARTICLES`` articles, cut short
once the batch's texts reach ``BATCH_CHARS`` characters. No model needed."""

from __future__ import annotations

import itertools

from flashpoint.extract import BATCH_ARTICLES, BATCH_CHARS, _batches
from flashpoint.models import Article


def _article(i: int, chars: int) -> Article:
    return Article(doc_id=f"a{i}", text="x" * chars)


def test_short_articles_go_in_full_batches():
    articles = [_article(i, 100) for i in range(2 * BATCH_ARTICLES + 5)]
    sizes = [len(b) for b in _batches(articles, BATCH_ARTICLES)]
    assert sizes == [BATCH_ARTICLES, BATCH_ARTICLES, 5]


def test_long_articles_cut_a_batch_short():
    long = BATCH_CHARS // 3 + 1  # the third one reaches the limit
    articles = [_article(i, long) for i in range(7)]
    batches = list(_batches(articles, BATCH_ARTICLES))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [a.doc_id for b in batches for a in b] == [a.doc_id for a in articles]


def test_batches_are_taken_as_they_are_needed():
    """An endless input is read a batch at a time, never to its end."""
    endless = (_article(i, 10) for i in itertools.count())
    first = next(_batches(endless, 4))
    assert [a.doc_id for a in first] == ["a0", "a1", "a2", "a3"]
    assert next(endless).doc_id == "a4"

